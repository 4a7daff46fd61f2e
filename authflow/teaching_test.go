package authflow

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// fieldOf returns the step's field with the label, failing when none.
func fieldOf(t *testing.T, s Step, label string) Field {
	t.Helper()
	for _, f := range s.Fields {
		if f.Label == label {
			return f
		}
	}
	t.Fatalf("step %q has no field %q: %+v", s.Title, label, s.Fields)
	return Field{}
}

// TestBasicShowsTheJoinedCredentials: before the base64 the walk shows
// "user-id:password", the password masked unless revealed (RFC 7617 §2).
func TestBasicShowsTheJoinedCredentials(t *testing.T) {
	api := newRecordingServer(t, jsonHandler(200, `{}`))
	p := &Profile{Name: "b", Type: TypeBasic, Username: "alice", Password: "wonderland"}
	_, flow, err := send(t, NewClient(), p, Request{URL: api.URL})
	if err != nil {
		t.Fatal(err)
	}
	joined := fieldOf(t, flow.Steps[0], "user-id:password")
	if joined.Value != "alice:wonderland" || !joined.Secret || joined.Masked != "alice:"+Mask {
		t.Errorf("joined field = %+v", joined)
	}
	var masked, revealed strings.Builder
	flow.WriteText(&masked, NewRedactor(p.Secrets()...))
	flow.WriteText(&revealed, nil)
	if !strings.Contains(masked.String(), "user-id:password: alice:"+Mask+"\n") || strings.Contains(masked.String(), "wonderland") {
		t.Errorf("masked walk:\n%s", masked.String())
	}
	if !strings.Contains(revealed.String(), "user-id:password: alice:wonderland\n") {
		t.Errorf("revealed walk:\n%s", revealed.String())
	}
}

// TestOAuth2ShowsTheFormEncodedClientCredentials: with client_auth =
// "basic" the walk shows the id and secret as they are base64-encoded,
// each form-urlencoded first (RFC 6749 §2.3.1): "demo+secret 42" as
// demo%2Bsecret+42, as examples/demo.toml promises; masked, the secret's
// part is the mask.
func TestOAuth2ShowsTheFormEncodedClientCredentials(t *testing.T) {
	a := newRecordingServer(t, jsonHandler(200, `{"access_token":"at-1","token_type":"Bearer","expires_in":60}`))
	p := &Profile{Name: "o", Type: TypeOAuth2Password, TokenURL: a.URL + "/token", Username: "alice", Password: "pw-123",
		ClientID: "keyway-demo", ClientSecret: "demo+secret 42", ClientAuth: ClientAuthBasic}
	_, flow, err := send(t, NewClient(), p, Request{URL: a.URL + "/api"})
	if err != nil {
		t.Fatal(err)
	}
	f := fieldOf(t, stepTitled(t, flow, "Request a token"), "id:secret form-urlencoded, before base64")
	if f.Value != "keyway-demo:demo%2Bsecret+42" || !f.Secret || f.Masked != "keyway-demo:"+Mask {
		t.Errorf("field = %+v", f)
	}
	if got := a.got()[0].Header.Get("Authorization"); got != "Basic "+basicValue("keyway-demo", "demo%2Bsecret+42") {
		t.Errorf("Authorization = %q: the field does not show what was encoded", got)
	}
	var masked strings.Builder
	flow.WriteText(&masked, NewRedactor(p.Secrets()...))
	if strings.Contains(masked.String(), "demo%2Bsecret") || !strings.Contains(masked.String(), "keyway-demo:"+Mask) {
		t.Errorf("masked walk shows the secret or not the id:\n%s", masked.String())
	}
}

