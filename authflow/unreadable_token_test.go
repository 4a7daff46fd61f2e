package authflow

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestUnreadableTokenResponseIsNotShown: what a token endpoint answers
// with a 2xx is secret until it reads as a token response. A body keyway
// cannot use is not quoted in the error, and is masked in the flow until
// the user reveals it; a body it can read (a form typed text/plain, as
// x/oauth2 reads it; JSON after a byte order mark) gives a token whose
// values are masked everywhere.
func TestUnreadableTokenResponseIsNotShown(t *testing.T) {
	const access, refresh = "canary-unread-access-1", "canary-unread-refresh-2"
	tests := []struct {
		name, ctype, body string
		usable            bool
	}{
		{"text/plain form", "text/plain", "access_token=" + access + "&refresh_token=" + refresh + "&token_type=bearer", true},
		{"JSON with a BOM", "application/json", "\ufeff" + `{"access_token":"` + access + `","refresh_token":"` + refresh + `","token_type":"Bearer"}`, true},
		{"text/plain not a form", "text/plain", "access: " + access + "\nrefresh: " + refresh, false},
		{"form with bad escapes", "text/plain", "access_token=" + access + "&refresh_token=" + refresh + "&x=%zz", false},
		{"HTML", "text/html", "<html><title>" + access + "</title><p>" + refresh + "</p></html>", false},
		{"JSON without access_token", "application/json", `{"token":"` + access + `","refresh":"` + refresh + `"}`, false},
		{"JSON array", "application/json", `["` + access + `","` + refresh + `"]`, false},
		{"JSON escaped", "application/json", `{"tok":"` + strings.Replace(access, "-", `\u002d`, 1) + `","r":"` + refresh + `"}`, false},
		{"larger than the record limit", "application/json", `{"access_token":"` + access + `","refresh_token":"` + refresh + `","pad":"` + strings.Repeat("x", RecordLimit) + `"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/token" {
					w.Header().Set("Content-Type", tt.ctype)
					io.WriteString(w, tt.body)
					return
				}
				io.WriteString(w, "seen "+r.Header.Get("Authorization"))
			})
			p := &Profile{Type: TypeOAuth2Password, TokenURL: srv.URL + "/token", Username: "u", Password: "pw-unread"}
			resp, flow, err := send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
			if tt.usable != (err == nil) {
				t.Fatalf("err = %v, want usable %v", err, tt.usable)
			}
			if tt.usable && string(resp.Body) != "seen Bearer "+access {
				t.Errorf("API saw %q", resp.Body)
			}
			var masked, revealed bytes.Buffer
			flow.WriteText(&masked, NewRedactor(p.Secrets()...))
			flow.WriteText(&revealed, nil)
			shown := masked.String()
			if err != nil {
				shown += "\n" + err.Error()
				if !strings.Contains(err.Error(), "not shown") {
					t.Errorf("the error does not say why the body is not shown: %v", err)
				}
			}
			for _, secret := range []string{access, refresh, "canary-unread", "canary"} {
				if strings.Contains(shown, secret) {
					t.Errorf("%q shows:\n%s", secret, shown)
				}
			}
			if !strings.Contains(revealed.String(), refresh) {
				t.Errorf("revealed, the flow does not show the body:\n%s", revealed.String())
			}
		})
	}
}
