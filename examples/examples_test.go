package examples_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// TestEmbeddedDemoIsTheFile guards against an embed that points elsewhere.
func TestEmbeddedDemoIsTheFile(t *testing.T) {
	onDisk, err := os.ReadFile("demo.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, examples.DemoTOML) {
		t.Fatal("examples.DemoTOML differs from demo.toml")
	}
}

// TestExamplesLoadAndCheck loads every collection in examples/ and checks
// that each reference resolves, in every environment, without sending
// anything.
func TestExamplesLoadAndCheck(t *testing.T) {
	files, err := filepath.Glob("*.toml")
	if err != nil || len(files) < 2 {
		t.Fatalf("example collections: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			c, err := collections.Load(file)
			if err != nil {
				t.Fatalf("load:\n%v", err)
			}
			for _, env := range append([]string{""}, c.EnvNames...) {
				if err := c.Check(&collections.Scope{Env: env}); err != nil {
					t.Errorf("check with env %q:\n%v", env, err)
				}
			}
		})
	}
}

// TestDemoRunPasses is `keyway demo --run`: the demo collection against the
// demo API, base_url pointed at it, with no environment variable, secret or
// prompt available. Every request that needs no login in a browser must
// pass.
func TestDemoRunPasses(t *testing.T) {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer srv.Close()
	c, err := collections.Parse(examples.DemoPath, examples.DemoTOML)
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	send, login := examples.DemoHeadless(c)
	if want := []string{"Browser login: who am I", "TV login: who am I"}; !slices.Equal(login, want) {
		t.Errorf("requests left out of a headless run: %q, want %q", login, want)
	}
	rep, err := run.Run(ctx, c, run.Options{Only: send, Scope: collections.Scope{
		Vars:      map[string]string{"base_url": srv.URL},
		LookupEnv: func(string) (string, bool) { return "", false },
	}})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	var out strings.Builder
	for _, r := range rep.Results {
		rep.WriteText(&out, r)
	}
	rep.WriteSummary(&out)
	t.Log("\n" + out.String())
	if rep.Summary.Failed != 0 || rep.Summary.Passed != len(c.Requests)-len(login) || len(send) < 20 {
		t.Fatalf("the demo run did not pass every request:\n%s", out.String())
	}
	for _, r := range rep.Results {
		for _, a := range r.Assertions {
			if !a.Passed {
				t.Errorf("%s: %s: got %s", r.Name, a.Expect, a.Actual)
			}
		}
	}
}

// TestDemoWrongPasswordProfile checks what demo.toml promises of its
// wrong-password profile: the token endpoint refuses it with invalid_grant.
func TestDemoWrongPasswordProfile(t *testing.T) {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer srv.Close()
	c, err := collections.Parse(examples.DemoPath, examples.DemoTOML)
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	r := &collections.Request{Name: "Who am I, wrongly", Method: "GET", URL: "{{base_url}}/me", Profile: "wrong-password"}
	out := run.One(context.Background(), c, r, run.Options{Scope: collections.Scope{
		Vars: map[string]string{"base_url": srv.URL},
	}})
	if out.Result.Passed || !strings.Contains(out.Result.Error, "invalid_grant") {
		t.Fatalf("result %+v, want a failure that names invalid_grant", out.Result)
	}
}
