package run

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// countTOML is a run as `keyway run` plans it: a profile every request
// uses reads {{env:TOKEN}}, two requests read {{secret:KEY}}, and the
// last needs what the first captures.
const countTOML = `
name = "Count"
default_profile = "p"

[vars]
base_url = "http://unset.invalid"

[profile.p]
type = "bearer"
token = "{{env:TOKEN}}"

[[request]]
name = "login"
url = "{{base_url}}/login"
headers = { X-Key = "{{secret:KEY}}" }
[request.capture]
id = ".id"

[[request]]
name = "a"
url = "{{base_url}}/a"

[[request]]
name = "b"
url = "{{base_url}}/b"

[[request]]
name = "user"
url = "{{base_url}}/users/{{id}}"
headers = { X-Other = "{{env:OTHER}}", X-Key = "{{secret:KEY}}" }
`

// countingSecrets counts how often each secret and its hosts are asked for.
type countingSecrets struct {
	mu    sync.Mutex
	gets  map[string]int
	hosts map[string]int
}

func (s *countingSecrets) Get(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gets[name]++
	return "key-value-" + name, nil
}

func (s *countingSecrets) Hosts(name string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hosts[name]++
	return nil, nil
}

// A run, planned as `keyway run` plans it — trust policy, preflight — reads each environment variable and each secret once,
// however many requests use it and though the request needing a capture
// is resolved again when sent. Before the plan kept what it read, TOKEN
// was read once per request and once more for the request resolved at
// send (five times), KEY three times.
func TestPlanReadsEachVariableOnce(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"42"}`))
	})
	var mu sync.Mutex
	env := map[string]int{}
	secrets := &countingSecrets{gets: map[string]int{}, hosts: map[string]int{}}
	opts := options(srv.URL)
	opts.Scope.LookupEnv = func(name string) (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		env[name]++
		return "value-of-" + name, true
	}
	opts.Scope.Secrets = secrets
	opts.Scope.AllowHosts = []string{"127.0.0.1"}
	opts.TrustPolicy, opts.Preflight, opts.Untraced = true, true, true
	var sent []string
	opts.OnResult = func(_ int, out Outcome) {
		if out.Err != nil {
			t.Errorf("%s: %v", out.Result.Name, out.Err)
		}
		sent = append(sent, out.Result.URL)
	}
	rep := mustRun(t, context.Background(), parse(t, countTOML), opts)
	if rep.Summary.Passed != 4 {
		t.Fatalf("results %+v", rep.Results)
	}
	if !slices.Contains(sent, srv.URL+"/users/42") {
		t.Errorf("sent %v: the capture did not reach the last request", sent)
	}
	for _, name := range []string{"TOKEN", "OTHER"} {
		if env[name] != 1 {
			t.Errorf("{{env:%s}} was read %d times, want once", name, env[name])
		}
	}
	if len(env) != 2 {
		t.Errorf("environment read: %v", env)
	}
	if secrets.gets["KEY"] != 1 || secrets.hosts["KEY"] > 1 {
		t.Errorf("{{secret:KEY}} was read %d times and its hosts %d times, want once each", secrets.gets["KEY"], secrets.hosts["KEY"])
	}
}

// An outcome's error is told in its result's words, masked with every
// secret of the run: here a password only the later request's profile
// sends shows in the earlier request's failed URL.
func TestOutcomeErrIsMaskedLikeItsResult(t *testing.T) {
	const password = "canary-later-password-8"
	opts := options(refusedURL(t))
	opts.Preflight = true
	var errs []string
	opts.OnResult = func(_ int, out Outcome) {
		if out.Err == nil {
			t.Errorf("%s: no error", out.Result.Name)
			return
		}
		if out.Err.Error() != out.Result.Error {
			t.Errorf("%s: error %q, result %q", out.Result.Name, out.Err, out.Result.Error)
		}
		errs = append(errs, out.Err.Error())
	}
	mustRun(t, context.Background(), parse(t, `
name = "Two profiles"
[profile.second]
type = "basic"
username = "bob"
password = "`+password+`"

[[request]]
name = "First"
url = "{{base_url}}/`+password+`"

[[request]]
name = "Second"
url = "{{base_url}}/b"
profile = "second"
`), opts)
	if len(errs) != 2 {
		t.Fatalf("errors %q", errs)
	}
	for _, e := range errs {
		if strings.Contains(e, password) {
			t.Errorf("an outcome's error holds the later profile's password: %s", e)
		}
	}
}

// With StopOn, the plan resolves every request before sending any and
// stops, nothing sent, on an error StopOn accepts; any other error is the
// request's own, when it is sent, as without it.
func TestPlanStopOn(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	src := `name = "Stop"
[[request]]
name = "fine"
url = "{{base_url}}/fine"
[[request]]
name = "unset"
url = "{{base_url}}/{{env:UNSET}}"
`
	opts := options(srv.URL)
	opts.StopOn = func(err error) bool { return errors.Is(err, collections.ErrEnvUnset) }
	if _, err := NewPlan(parse(t, src), opts); !errors.Is(err, collections.ErrEnvUnset) {
		t.Fatalf("NewPlan: %v, want the unset variable", err)
	}
	if hits.Load() != 0 {
		t.Fatal("a request was sent")
	}
	opts.StopOn = func(error) bool { return false }
	rep := mustRun(t, context.Background(), parse(t, src), opts)
	if hits.Load() != 1 || !rep.Results[0].Passed || !strings.Contains(rep.Results[1].Error, "UNSET") {
		t.Errorf("sent %d; results %+v", hits.Load(), rep.Results)
	}
}
