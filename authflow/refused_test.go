package authflow

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// A 401 or 403 to the request sent with the credentials fails the walk's
// last step, with the server's challenge decoded; a request sent without
// credentials only gets a note.
func TestRefusedCredentialsFailTheStep(t *testing.T) {
	const token = "wrong-token-7f3a"
	tests := []struct {
		name      string
		profile   *Profile
		status    int
		challenge string
		failed    bool
		want      []string
	}{
		{"bearer invalid_token", &Profile{Type: TypeBearer, Token: token}, 401,
			`Bearer realm="api", error="invalid_token", error_description="The access token expired"`, true,
			[]string{"401 Unauthorized", "refused the bearer token", `Bearer in realm "api"`, `error="invalid_token"`, "RFC 6750 §3.1", `"The access token expired"`}},
		{"bearer no error code", &Profile{Type: TypeBearer, Token: token}, 401, `Bearer realm="api"`, true,
			[]string{"saw no token"}},
		{"bearer insufficient_scope", &Profile{Type: TypeBearer, Token: token}, 403,
			`Bearer error="insufficient_scope", scope="notes:write"`, true,
			[]string{"403 Forbidden", "does not allow this request", `error="insufficient_scope"`, `scope "notes:write"`}},
		{"basic", &Profile{Type: TypeBasic, Username: "alice", Password: token}, 401, `Basic realm="api", charset="UTF-8"`, true,
			[]string{"refused the user-id and password", `Basic in realm "api"`}},
		{"api key, no challenge", &Profile{Type: TypeAPIKey, KeyValue: token, In: InHeader, KeyName: "X-Key"}, 401, "", true,
			[]string{"refused the API key"}},
		{"no credentials", &Profile{Type: TypeNone}, 401, `Basic realm="api"`, false, nil},
		{"bearer accepted", &Profile{Type: TypeBearer, Token: token}, 200, "", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.challenge != "" {
					w.Header().Set("WWW-Authenticate", tt.challenge)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, "echo "+token)
			})
			resp, flow, err := send(t, NewClient(), tt.profile, Request{URL: srv.URL})
			if err != nil || resp.StatusCode != tt.status {
				t.Fatalf("resp %v, err %v: a refusal is a response, not an error of Send", resp, err)
			}
			s := lastStep(flow)
			if (s.Status == StepFailed) != tt.failed {
				t.Fatalf("last step %v, want failed=%v (err %v)", s.Status, tt.failed, s.Err)
			}
			if !tt.failed {
				return
			}
			if s.Err == nil || s.Hint == "" {
				t.Fatalf("failed step without why (%v) or hint (%q)", s.Err, s.Hint)
			}
			for _, w := range tt.want {
				if !strings.Contains(s.Err.Error(), w) {
					t.Errorf("err %q lacks %q", s.Err, w)
				}
			}
			if strings.Contains(s.Err.Error(), token) || strings.Contains(s.Hint, token) {
				t.Errorf("the refused secret is in the step's error: %q", s.Err)
			}
		})
	}
}

// A 401 invalid_token answering an OAuth2 token is sent again with a new
// token: the first answer does not fail the walk when the second succeeds.
func TestRetriedTokenRefusalIsNotAFailedStep(t *testing.T) {
	calls := 0
	api := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "ok")
	})
	tokens := newRecordingServer(t, jsonHandler(200, `{"access_token":"t-1","token_type":"Bearer","expires_in":3600}`))
	p := &Profile{Name: "p", Type: TypeOAuth2Password, TokenURL: tokens.URL, ClientID: "c", Username: "u", Password: "pw"}
	resp, flow, err := send(t, NewClient(), p, Request{URL: api.URL})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("resp %v, err %v", resp, err)
	}
	for _, s := range flow.Steps {
		if s.Status == StepFailed {
			t.Errorf("step %q failed (%v) although the retry succeeded", s.Title, s.Err)
		}
	}
}
