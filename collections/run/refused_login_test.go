package run

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
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

// TestTokenErrorHintReachesRunOutputAndReports: the advice `keyway flow`
// shows under a refused token request (the failed step's hint) is in the
// run's text output, the JSON report's error and the JUnit failure, word
// for word. Before, only the server's words were there.
func TestTokenErrorHintReachesRunOutputAndReports(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
	})
	c := parse(t, refusedLoginTOML(1))

	// The hint as the flow shows it.
	scope := options(srv.URL).Scope
	prepared, err := c.Prepare(c.Requests[0], &scope)
	if err != nil {
		t.Fatal(err)
	}
	_, flow, _ := authflow.NewClient().Send(context.Background(), prepared.Profile, prepared.Request, authflow.SendOptions{})
	var hint string
	for _, s := range flow.Steps {
		if s.Status == authflow.StepFailed {
			hint = s.Hint
		}
	}
	if !strings.Contains(hint, `client_auth = "body"`) {
		t.Fatalf("flow hint = %q", hint)
	}

	for _, untraced := range []bool{false, true} {
		opts := options(srv.URL)
		opts.Untraced = untraced
		rep := mustRun(t, context.Background(), c, opts)
		jsonOut, junitOut, textOut := encodeAll(t, rep)
		jsonHint, _ := json.Marshal(hint)
		for name, out := range map[string]string{
			"text":  textOut,
			"JSON":  jsonOut,
			"JUnit": junitOut,
		} {
			want := hint
			switch name {
			case "JSON":
				want = string(jsonHint[1 : len(jsonHint)-1])
			case "JUnit":
				want = strings.ReplaceAll(hint, `"`, "&#34;")
			}
			if !strings.Contains(out, want) {
				t.Errorf("untraced %v: the %s output lacks the flow's hint %q:\n%s", untraced, name, want, out)
			}
		}
	}
}

// TestRefusalWithoutAnOAuthErrorBodyIsSentOnce: a server that answers a
// wrong password with its own JSON, an HTML page or a bare 403 — no RFC
// 6749 §5.2 error code — has refused the login all the same; ten requests
// send the password once, one by one and eight at a time (hostile review
// of issue 9, F5: 10 and 2 before).
func TestRefusalWithoutAnOAuthErrorBodyIsSentOnce(t *testing.T) {
	answers := []struct {
		name, contentType, body string
		status                  int
	}{
		{"own JSON", "application/json", `{"message":"Invalid credentials"}`, http.StatusBadRequest},
		{"HTML page", "text/html", "<h1>Bad credentials</h1>", http.StatusBadRequest},
		{"bare 403", "text/plain", "forbidden", http.StatusForbidden},
	}
	for _, a := range answers {
		for _, concurrency := range []int{1, 8} {
			t.Run(fmt.Sprintf("%s/concurrency %d", a.name, concurrency), func(t *testing.T) {
				var posts atomic.Int32
				srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
					if r.URL.Path == "/token" {
						posts.Add(1)
						io.Copy(io.Discard, r.Body)
						w.Header().Set("Content-Type", a.contentType)
						w.WriteHeader(a.status)
						io.WriteString(w, a.body)
					}
				})
				opts := options(srv.URL)
				opts.Concurrency = concurrency
				rep := mustRun(t, context.Background(), parse(t, refusedLoginTOML(10)), opts)
				if n := posts.Load(); n != 1 {
					t.Errorf("%d token requests reached the server; want 1", n)
				}
				if rep.Summary.Failed != 10 {
					t.Errorf("%d of 10 requests failed", rep.Summary.Failed)
				}
			})
		}
	}
}
