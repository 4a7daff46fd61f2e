package run

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/report"
)

const chainTOML = `
name = "Chain"
version = 1

[vars]
base_url = "http://unset.invalid"

[profile.session]
type = "bearer"
token = "{{token}}"

[[request]]
name = "Login"
method = "POST"
url = "{{base_url}}/login"
json = { user = "alice" }
[request.capture]
token = ".token"

[[request]]
name = "Me"
folder = "users"
url = "{{base_url}}/me"
profile = "session"
[request.expect]
status = 200
headers = { content-type = "application/json" }
jq = ['.name == "alice"', '.id > 1']
[request.capture]
user_id = ".id"

[[request]]
name = "User"
folder = "users"
url = "{{base_url}}/users/{{user_id}}"
profile = "session"
`

// chainServer answers the chain collection: a token from /login, then only
// requests carrying it.
func chainServer(t *testing.T) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if string(body) != `{"user":"alice"}` {
			t.Errorf("login body = %s", body)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"token": "tok-1"}`)
	})
	authorized := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer tok-1" {
				http.Error(w, "no token", http.StatusUnauthorized)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /me", authorized(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		// An id beyond float64's exact integers: captured digit for digit.
		io.WriteString(w, `{"name": "alice", "id": 12345678901234567891}`)
	}))
	mux.HandleFunc("GET /users/12345678901234567891", authorized(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{}`)
	}))
	return mux
}

func TestRunCaptureChain(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	c := parse(t, chainTOML)
	var results []int
	opts := options(srv.URL)
	opts.OnResult = func(i int, o Outcome) {
		results = append(results, i)
		if i == 1 && o.Captures["user_id"] != "12345678901234567891" {
			t.Errorf("captured user_id = %q", o.Captures["user_id"])
		}
	}
	rep := mustRun(t, context.Background(), c, opts)
	if rep.Summary != (report.Summary{Passed: 3}) {
		t.Fatalf("summary %+v, want 3 passed: %+v", rep.Summary, rep.Results)
	}
	if !reflect.DeepEqual(results, []int{0, 1, 2}) {
		t.Errorf("OnResult indexes %v", results)
	}
	me := rep.Results[1]
	want := []report.Assertion{
		{Expect: "status == 200", Passed: true, Actual: "200"},
		{Expect: `header content-type contains "application/json"`, Passed: true, Actual: `"application/json; charset=utf-8"`},
		{Expect: `jq .name == "alice"`, Passed: true, Actual: "true"},
		{Expect: "jq .id > 1", Passed: true, Actual: "true"},
		{Expect: "capture user_id = .id", Passed: true, Actual: "captured 20 bytes"},
	}
	if !reflect.DeepEqual(me.Assertions, want) {
		t.Errorf("assertions of Me:\n%+v\nwant\n%+v", me.Assertions, want)
	}
	if me.Folder != "users" || me.Method != "GET" || me.URL != srv.URL+"/me" || me.Status != 200 {
		t.Errorf("result of Me = %+v", me)
	}
	if rep.Collection != "Chain" || rep.Started.IsZero() {
		t.Errorf("report header = %q, %v", rep.Collection, rep.Started)
	}
}

func TestRunFailingAssertionsAreAllReported(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "not json")
	})
	c := parse(t, `
name = "Failing"
version = 1
[[request]]
name = "Create"
method = "POST"
url = "{{base_url}}/users"
body = "x"
[request.expect]
status = 201
headers = { X-Missing = "a", Content-Type = "json" }
jq = [".id != null"]
[request.capture]
id = ".id"

[[request]]
name = "Next"
url = "{{base_url}}/next/{{id}}"
`)
	rep := mustRun(t, context.Background(), c, options(srv.URL))
	if rep.Summary != (report.Summary{Failed: 2}) {
		t.Fatalf("summary %+v, want 2 failed", rep.Summary)
	}
	create := rep.Results[0]
	want := []report.Assertion{
		{Expect: "status == 201", Actual: "200"},
		{Expect: `header X-Missing contains "a"`, Actual: "no X-Missing header"},
		{Expect: `header Content-Type contains "json"`, Actual: `"text/plain"`},
		{Expect: "jq .id != null", Actual: "response body is not JSON: invalid character 'o' in literal null (expecting 'u')"},
		{Expect: "capture id = .id", Actual: "response body is not JSON: invalid character 'o' in literal null (expecting 'u')"},
	}
	if !reflect.DeepEqual(create.Assertions, want) || create.Error != "" {
		t.Errorf("assertions:\n%+v\nwant\n%+v", create.Assertions, want)
	}
	next := rep.Results[1]
	if next.Error != `run: variable id was not captured because request "Create" failed` || next.Status != 0 {
		t.Errorf("dependent request = %+v", next)
	}
}

