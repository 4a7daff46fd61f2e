package run

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

func request(name, folder, url string, capture ...string) *collections.Request {
	r := &collections.Request{Name: name, Folder: folder, Method: "GET", URL: url}
	for _, c := range capture {
		r.Capture = append(r.Capture, collections.KV{Key: c, Value: "." + c})
	}
	return r
}

func TestSelectRequests(t *testing.T) {
	c := &collections.Collection{Path: "api.toml", Requests: []*collections.Request{
		request("Login", "", "/login"),
		request("List users", "users", "/users"),
		request("Get user", "users", "/users/1"),
		request("Health", "", "/health"),
	}}
	for _, tc := range []struct {
		only    []string
		want    []int
		missing string
	}{
		{only: nil, want: []int{0, 1, 2, 3}},
		{only: []string{"Health", "Login"}, want: []int{0, 3}},
		{only: []string{"users"}, want: []int{1, 2}},
		{only: []string{"Get user", "users"}, want: []int{1, 2}},
		{only: []string{"Nope", "Login", "users2", "Nope"}, missing: `--only "Nope", "users2" matches no request or folder in api.toml`},
		{only: []string{"login"}, missing: `"login"`},
	} {
		got, err := selectRequests(c, tc.only, nil)
		if tc.missing != "" {
			var usage *UsageError
			if !errors.As(err, &usage) || !strings.Contains(err.Error(), tc.missing) {
				t.Errorf("only %q: error %v, want a UsageError naming %s", tc.only, err, tc.missing)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("only %q = %v, %v; want %v", tc.only, got, err, tc.want)
		}
	}
}

func TestPlanDependencies(t *testing.T) {
	c := &collections.Collection{
		DefaultProfile: "session",
		Vars: map[string]string{
			"base":      "http://127.0.0.1",
			"user_path": "/users/{{user_id}}",
			"token":     "unset",
			"auth":      "{{ token }}",
		},
		Envs: map[string]map[string]string{"dev": {"item_path": "/items/{{item_id}}"}},
		Profiles: map[string]*collections.Profile{
			"session": {Name: "session", Type: "bearer", Token: "{{auth}}"},
		},
		Requests: []*collections.Request{
			0: func() *collections.Request {
				r := request("Login", "", "{{base}}/login", "token")
				r.Profile = "none"
				return r
			}(),
			1: request("Create user", "", "{{base}}/users", "user_id", "item_id"),
			2: request("Get user", "", "{{base}}{{user_path}}"),
			3: request("Recreate", "", "{{base}}/users", "user_id"),
			4: request("Get again", "", "{{base}}/x", ""),
			5: func() *collections.Request {
				r := request("No profile", "", "{{base}}/q?k={{env:KEY}}&s={{secret:s}}&p={{prompt:Pin}}")
				r.Profile = "none"
				r.Headers = []collections.KV{{Key: "X-Item", Value: "{{item_path}}"}}
				return r
			}(),
			6: func() *collections.Request {
				r := request("Body refs", "", "/b")
				r.Profile = "none"
				r.JSON = map[string]any{"list": []any{"{{user_id}}"}}
				return r
			}(),
		},
	}
	c.Requests[4].Capture = nil
	c.Requests[4].Body = "id={{user_id}}"
	steps := plan(c, []int{0, 1, 2, 3, 4, 5, 6}, &collections.Scope{Env: "dev"})
	want := [][]need{
		0: nil,
		// Through the default profile's token = {{auth}} = {{ token }}.
		1: {{name: "token", from: 0}},
		2: {{name: "token", from: 0}, {name: "user_id", from: 1}},
		3: {{name: "token", from: 0}},
		// The last capturer of user_id wins.
		4: {{name: "token", from: 0}, {name: "user_id", from: 3}},
		// env, secret and prompt references never depend; the chosen
		// environment's variables are followed.
		5: {{name: "item_id", from: 1}},
		6: {{name: "user_id", from: 3}},
	}
	for i, s := range steps {
		if !reflect.DeepEqual(s.needs, want[i]) {
			t.Errorf("step %d (%s) needs %+v, want %+v", i, s.req.Name, s.needs, want[i])
		}
	}

	// With only some requests selected, a variable whose capturer is left
	// out creates no dependency (its other definitions apply).
	steps = plan(c, []int{0, 2}, &collections.Scope{Env: "dev"})
	if !reflect.DeepEqual(steps[1].needs, []need{{name: "token", from: 0}}) {
		t.Errorf("Get user alone needs %+v, want only token from Login", steps[1].needs)
	}
}

func TestClosureDoesNotFollowCapturedVariables(t *testing.T) {
	c := &collections.Collection{Vars: map[string]string{"a": "{{b}}", "b": "{{a}}", "x": "{{y}}"}}
	s := newRefSet(c, &collections.Scope{Vars: map[string]string{"y": "{{z}}"}})
	s.text("{{a}} {{x}}")
	got := s.closure(func(name string) bool { return name == "y" })
	if want := []string{"a", "b", "x", "y"}; !reflect.DeepEqual(got, want) {
		t.Errorf("closure = %v, want %v (cycles end, captured y not expanded)", got, want)
	}
}

func FuzzEachVariable(f *testing.F) {
	for _, seed := range []string{"{{a}}", "{{ a }}{{env:B}}", "{{{{x}}}}", "{{", "}}{{", "{{prompt}}{{secret:s}}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		eachVariable(s, func(name string) {
			if name == "" || strings.Contains(name, "}}") || name != strings.TrimSpace(name) || !strings.Contains(s, name) {
				t.Fatalf("eachVariable(%q) found %q", s, name)
			}
		})
	})
}
