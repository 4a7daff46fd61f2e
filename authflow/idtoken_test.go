package authflow

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// unsignedJWT builds a JWS compact serialization with the claims and a
// dummy signature: keyway decodes ID tokens, it does not verify them.
func unsignedJWT(claims map[string]any) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return enc(map[string]any{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims) + ".c2ln"
}

func TestCheckIDToken(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	good := map[string]any{"iss": "https://id.example", "aud": []any{"other", "cli"}, "exp": now.Add(time.Hour).Unix(), "sub": "alice", "nonce": "n-1"}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for a, b := range good {
			c[a] = b
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	want := IDTokenWant{Issuer: "https://id.example", ClientID: "cli", Nonce: "n-1"}
	tests := []struct {
		name    string
		token   string
		want    IDTokenWant
		wantErr string
	}{
		{"all good", unsignedJWT(good), want, ""},
		{"aud as a string", unsignedJWT(with("aud", "cli")), want, ""},
		{"no issuer configured: iss not checked", unsignedJWT(with("iss", "https://else")), IDTokenWant{ClientID: "cli"}, ""},
		{"wrong issuer", unsignedJWT(with("iss", "https://evil")), want, `iss "https://evil" is not the issuer`},
		{"another client", unsignedJWT(with("aud", "other")), want, `aud does not contain the client_id "cli"`},
		{"expired", unsignedJWT(with("exp", now.Add(-time.Minute).Unix())), want, "it expired at"},
		{"no exp", unsignedJWT(with("exp", nil)), want, "no exp claim"},
		{"wrong nonce", unsignedJWT(with("nonce", "n-2")), want, "nonce is not the one sent"},
		{"no nonce", unsignedJWT(with("nonce", nil)), want, "nonce is not the one sent"},
		{"not a JWT", "opaque", want, "not a JWT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, err := CheckIDToken(tt.token, tt.want, now)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				for _, f := range fields {
					if strings.HasPrefix(f.Value, "✗") {
						t.Errorf("field %s = %s", f.Label, f.Value)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestIDTokenInTheFlow: an id_token in a token response is kept, checked
// as a step, masked, and a mismatch fails the send before the API.
func TestIDTokenInTheFlow(t *testing.T) {
	for _, tt := range []struct {
		name, aud string
		fail      bool
	}{{"matching", "svc+1", false}, {"another client's", "intruder", true}} {
		t.Run(tt.name, func(t *testing.T) {
			var idToken string
			a := newTokenAPI(t, func(int) (int, string) {
				return 200, `{"access_token":"at","token_type":"Bearer","expires_in":3600,"id_token":"` + idToken + `"}`
			})
			c := NewClient()
			clock := newFakeClock()
			c.Tokens.Now = clock.Now
			idToken = unsignedJWT(map[string]any{"iss": a.URL, "aud": tt.aud, "exp": clock.Now().Add(time.Hour).Unix(), "sub": "svc"})
			p := clientCredentialsProfile(a)
			_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
			step := stepTitled(t, flow, "Check the ID token")
			if tt.fail {
				if err == nil || step.Status != StepFailed || len(a.got()) != 1 {
					t.Fatalf("err = %v, step %v, %d requests", err, step.Status, len(a.got()))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if flow.Token.IDToken != idToken {
				t.Error("the ID token is not kept")
			}
			var masked, claim bool
			for _, f := range step.Fields {
				masked = masked || (f.Label == "id_token" && f.Secret)
				claim = claim || (f.Label == "ID token claim sub" && f.Value == `"svc"`)
			}
			if !masked || !claim {
				t.Errorf("fields %+v", step.Fields)
			}
			if strings.Contains(NewRedactor(flow.Secrets...).Redact(string(stepTitled(t, flow, "Request a token").Exchange.Response.Body)), idToken) {
				t.Error("the ID token is not masked in the recorded response")
			}
		})
	}
}
