package run

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestCapturedTokenIsASecret: a token captured by a login request and sent
// by later ones in a header and the query never appears in a result —
// neither in what OnResult sees as each request finishes (the live lines
// on stdout) nor in the JSON report — including in a later request that
// does not use it but whose server echoes it.
func TestCapturedTokenIsASecret(t *testing.T) {
	const token = "canary-captured-token-9"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/login":
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"access_token":"` + token + `"}`))
		case "/leak":
			w.Header().Set("X-Echo", "server log: "+token)
		default:
			w.Header().Set("X-Echo", r.Header.Get("Authorization")+" "+r.URL.RawQuery)
		}
	})
	c := parse(t, `
name = "Captured"
version = 1

[[request]]
name = "Log in"
method = "POST"
url = "{{base_url}}/login"
[request.capture]
tok = ".access_token"

[[request]]
name = "Use it"
url = "{{base_url}}/me?access_token={{tok}}&page=1"
headers = { Authorization = "Bearer {{tok}}" }
[request.expect]
headers = { X-Echo = "nope" }

[[request]]
name = "Unrelated"
url = "{{base_url}}/leak"
[request.expect]
headers = { X-Echo = "nope" }
`)
	opts := options(srv.URL)
	var live []string
	opts.OnResult = func(_ int, out Outcome) {
		res := out.Result
		line := res.Name + " " + res.URL + " " + res.Error
		for _, a := range res.Assertions {
			line += " " + a.Actual
		}
		live = append(live, line)
	}
	rep := mustRun(t, context.Background(), c, opts)
	if len(live) != 3 {
		t.Fatalf("OnResult saw %d results", len(live))
	}
	for _, line := range live {
		if strings.Contains(line, token) {
			t.Errorf("OnResult saw the captured token: %s", line)
		}
	}
	if !strings.Contains(live[1], "Bearer ") || !strings.Contains(live[1], "page=1") {
		t.Errorf("the assertion lost what is not secret: %s", live[1])
	}
	jsonOut, junitOut, textOut := encodeAll(t, rep)
	for name, out := range map[string]string{"json": jsonOut, "junit": junitOut, "text": textOut} {
		if strings.Contains(out, token) {
			t.Errorf("%s report holds the captured token:\n%s", name, out)
		}
	}
}

// TestShortCapturesStayReadable: an id captured and used in the path is
// not a secret, and stays in the report's URL.
func TestShortCapturesStayReadable(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"note-123456789"}`))
	})
	c := parse(t, `
name = "Ids"
version = 1

[[request]]
name = "Create"
method = "POST"
url = "{{base_url}}/notes"
[request.capture]
note_id = ".id"

[[request]]
name = "Read"
url = "{{base_url}}/notes/{{note_id}}"
`)
	rep := mustRun(t, context.Background(), c, options(srv.URL))
	if got := rep.Results[1].URL; !strings.HasSuffix(got, "/notes/note-123456789") {
		t.Errorf("URL = %q, want the id readable", got)
	}
}

// TestFlowTokenInAPathIsMasked: an OAuth2 token the run obtained, echoed
// by an API, captured and put in a later request's path (where a captured
// value is not otherwise taken for a secret) is masked in every result,
// traced or not.
func TestFlowTokenInAPathIsMasked(t *testing.T) {
	const token = "canary-flow-token-XYZ123"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/oauth/token":
			w.Write([]byte(`{"access_token":"` + token + `","token_type":"Bearer","expires_in":3600}`))
		case "/bearer": // echoes the token, as httpbin's /bearer does
			w.Write([]byte(`{"token":"` + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + `"}`))
		default:
			w.Write([]byte(`{}`))
		}
	})
	c := parse(t, `
name = "T"
default_profile = "o"
[profile.o]
type = "oauth2-password"
token_url = "{{base_url}}/oauth/token"
client_id = "c"
client_auth = "body"
username = "alice"
password = "not-the-canary"

[[request]]
name = "Who"
url = "{{base_url}}/bearer"
[request.capture]
tok = ".token"

[[request]]
name = "Revoke"
url = "{{base_url}}/tokens/{{tok}}"
`)
	for _, untraced := range []bool{false, true} {
		opts := options(srv.URL)
		opts.Untraced = untraced
		var live []string
		opts.OnResult = func(_ int, o Outcome) { live = append(live, o.Result.URL) }
		rep := mustRun(t, context.Background(), c, opts)
		jsonOut, junitOut, textOut := encodeAll(t, rep)
		for what, out := range map[string]string{"JSON": jsonOut, "JUnit": junitOut, "text": textOut, "live": strings.Join(live, " ")} {
			if strings.Contains(out, token) {
				t.Errorf("untraced %v: the %s output holds the token:\n%s", untraced, what, out)
			}
		}
		if !strings.HasSuffix(rep.Results[1].URL, "/tokens/••••••") {
			t.Errorf("untraced %v: URL = %q", untraced, rep.Results[1].URL)
		}
	}
}
