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
