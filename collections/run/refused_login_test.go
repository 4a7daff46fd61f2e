package run

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// refusedLoginTOML is a collection of n requests that all use one
// oauth2-password profile.
func refusedLoginTOML(n int) string {
	var b strings.Builder
	b.WriteString(`
name = "Refused"
version = 1

[profile.alice]
type = "oauth2-password"
token_url = "{{base_url}}/token"
client_id = "demo-client"
client_secret = "client-secret-value"
username = "alice"
password = "wrong-password-value"
`)
	for i := range n {
		fmt.Fprintf(&b, "\n[[request]]\nname = \"R%02d\"\nurl = \"{{base_url}}/api/%d\"\nprofile = \"alice\"\n", i, i)
	}
	return b.String()
}

// refusingTokenServer answers every token request with a §5.2
// invalid_grant (RFC 6749 §5.2), as a server does for a wrong password,
// and counts the token requests and API requests that arrive.
func refusingTokenServer(t *testing.T) (url string, tokenPosts, apiCalls *atomic.Int32) {
	tokenPosts, apiCalls = new(atomic.Int32), new(atomic.Int32)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			tokenPosts.Add(1)
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"Invalid resource owner credentials"}`)
			return
		}
		apiCalls.Add(1)
	})
	return srv.URL, tokenPosts, apiCalls
}

// TestRefusedLoginIsSentOncePerRun: twenty requests use a profile whose
// password the token endpoint refuses. The password reaches the server
// once, whether the requests run one by one or eight at a time (before
// the fix: 20 and about 4 token requests); every request fails with the
// first refusal's message, and no request reaches the API.
func TestRefusedLoginIsSentOncePerRun(t *testing.T) {
	for _, concurrency := range []int{1, 8} {
		t.Run(fmt.Sprintf("concurrency %d", concurrency), func(t *testing.T) {
			url, tokenPosts, apiCalls := refusingTokenServer(t)
			c := parse(t, refusedLoginTOML(20))
			opts := options(url)
			opts.Concurrency = concurrency
			opts.Untraced = true
			rep := mustRun(t, context.Background(), c, opts)
			if got := tokenPosts.Load(); got != 1 {
				t.Errorf("%d token requests reached the server, want 1", got)
			}
			if got := apiCalls.Load(); got != 0 {
				t.Errorf("%d API requests were sent without a token", got)
			}
			if rep.Summary.Failed != 20 {
				t.Errorf("summary %+v, want 20 failed", rep.Summary)
			}
			for _, res := range rep.Results {
				if !strings.Contains(res.Error, "invalid_grant: Invalid resource owner credentials") {
					t.Errorf("%s: error %q does not carry the refusal", res.Name, res.Error)
				}
			}
		})
	}
}