func TestRunGoesOnAfterConnectionRefused(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	c := parse(t, `
name = "Refused"
version = 1
[vars]
dead = "`+refusedURL(t)+`"
[[request]]
name = "Dead"
url = "{{dead}}/x"
[[request]]
name = "Alive"
url = "{{base_url}}/y"
`)
	rep := mustRun(t, context.Background(), c, options(srv.URL))
	dead, alive := rep.Results[0], rep.Results[1]
	if !strings.Contains(dead.Error, "refused") || dead.Passed || dead.Status != 0 || len(dead.Assertions) != 0 {
		t.Errorf("dead request = %+v, want a connection-refused error", dead)
	}
	if !alive.Passed {
		t.Errorf("the run did not go on: %+v", alive)
	}
	if rep.Summary != (report.Summary{Passed: 1, Failed: 1}) {
		t.Errorf("summary %+v", rep.Summary)
	}
}

func TestRunPrepareErrorIsReported(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	c := parse(t, `
name = "Undefined"
version = 1
[[request]]
name = "Broken"
url = "{{base_url}}/{{nowhere}}"
[[request]]
name = "Fine"
url = "{{base_url}}/"
`)
	rep := mustRun(t, context.Background(), c, options(srv.URL))
	if !strings.Contains(rep.Results[0].Error, "nowhere") || rep.Results[0].Passed {
		t.Errorf("broken request = %+v, want an error naming the variable", rep.Results[0])
	}
	if hits.Load() != 1 || !rep.Results[1].Passed {
		t.Errorf("server saw %d requests, want only the fine one", hits.Load())
	}
}

