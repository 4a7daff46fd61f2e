package authflow

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
)

func endpointServer(t *testing.T, status int, body string) *recordingServer {
	return newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.well-known/openid-configuration" {
			w.Header().Set("Content-Type", "application/json")
			base := "http://" + r.Host
			io.WriteString(w, `{"issuer":"`+base+`","token_endpoint":"`+base+`/token","revocation_endpoint":"`+base+`/revoke","introspection_endpoint":"`+base+`/introspect"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
}

func TestRevoke(t *testing.T) {
	s := endpointServer(t, 200, "")
	p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: s.URL + "/token", RevocationURL: s.URL + "/revoke", ClientID: "svc", ClientSecret: "s:1"}
	flow, err := NewClient().Revoke(context.Background(), p, "rt-secret", HintRefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	got := s.got()
	if len(got) != 1 || got[0].URL != "/revoke" || got[0].Method != "POST" {
		t.Fatalf("requests %+v", got)
	}
	if got[0].Body != "token=rt-secret&token_type_hint=refresh_token" {
		t.Errorf("body = %q", got[0].Body)
	}
	if auth := got[0].Header.Get("Authorization"); auth != "Basic "+base64.StdEncoding.EncodeToString([]byte("svc:s%3A1")) {
		t.Errorf("Authorization = %q", auth)
	}
	step := lastStep(flow)
	if step.Title != "Revoke the token" || step.Status != StepDone || step.RFC != "RFC 7009 §2.1" || step.Exchange == nil {
		t.Errorf("step %+v", step)
	}
	if strings.Contains(NewRedactor(flow.Secrets...).Redact(string(step.Exchange.Request.Body)), "rt-secret") {
		t.Error("the token is not masked")
	}
}

func TestRevokeDiscoveredBodyAuth(t *testing.T) {
	s := endpointServer(t, 200, "")
	p := &Profile{Name: "cli", Type: TypeOAuth2DeviceCode, Issuer: s.URL, ClientID: "cli", ClientAuth: ClientAuthNone}
	// The device grant has no discovered endpoints cached for this
	// fresh issuer: Revoke discovers them.
	flow, err := NewClient().Revoke(context.Background(), p, "at", "")
	if err != nil {
		t.Fatal(err)
	}
	got := s.got()
	if len(got) != 2 || got[1].URL != "/revoke" || got[1].Body != "client_id=cli&token=at" || got[1].Header.Get("Authorization") != "" {
		t.Fatalf("requests %+v", got)
	}
	if titles := strings.Join(stepTitles(flow), "|"); titles != "Discover the server's endpoints|Revoke the token" {
		t.Errorf("steps %s", titles)
	}
}

func TestRevokeFailures(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"unsupported token type", 400, `{"error":"unsupported_token_type"}`, "answered 400 Bad Request: unsupported_token_type"},
		{"invalid client", 401, `{"error":"invalid_client","error_description":"who?"}`, "invalid_client (who?)"},
		{"unavailable", 503, ``, "unavailable (503)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := endpointServer(t, tt.status, tt.body)
			p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: s.URL + "/token", RevocationURL: s.URL + "/revoke", ClientID: "svc", ClientSecret: "sec"}
			flow, err := NewClient().Revoke(context.Background(), p, "a-long-opaque-token", "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if lastStep(flow).Status != StepFailed {
				t.Error("step not failed")
			}
		})
	}
	p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: "http://127.0.0.1:1/token", ClientID: "svc", ClientSecret: "sec"}
	if _, err := NewClient().Revoke(context.Background(), p, "tok", ""); err == nil || !strings.Contains(err.Error(), "no revocation_url") {
		t.Errorf("no endpoint: err = %v", err)
	}
}

func TestIntrospect(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		active     bool
		want       string
	}{
		{"active", `{"active":true,"scope":"read","client_id":"svc","exp":1900000000}`, true, "scope"},
		{"inactive", `{"active":false}`, false, "false: the token is expired"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := endpointServer(t, 200, tt.body)
			p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: s.URL + "/token", IntrospectionURL: s.URL + "/introspect", ClientID: "svc", ClientSecret: "sec", ClientAuth: ClientAuthBody}
			in, flow, err := NewClient().Introspect(context.Background(), p, "tok", HintAccessToken)
			if err != nil {
				t.Fatal(err)
			}
			if in.Active != tt.active {
				t.Errorf("active = %v", in.Active)
			}
			if got := s.got()[0].Body; got != "client_id=svc&client_secret=sec&token=tok&token_type_hint=access_token" {
				t.Errorf("body = %q", got)
			}
			found := false
			for _, f := range lastStep(flow).Fields {
				found = found || strings.Contains(f.Label+": "+f.Value, tt.want)
			}
			if !found {
				t.Errorf("fields %+v", lastStep(flow).Fields)
			}
		})
	}
	for _, body := range []string{`{"scope":"x"}`, `not json`, `{"active":"yes"}`} {
		s := endpointServer(t, 200, body)
		p := &Profile{Name: "svc", Type: TypeOAuth2ClientCredentials, TokenURL: s.URL + "/token", IntrospectionURL: s.URL + "/introspect", ClientID: "svc", ClientSecret: "sec"}
		if _, _, err := NewClient().Introspect(context.Background(), p, "tok", ""); err == nil {
			t.Errorf("%s: accepted", body)
		}
	}
}
