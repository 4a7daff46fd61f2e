package collections

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	c := mustParse(t, `[vars]
base_url = "http://h"
a = "{{b}}"
b = "{{a}}"
auth = "Bearer {{token}}"
ftp = "ftp://h"
[env.staging]
base_url = "{{nope}}"
[env.prod]
base_url = "{{ftp}}"

[profile.p]
type = "bearer"
token = "{{missing_token}}"

[profile.q]
type = "basic"
username = "{{env:USER}}"
password = "{{secret:pw}}"

[[request]]
name = "early"
url = "{{base_url}}/{{user_id}}"
headers = { Authorization = "{{auth}}" }

[[request]]
name = "login"
url = "{{base_url}}/login"
profile = "q"
body = "{{prompt:Code}}"
[request.capture]
token = ".token"
user_id = ".id"

[[request]]
name = "later"
url = "{{base_url}}/{{user_id}}"
headers = { Authorization = "{{auth}}" }
json = { cycle = "{{a}}" }
`)
	cases := []struct {
		env, want string
	}{
		{"", `demo.toml:3:5: vars.a: variable cycle: a → b → a
demo.toml:14:9: profile "p": token: undefined variable "missing_token"; define it in [vars], or pass --var missing_token=VALUE
demo.toml:23:7: request "early": url: undefined variable "user_id"; define it in [vars], or pass --var user_id=VALUE (a later request captures "user_id"; requests run in file order)
demo.toml:24:29: request "early": headers.Authorization: undefined variable "token" (used by variable "auth"); define it in [vars], or pass --var token=VALUE (a later request captures "token"; requests run in file order)`},
		{"staging", `demo.toml:3:5: vars.a: variable cycle: a → b → a
demo.toml:8:12: env.staging.base_url: undefined variable "nope" (used by variable "base_url"); define it in [vars] or [env.staging], or pass --var nope=VALUE
demo.toml:14:9: profile "p": token: undefined variable "missing_token"; define it in [vars] or [env.staging], or pass --var missing_token=VALUE
demo.toml:24:29: request "early": headers.Authorization: undefined variable "token" (used by variable "auth"); define it in [vars] or [env.staging], or pass --var token=VALUE (a later request captures "token"; requests run in file order)`},
		{"prod", `demo.toml:3:5: vars.a: variable cycle: a → b → a
demo.toml:14:9: profile "p": token: undefined variable "missing_token"; define it in [vars] or [env.prod], or pass --var missing_token=VALUE
demo.toml:23:7: request "early": url: undefined variable "user_id"; define it in [vars] or [env.prod], or pass --var user_id=VALUE (a later request captures "user_id"; requests run in file order)
demo.toml:24:29: request "early": headers.Authorization: undefined variable "token" (used by variable "auth"); define it in [vars] or [env.prod], or pass --var token=VALUE (a later request captures "token"; requests run in file order)
demo.toml:28:7: request "login": url: unsupported scheme "ftp": keyway sends http and https only
demo.toml:37:7: request "later": url: unsupported scheme "ftp": keyway sends http and https only`},
	}
	for _, tc := range cases {
		err := c.Check(&Scope{Env: tc.env})
		if err == nil {
			t.Fatalf("env %q: Check passed", tc.env)
		}
		if err.Error() != tc.want {
			t.Errorf("env %q: got:\n%s\nwant:\n%s", tc.env, err, tc.want)
		}
	}
	// --var answers what the file leaves undefined; nothing is looked up.
	err := c.Check(&Scope{Vars: map[string]string{"a": "1", "missing_token": "t", "user_id": "7", "token": "x"}})
	if err != nil {
		t.Errorf("Check with --var: %v", err)
	}
}

func TestCheckEnv(t *testing.T) {
	c := mustParse(t, "[env.staging]\n[env.prod]\n")
	if err := c.CheckEnv("staging"); err != nil {
		t.Error(err)
	}
	if err := c.CheckEnv(""); err != nil {
		t.Error(err)
	}
	want := `unknown environment "stagng"; did you mean "staging"? (environments: staging, prod)`
	if err := c.CheckEnv("stagng"); err == nil || err.Error() != want {
		t.Errorf("CheckEnv = %v, want %s", err, want)
	}
	if err := c.Check(&Scope{Env: "qa"}); err == nil || err.Error() != `unknown environment "qa" (environments: staging, prod)` {
		t.Errorf("Check with an unknown env = %v", err)
	}
	empty := mustParse(t, "")
	if err := empty.CheckEnv("x"); err == nil || err.Error() != `unknown environment "x": demo.toml defines no environments (add [env.x])` {
		t.Errorf("CheckEnv on no envs = %v", err)
	}
	var list ErrorList
	if errors.As(c.Check(nil), &list) {
		t.Errorf("Check(nil) on a valid collection = %v", list)
	}
}

func TestCheckJQ(t *testing.T) {
	c := mustParse(t, "[[request]]\nname = \"a\"\nurl = \"http://h\"\n[request.expect]\njq = [\".ok\", \".a ==\"]\n[request.capture]\nid = \".id |\"\n")
	want := `demo.toml:5:14: request "a": expect.jq[1]: invalid jq expression: unexpected EOF
demo.toml:7:6: request "a": capture.id: invalid jq expression: unexpected EOF`
	if err := c.Check(nil); err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// TestCheckJQCompiles: an expression calling an undefined function parses
// but cannot compile; the run would fail every request that uses it, so
// check reports it.
func TestCheckJQCompiles(t *testing.T) {
	c := mustParse(t, "[[request]]\nname = \"a\"\nurl = \"http://h\"\n[request.expect]\njq = [\".a | nosuchfn\"]\n")
	err := c.Check(nil)
	if err == nil || !strings.Contains(err.Error(), `demo.toml:5:7: request "a": expect.jq[0]: invalid jq expression: function not defined: nosuchfn/0`) {
		t.Errorf("Check = %v", err)
	}
}

// TestCheckPartlyKnownURLs: Check validates what the file fixes of a URL
// and leaves the rest to the send.
func TestCheckPartlyKnownURLs(t *testing.T) {
	c := mustParse(t, `[vars]
ftp = "ftp://h"
[[request]]
name = "env host"
url = "https://{{env:HOST}}/x"
[[request]]
name = "env url"
url = "{{env:URL}}"
[[request]]
name = "ftp then secret"
url = "{{ftp}}/{{secret:path}}"
`)
	want := `demo.toml:11:7: request "ftp then secret": url: unsupported scheme "ftp": keyway sends http and https only`
	if err := c.Check(nil); err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// Check reads templates without filling the cache (it expands each once);
// what is sent fills it, for the next send of the same template.
func TestCheckLeavesTheTemplateCacheToSends(t *testing.T) {
	c := mustParse(t, "[vars]\nbase = \"http://h\"\n[[request]]\nname = \"r\"\nurl = \"{{base}}/x\"\n")
	cached := func() int {
		n := 0
		c.templates.Range(func(any, any) bool { n++; return true })
		return n
	}
	if err := c.Check(&Scope{}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 0 {
		t.Errorf("%d templates cached after Check, want none", n)
	}
	if _, err := c.Prepare(c.Requests[0], &Scope{}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n == 0 {
		t.Error("Prepare cached no template")
	}
}
