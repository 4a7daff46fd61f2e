package run

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/keyway-cli/keyway/collections/report"
)

const goldenTOML = `
name = "Golden"
version = 1

[env.local]
base_url = "http://unset.invalid"

[[request]]
name = "Health"
folder = "ops"
url = "{{base_url}}/health"
tags = ["smoke"]
[request.expect]
status = 200
jq = [".status == \"ok\""]
max_duration = "1m"

[[request]]
name = "Create user"
folder = "users"
method = "POST"
url = "{{base_url}}/users?verbose=true"
json = { name = "alice" }
tags = ["users", "write"]
[request.expect]
status = 201
headers = { Location = "/users/" }
jq = [".name == \"alice\""]
[request.capture]
user_id = ".id"

[[request]]
name = "Get user"
folder = "users"
url = "{{base_url}}/users/{{user_id}}"

[[request]]
name = "Dead server"
url = "{{dead}}/ping"
`

// TestReportsGolden runs a collection with a passing request, failing
// assertions, a request that depends on a failed capture and a refused
// connection, and compares the JSON, JUnit and text reports with golden
// files after replacing what changes from run to run (times, ports).
func TestReportsGolden(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/health":
			io.WriteString(w, `{"status": "ok"}`)
		case "/users":
			w.WriteHeader(http.StatusConflict)
			io.WriteString(w, `{"error": "exists", "name": "bob"}`)
		default:
			http.NotFound(w, r)
		}
	})
	dead := refusedURL(t)
	c := parse(t, goldenTOML)
	opts := options(srv.URL)
	opts.Scope.Env = "local"
	opts.Scope.Vars["dead"] = dead
	rep := mustRun(t, context.Background(), c, opts)

	normalize(rep, map[string]string{
		strings.TrimPrefix(srv.URL, "http://"): "127.0.0.1:PORT",
		strings.TrimPrefix(dead, "http://"):    "127.0.0.1:DEAD",
	})
	jsonOut, junitOut, textOut := encodeAll(t, rep)
	for _, g := range []struct{ name, out string }{
		{"run.json", jsonOut}, {"run.junit.xml", junitOut}, {"run.txt", textOut},
	} {
		t.Run(g.name, func(t *testing.T) { golden.RequireEqual(t, g.out) })
	}
}

// normalize fixes the times of rep and replaces the addresses of this run.
func normalize(rep *report.Report, addresses map[string]string) {
	rep.Started = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	rep.SetDuration(1500 * time.Millisecond)
	replace := func(s string) string {
		for from, to := range addresses {
			s = strings.ReplaceAll(s, from, to)
		}
		return s
	}
	for i := range rep.Results {
		res := &rep.Results[i]
		res.SetDuration(time.Duration(i+1) * 10 * time.Millisecond)
		res.SetStartedOffset(time.Duration(i) * 100 * time.Millisecond)
		res.URL = replace(res.URL)
		res.Error = replace(res.Error)
		for j := range res.Assertions {
			if strings.HasPrefix(res.Assertions[j].Expect, "duration") {
				res.Assertions[j].Actual = "1ms"
			}
		}
	}
}
