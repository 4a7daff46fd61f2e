package run

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// With Preflight, a request that cannot be resolved stops the run before
// any request is sent, and each problem is told once.
func TestPreflightSendsNothingWhenOneCannotBeResolved(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	var src strings.Builder
	src.WriteString("name = \"P\"\ndefault_profile = \"p\"\n[profile.p]\ntype = \"bearer\"\ntoken = \"{{env:UNSET_TOKEN}}\"\n")
	for i := range 5 {
		fmt.Fprintf(&src, "[[request]]\nname = \"r%d\"\nurl = \"{{base_url}}/%d\"\n", i, i)
	}
	src.WriteString("[[request]]\nname = \"last\"\nprofile = \"none\"\nurl = \"{{base_url}}/{{nowhere}}\"\n")
	opts := options(srv.URL)
	opts.Preflight = true
	_, err := Run(context.Background(), parse(t, src.String()), opts)
	var pe *PreflightError
	if !errors.As(err, &pe) || len(pe.Problems) != 2 {
		t.Fatalf("err = %v, want a PreflightError with two problems", err)
	}
	if !errors.Is(err, collections.ErrEnvUnset) || !errors.Is(err, collections.ErrUndefined) {
		t.Errorf("problems %v do not match ErrEnvUnset and ErrUndefined", pe.Problems)
	}
	if msg := err.Error(); !strings.Contains(msg, "(in each of 5 requests)") || !strings.HasSuffix(msg, "\nnothing was sent") {
		t.Errorf("message = %q", msg)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// A request that needs a capture is checked with a stand-in for it, and
// sent with the real value.
func TestPreflightLetsCaptureChainsRun(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	opts := options(srv.URL)
	opts.Preflight = true
	rep := mustRun(t, context.Background(), parse(t, chainTOML), opts)
	if rep.Summary.Failed != 0 || rep.Summary.Passed != 3 {
		t.Fatalf("summary %+v: %+v", rep.Summary, rep.Results)
	}
}

// A request needing no capture is resolved once: the preflight's result is
// what is sent.
func TestPreflightResolvesEachRequestOnce(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Key") != "k-value" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	})
	c := parse(t, "name = \"Once\"\n[[request]]\nname = \"a\"\nurl = \"{{base_url}}/a\"\nheaders = { X-Key = \"{{env:KEY}}\" }\n[request.expect]\nstatus = 200\n")
	var lookups atomic.Int32
	opts := options(srv.URL)
	opts.Preflight = true
	opts.Scope.LookupEnv = func(name string) (string, bool) {
		lookups.Add(1)
		return "k-value", name == "KEY"
	}
	rep := mustRun(t, context.Background(), c, opts)
	if rep.Summary.Passed != 1 {
		t.Fatalf("results %+v", rep.Results)
	}
	if n := lookups.Load(); n != 1 {
		t.Errorf("KEY was looked up %d times, want once", n)
	}
}

// Requests held between the preflight and their send share one copy of
// their profile.
func TestPreflightSharesEqualProfiles(t *testing.T) {
	c := parse(t, "name = \"S\"\ndefault_profile = \"p\"\n[profile.p]\ntype = \"bearer\"\ntoken = \"{{env:T}}\"\n"+
		"[[request]]\nname = \"a\"\nurl = \"http://127.0.0.1:9/a\"\n[[request]]\nname = \"b\"\nurl = \"http://127.0.0.1:9/b\"\n")
	scope := collections.Scope{LookupEnv: func(string) (string, bool) { return "tok-value", true }}
	steps := plan(c, []int{0, 1}, &scope)
	prepared, err := preflight(c, steps, scope, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := prepared[0], prepared[1]
	if a.Profile != b.Profile || &a.Secrets[0] != &b.Secrets[0] {
		t.Errorf("profiles %p and %p, secrets %p and %p: want one copy", a.Profile, b.Profile, &a.Secrets[0], &b.Secrets[0])
	}
	if a.Request.URL == b.Request.URL {
		t.Error("the requests themselves were merged")
	}
}
