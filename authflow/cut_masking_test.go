package authflow

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestRecordedBodyCapMasksASecretAcrossTheCut: an exchange keeps the
// first RecordLimit bytes of each body. A token the cut goes through — in
// the request body the user sent and in the response that echoes it — is
// masked in `keyway flow`'s text, its start included.
func TestRecordedBodyCapMasksASecretAcrossTheCut(t *testing.T) {
	const token = "canary-capped-token-5150"
	body := strings.Repeat("x", RecordLimit-10) + token + strings.Repeat("y", 100)
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(body))
	})
	p := &Profile{Name: "p", Type: TypeBearer, Token: token}
	_, flow, err := send(t, NewClient(), p, Request{Method: http.MethodPost, URL: srv.URL, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := flow.WriteText(&out, NewRedactor(p.Secrets()...)); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, token[:6]) || strings.Count(got, "xxxxxxxxxx"+Mask+CutMark) != 2 {
		t.Errorf("the capped bodies show the start of the token: %q", got[max(0, strings.LastIndex(got, "xxxxx")-20):])
	}
}

// TestTokenErrorExcerptMasksBeforeCutting: a token endpoint's error page
// echoing the password (HTML-escaped) where the 200-character excerpt
// ends shows no part of it in the error.
func TestTokenErrorExcerptMasksBeforeCutting(t *testing.T) {
	const password = "canary-excerpt-pass&word"
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("<html><body><p>" + strings.Repeat("x", 195) + " canary-excerpt-pass&amp;word failed</p></body></html>"))
	})
	p := &Profile{Type: TypeOAuth2Password, TokenURL: srv.URL, Username: "u", Password: password}
	_, _, err := send(t, NewClient(), p, Request{URL: srv.URL + "/api"})
	if err == nil || !strings.Contains(err.Error(), "xxxxx") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "x "+password[:1]) {
		t.Errorf("the excerpt shows the start of the password: %v", err)
	}
}