// TestSendStepSaysWhatIsSpecificToTheMethod: the request's step explains
// what the server does with each method's credentials, not one paragraph
// for all.
func TestSendStepSaysWhatIsSpecificToTheMethod(t *testing.T) {
	api := newRecordingServer(t, jsonHandler(200, `{}`))
	tok := newRecordingServer(t, jsonHandler(200, `{"access_token":"at-1","token_type":"Bearer"}`))
	for _, tc := range []struct {
		p    *Profile
		want []string
	}{
		{&Profile{Type: TypeBasic, Username: "u", Password: "p-123"}, []string{"no session", `Basic realm=`, "RFC 7617"}},
		{&Profile{Type: TypeBearer, Token: "t-123"}, []string{`error="invalid_token"`, "insufficient_scope", "RFC 6750"}},
		{&Profile{Type: TypeAPIKey, KeyName: "X-Key", KeyValue: "k-123"}, []string{"No standard", "the key."}},
		{&Profile{Type: TypeAPIKey, In: InQuery, KeyName: "key", KeyValue: "k-123"}, []string{"logs", "the key parameter."}},
		{&Profile{Type: TypeOAuth2Password, TokenURL: tok.URL, Username: "u", Password: "p-123"}, []string{"never sees the password", "one retry", "RFC 6750"}},
	} {
		_, flow, err := send(t, NewClient(), tc.p, Request{URL: api.URL})
		if err != nil {
			t.Fatal(err)
		}
		s := lastStep(flow)
		text := s.Why + " " + s.RFC
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the send step does not say %q: %s", tc.p.Type, w, text)
			}
		}
	}
}

// TestChallengeStep: with Challenge, a walk first sends the request
// without credentials and shows the server's 401 and its challenge,
// decoded (RFC 7617 §2); the credentials then go as usual. The server
// sees the bare request first, byte for byte without Authorization.
func TestChallengeStep(t *testing.T) {
	api := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			w.Header().Set("WWW-Authenticate", `Basic realm="keyway demo", charset="UTF-8"`)
			w.WriteHeader(401)
			io.WriteString(w, "who are you?")
			return
		}
		io.WriteString(w, "hello")
	})
	p := &Profile{Type: TypeBasic, Username: "alice", Password: "wonderland"}
	_, flow, err := NewClient().Send(context.Background(), p, Request{URL: api.URL + "/hello"}, SendOptions{Challenge: true})
	if err != nil {
		t.Fatal(err)
	}
	got := api.got()
	if len(got) != 2 || got[0].Header.Get("Authorization") != "" || got[1].Header.Get("Authorization") == "" {
		t.Fatalf("requests = %+v, want one without credentials, then one with", got)
	}
	s := flow.Steps[0]
	if s.Title != "Ask without credentials" || s.Status != StepDone || s.Exchange == nil || s.Exchange.Response.StatusCode != 401 {
		t.Fatalf("first step = %+v", s)
	}
	if f := fieldOf(t, s, "the challenge asks for"); f.Value != `Basic in realm "keyway demo", charset UTF-8 (RFC 7617 §2.1)` {
		t.Errorf("challenge decoded as %q", f.Value)
	}
	if last := lastStep(flow); last.Status != StepDone || last.Title != "Send the request" {
		t.Errorf("last step = %+v", last)
	}
	// keyway run sends once, without the lesson.
	_, flow, _ = send(t, NewClient(), p, Request{URL: api.URL + "/hello"})
	if flow.Steps[0].Title == "Ask without credentials" || len(api.got()) != 3 {
		t.Error("a send without Challenge asked without credentials first")
	}
}

// TestChallengeStepSkipsUnsafeMethods: a POST is not sent twice for a
// lesson (RFC 9110 §9.2.1); the step says why.
func TestChallengeStepSkipsUnsafeMethods(t *testing.T) {
	api := newRecordingServer(t, jsonHandler(201, `{}`))
	p := &Profile{Type: TypeBasic, Username: "alice", Password: "wonderland"}
	_, flow, err := NewClient().Send(context.Background(), p, Request{Method: "POST", URL: api.URL, Body: []byte("x")}, SendOptions{Challenge: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(api.got()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if s := flow.Steps[0]; s.Status != StepSkipped || !strings.Contains(s.Why, "not a safe method") {
		t.Errorf("first step = %+v", s)
	}
}

// TestBearerSaysWhereTokensComeFrom: the token step says who issues a
// static bearer token.
func TestBearerSaysWhereTokensComeFrom(t *testing.T) {
	api := newRecordingServer(t, jsonHandler(200, `{}`))
	_, flow, err := send(t, NewClient(), &Profile{Type: TypeBearer, Token: "t-123"}, Request{URL: api.URL})
	if err != nil {
		t.Fatal(err)
	}
	if why := flow.Steps[0].Why; !strings.Contains(why, "issued elsewhere") || !strings.Contains(why, "RFC 6749 §5.1") {
		t.Errorf("the token step does not say where tokens come from: %s", why)
	}
}