func TestRunFailFastStopsAndDoesNotCount(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/bad" {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	c := parse(t, `
name = "Fail fast"
version = 1
[[request]]
name = "Good"
url = "{{base_url}}/good"
[[request]]
name = "Bad"
url = "{{base_url}}/bad"
[[request]]
name = "Never"
url = "{{base_url}}/never"
`)
	opts := options(srv.URL)
	opts.FailFast = true
	rep := mustRun(t, context.Background(), c, opts)
	if !reflect.DeepEqual(names(rep), []string{"Good", "Bad"}) || rep.Summary != (report.Summary{Passed: 1, Failed: 1}) {
		t.Errorf("results %v, summary %+v; want Good and Bad only", names(rep), rep.Summary)
	}
	if hits.Load() != 2 {
		t.Errorf("server saw %d requests, want 2", hits.Load())
	}
	if got := rep.Results[1].Assertions; len(got) != 1 || got[0] != (report.Assertion{Expect: "status 2xx", Actual: "500"}) {
		t.Errorf("default status assertion = %+v", got)
	}
}

func TestRunOnly(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
	})
	c := parse(t, `
name = "Only"
version = 1
[[request]]
name = "A"
url = "{{base_url}}/a"
[[request]]
name = "B"
folder = "f"
url = "{{base_url}}/b"
[[request]]
name = "C"
folder = "f"
url = "{{base_url}}/c"
[[request]]
name = "D"
url = "{{base_url}}/d"
`)
	opts := options(srv.URL)
	opts.Only = []string{"D", "f"}
	rep := mustRun(t, context.Background(), c, opts)
	if want := []string{"B", "C", "D"}; !reflect.DeepEqual(names(rep), want) || !reflect.DeepEqual(paths, []string{"/b", "/c", "/d"}) {
		t.Errorf("ran %v (server saw %v), want %v in file order", names(rep), paths, want)
	}

	paths = nil
	opts.Only = []string{"A", "Z"}
	_, err := Run(context.Background(), c, opts)
	var usage *UsageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), `"Z"`) {
		t.Errorf("unknown --only name: error %v, want a UsageError naming it", err)
	}
	if len(paths) != 0 {
		t.Errorf("an invalid --only still sent %v", paths)
	}

	opts.Only = nil
	opts.Scope.Env = "nope"
	if _, err := Run(context.Background(), c, opts); !errors.As(err, &usage) {
		t.Errorf("unknown environment: error %v, want a UsageError", err)
	}
}

func TestRunConcurrencyRespectsCaptures(t *testing.T) {
	// Login answers only once the independent request has arrived, which
	// needs two requests in flight; Me needs Login's token and must not be
	// sent before it (it would fail without a token). Login is a GET here:
	// a POST is a barrier, which no later request overtakes.
	independentArrived := make(chan struct{})
	mux := chainServer(t)
	login := http.NewServeMux()
	login.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-independentArrived:
		case <-r.Context().Done():
			return
		}
		r.Method = http.MethodPost
		mux.ServeHTTP(w, r)
	})
	login.HandleFunc("GET /independent", func(w http.ResponseWriter, r *http.Request) { close(independentArrived) })
	login.Handle("/", mux)
	srv := serve(t, login.ServeHTTP)
	c := parse(t, strings.Replace(chainTOML, `method = "POST"`, `method = "GET"`, 1)+`
[[request]]
name = "Independent"
url = "{{base_url}}/independent"
`)
	opts := options(srv.URL)
	opts.Concurrency = 4
	rep := mustRun(t, context.Background(), c, opts)
	if want := []string{"Login", "Me", "User", "Independent"}; !reflect.DeepEqual(names(rep), want) {
		t.Errorf("results %v, want file order %v", names(rep), want)
	}
	if rep.Summary != (report.Summary{Passed: 4}) {
		t.Errorf("summary %+v: %+v", rep.Summary, rep.Results)
	}
}

func TestRunCancellationStopsPromptly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var after atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			cancel() // ctrl+c while this request is in flight
			<-r.Context().Done()
		case "/after":
			after.Add(1)
		}
	})
	c := parse(t, `
name = "Cancel"
version = 1
[[request]]
name = "First"
url = "{{base_url}}/first"
[[request]]
name = "Slow"
url = "{{base_url}}/slow"
[[request]]
name = "After"
url = "{{base_url}}/after"
`)
	rep := mustRun(t, ctx, c, options(srv.URL))
	if !reflect.DeepEqual(names(rep), []string{"First"}) || rep.Summary != (report.Summary{Passed: 1}) {
		t.Errorf("results %v, summary %+v; want only First", names(rep), rep.Summary)
	}
	if after.Load() != 0 {
		t.Error("a request was sent after the cancellation")
	}
}

// A response larger than what keyway keeps is reported at its full size,
// and the run holds no more of it than the limit.
func TestRunReportsTheFullSizeOfALargeBody(t *testing.T) {
	const size = authflow.DefaultBodyLimit + 1<<20
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), size))
	})
	opts := options(srv.URL)
	var kept int
	opts.OnResult = func(_ int, o Outcome) { kept = len(o.Response.Body) }
	rep := mustRun(t, context.Background(), parse(t, "name = \"L\"\n[[request]]\nname = \"big\"\nurl = \"{{base_url}}/big\"\n"), opts)
	if got := rep.Results[0].SizeBytes; got != size {
		t.Errorf("size_bytes = %d, want %d", got, size)
	}
	if kept != authflow.DefaultBodyLimit {
		t.Errorf("kept %d bytes of the body, want the limit %d", kept, authflow.DefaultBodyLimit)
	}
}
