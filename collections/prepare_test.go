package collections

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// mapSecrets is a SecretSource over a map.
type mapSecrets map[string]string

func (m mapSecrets) Get(name string) (string, error) {
	if v, ok := m[name]; ok {
		return v, nil
	}
	return "", notStored{}
}

type notStored struct{}

func (notStored) Error() string  { return "secrets: not found" }
func (notStored) NotFound() bool { return true }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := m[name]; return v, ok }
}

func mustParse(t *testing.T, src string) *Collection {
	t.Helper()
	c, err := Parse("demo.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPrecedence(t *testing.T) {
	c := mustParse(t, `
[vars]
a = "vars"
b = "vars"
c = "vars"
d = "vars"
[env.staging]
b = "env"
c = "env"
d = "env"
[[request]]
name = "r"
url = "http://h/{{a}}/{{b}}/{{c}}/{{d}}"
`)
	cases := []struct {
		scope Scope
		want  string
	}{
		{Scope{}, "http://h/vars/vars/vars/vars"},
		{Scope{Env: "staging"}, "http://h/vars/env/env/env"},
		{Scope{Env: "staging", Vars: map[string]string{"c": "flag", "d": "flag"}}, "http://h/vars/env/flag/flag"},
		{Scope{Env: "staging", Vars: map[string]string{"c": "flag", "d": "flag"}, Captures: map[string]string{"d": "capture"}}, "http://h/vars/env/flag/capture"},
	}
	for _, tc := range cases {
		p, err := c.Prepare(c.Requests[0], &tc.scope)
		if err != nil {
			t.Fatal(err)
		}
		if p.Request.URL != tc.want {
			t.Errorf("scope %+v: URL = %s, want %s", tc.scope, p.Request.URL, tc.want)
		}
	}
}

func TestNestedVariablesUseHighestPrecedence(t *testing.T) {
	c := mustParse(t, `
[vars]
host = "vars.example"
base_url = "https://{{ host }}:{{port}}"
port = "443"
[[request]]
name = "r"
url = "{{base_url}}/x"
`)
	p, err := c.Prepare(c.Requests[0], &Scope{Vars: map[string]string{"host": "flag.example"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.URL != "https://flag.example:443/x" {
		t.Errorf("URL = %s", p.Request.URL)
	}
}

func TestNoReExpansion(t *testing.T) {
	c := mustParse(t, `
[vars]
v = "{{env:RAW}}"
[[request]]
name = "r"
url = "http://h/{{v}}/{{captured}}/{{flag}}"
headers = { X-Raw = "{{env:RAW}}", X-Secret = "{{secret:s}}" }
`)
	scope := &Scope{
		LookupEnv: envOf(map[string]string{"RAW": "{{v}}"}),
		Secrets:   mapSecrets{"s": "{{env:RAW}}"},
		Captures:  map[string]string{"captured": "{{flag}}"},
		Vars:      map[string]string{"flag": "{{captured}}"},
	}
	p, err := c.Prepare(c.Requests[0], scope)
	if err != nil {
		t.Fatal(err)
	}
	// Literal, and percent-encoded: braces cannot appear raw in a URL
	// (RFC 3986 §2).
	if p.Request.URL != "http://h/%7B%7Bv%7D%7D/%7B%7Bflag%7D%7D/%7B%7Bcaptured%7D%7D" {
		t.Errorf("URL = %s; inserted values must stay literal", p.Request.URL)
	}
	if p.Request.Header.Get("X-Raw") != "{{v}}" || p.Request.Header.Get("X-Secret") != "{{env:RAW}}" {
		t.Errorf("headers = %v", p.Request.Header)
	}
}

func TestResolveErrors(t *testing.T) {
	const profiles = `
[profile.alice-oauth]
type = "oauth2-password"
token_url = "http://h/token"
username = "alice"
password = "{{prompt:Password}}"

[profile.pw-var]
type = "basic"
username = "alice"
password = "{{pw}}"

[profile.colon]
type = "basic"
username = "{{env:USER_ID}}"
password = "x"
`
	cases := []struct {
		name, request string
		scope         Scope
		want          string
		is            error
	}{
		{"undefined", `url = "{{base_url}}/me"`, Scope{},
			`demo.toml:42:7: request "Who am I": url: undefined variable "base_url"; define it in [vars], or pass --var base_url=VALUE`, ErrUndefined},
		{"undefined in env", `url = "{{base_url}}/me"`, Scope{Env: "staging"},
			`demo.toml:42:7: request "Who am I": url: undefined variable "base_url"; define it in [vars] or [env.staging], or pass --var base_url=VALUE`, ErrUndefined},
		{"undefined nested", `url = "{{nested}}/me"`, Scope{},
			`demo.toml:42:7: request "Who am I": url: undefined variable "missing" (used by variable "nested"); define it in [vars], or pass --var missing=VALUE`, ErrUndefined},
		{"cycle", `url = "{{a}}"`, Scope{}, `demo.toml:42:7: request "Who am I": url: variable cycle: a → b → c → a`, ErrCycle},
		{"self cycle", `url = "{{self}}"`, Scope{}, `demo.toml:42:7: request "Who am I": url: variable cycle: self → self`, ErrCycle},
		{"env unset", `url = "http://h/{{env:NOPE}}"`, Scope{},
			`demo.toml:42:7: request "Who am I": url: {{env:NOPE}}: environment variable NOPE is not set`, ErrEnvUnset},
		{"no secret store", `url = "http://h/{{secret:k}}"`, Scope{},
			`demo.toml:42:7: request "Who am I": url: {{secret:k}}: no secret store is available`, ErrSecretUnavailable},
		{"secret missing", `url = "http://h/{{secret:k}}"`, Scope{Secrets: mapSecrets{}},
			`demo.toml:42:7: request "Who am I": url: {{secret:k}}: secrets: not found (add it with: keyway secret set k)`, ErrSecretUnavailable},
		{"prompt headless in profile", "url = \"http://h\"\nprofile = \"alice-oauth\"", Scope{},
			`demo.toml:15:12: profile "alice-oauth": password: {{prompt:Password}} needs a terminal; use {{env:NAME}} or {{secret:NAME}} instead, or a variable set with --var NAME=VALUE`, ErrPromptUnavailable},
		{"prompt headless in variable", "url = \"http://h\"\nprofile = \"pw-var\"", Scope{},
			`demo.toml:20:12: profile "pw-var": password: {{prompt}} in variable "pw" needs a terminal; set it with --var pw=VALUE, or use {{env:NAME}} or {{secret:NAME}} instead`, ErrPromptUnavailable},
		{"scheme after resolution", `url = "{{ftp}}/x"`, Scope{},
			`demo.toml:42:7: request "Who am I": url: unsupported scheme "ftp": keyway sends http and https only`, nil},
		{"header CR LF after resolution", "url = \"http://h\"\nheaders = { X-Key = \"{{env:KEY}}\" }", Scope{LookupEnv: envOf(map[string]string{"KEY": "canary\r\nEvil: 1"})},
			`demo.toml:43:21: request "Who am I": headers.X-Key: value contains a line break (CR or LF), which is not allowed in a header (RFC 9110 §5.5)`, nil},
		{"Basic colon after resolution", "url = \"http://h\"\nprofile = \"colon\"", Scope{LookupEnv: envOf(map[string]string{"USER_ID": "a:b"})},
			`demo.toml:24:12: profile "colon": username: a Basic user-id cannot contain ':' (RFC 7617 §2)`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Pad so that the request's url is on line 42, as in the docs.
			src := "[vars]\na = \"{{b}}\"\nb = \"{{c}}\"\nc = \"{{a}}\"\nself = \"x{{self}}\"\nnested = \"{{missing}}\"\npw = \"{{prompt}}\"\nftp = \"ftp://h\"\n[env.staging]\n" +
				profiles + strings.Repeat("\n", 41-5-strings.Count(profiles, "\n")-6) +
				"[[request]]\nname = \"Who am I\"\n" + tc.request + "\n"
			c := mustParse(t, src)
			_, err := c.Prepare(c.Requests[0], &tc.scope)
			if err == nil {
				t.Fatal("Prepare succeeded")
			}
			if err.Error() != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) = false", tc.is)
			}
			if strings.Contains(err.Error(), "canary") {
				t.Error("error echoes a header value")
			}
		})
	}
}

func TestPrepareBodiesAndSecrets(t *testing.T) {
	c := mustParse(t, `
default_profile = "key"
[vars]
base = "http://h/p?a=1#frag"
[profile.key]
type = "apikey"
in = "query"
name = "api_key"
value = "{{secret:api}}"
[profile.alice]
type = "basic"
username = "alice"
password = "{{prompt}}"

[[request]]
name = "json"
method = "PUT"
url = "{{base}}"
query = { q = "a b&c", tok = "{{env:TOKEN}}" }
json = { name = "{{env:TOKEN}}", quote = "say \"hi\"", n = 3, list = [1, "{{env:TOKEN}}"] }

[[request]]
name = "form"
url = "http://h/login"
profile = "alice"
form = { user = "alice", pass = "p&ss word" }
headers = { Content-Type = "application/x-www-form-urlencoded; charset=utf-8" }

[[request]]
name = "raw"
url = "http://h/raw"
profile = "none"
body = "hello {{env:TOKEN}}"
timeout = "3s"
insecure = true
`)
	scope := &Scope{
		LookupEnv: envOf(map[string]string{"TOKEN": "canary-env"}),
		Secrets:   mapSecrets{"api": "canary-secret"},
		Prompt:    func(label string) (string, error) { return "canary-prompt:" + label, nil },
	}

	p, err := c.Prepare(c.Request("json"), scope)
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.Method != "PUT" || p.Request.URL != "http://h/p?a=1&q=a+b%26c&tok=canary-env#frag" {
		t.Errorf("method, URL = %s %s", p.Request.Method, p.Request.URL)
	}
	if got := string(p.Request.Body); got != `{"list":[1,"canary-env"],"n":3,"name":"canary-env","quote":"say \"hi\""}` {
		t.Errorf("json body = %s", got)
	}
	if p.Request.Header.Get("Content-Type") != "application/json" {
		t.Errorf("Content-Type = %q", p.Request.Header.Get("Content-Type"))
	}
	if p.Profile == nil || p.Profile.Name != "key" || p.Profile.KeyValue != "canary-secret" || p.Profile.In != "query" {
		t.Errorf("default profile = %+v", p.Profile)
	}
	for _, want := range []string{"canary-env", "canary-secret"} {
		if !slices.Contains(p.Secrets, want) {
			t.Errorf("Secrets %v lack %q", p.Secrets, want)
		}
	}

	p, err = c.Prepare(c.Request("form"), scope)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(p.Request.Body); got != "user=alice&pass=p%26ss+word" {
		t.Errorf("form body = %s", got)
	}
	if got := p.Request.Header.Get("Content-Type"); got != "application/x-www-form-urlencoded; charset=utf-8" {
		t.Errorf("a Content-Type set by the request was replaced: %q", got)
	}
	if p.Profile.Password != "canary-prompt:alice password" || !slices.Contains(p.Secrets, "canary-prompt:alice password") {
		t.Errorf("prompt: password %q, secrets %v", p.Profile.Password, p.Secrets)
	}

	p, err = c.Prepare(c.Request("raw"), scope)
	if err != nil {
		t.Fatal(err)
	}
	if p.Profile != nil || string(p.Request.Body) != "hello canary-env" || p.Request.Header.Get("Content-Type") != "" ||
		p.Request.Timeout.String() != "3s" || !p.Request.Insecure || p.Request.Method != "GET" {
		t.Errorf("raw = %+v, profile %v", p.Request, p.Profile)
	}
}

func TestResolveProfile(t *testing.T) {
	c := mustParse(t, `
[vars]
base = "http://auth"
[profile.o]
type = "oauth2-password"
token_url = "{{base}}/token"
client_id = "id"
client_secret = "{{secret:cs}}"
client_auth = "body"
username = "{{user}}"
password = "literal-canary"
scopes = ["read", "{{extra}}"]
`)
	p, secrets, err := c.ResolveProfile("o", &Scope{Env: "", Vars: map[string]string{"user": "bob", "extra": "write"}, Secrets: mapSecrets{"cs": "canary-cs"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.TokenURL != "http://auth/token" || p.Username != "bob" || p.ClientAuth != "body" || fmt.Sprint(p.Scopes) != "[read write]" || p.Type != "oauth2-password" {
		t.Errorf("profile = %+v", p)
	}
	if !slices.Contains(secrets, "canary-cs") || !slices.Contains(secrets, "literal-canary") {
		t.Errorf("secrets = %v", secrets)
	}
	// The absolute path: a login kept for ./demo.toml serves demo.toml.
	if abs, _ := filepath.Abs("demo.toml"); p.CacheKey != abs+"#o@" {
		t.Errorf("CacheKey = %q", p.CacheKey)
	}
	// Another user of the same profile gets another cached token.
	other, _, err := c.ResolveProfile("o", &Scope{Vars: map[string]string{"user": "carol", "extra": "write"}, Secrets: mapSecrets{"cs": "canary-cs"}})
	if err != nil {
		t.Fatal(err)
	}
	if other.TokenCacheKey() == p.TokenCacheKey() {
		t.Errorf("users bob and carol share the token cache key %q", p.TokenCacheKey())
	}
	if _, _, err := c.ResolveProfile("nope", &Scope{}); err == nil || !strings.HasPrefix(err.Error(), `unknown profile "nope"`) {
		t.Errorf("unknown profile error = %v", err)
	}
}

func TestTemplateWhitespaceAndPromptLabels(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://h/{{  env : A }}/{{ prompt : Your code }}/{{ prompt }}"
`)
	var labels []string
	p, err := c.Prepare(c.Requests[0], &Scope{
		LookupEnv: envOf(map[string]string{"A": "a"}),
		Prompt:    func(label string) (string, error) { labels = append(labels, label); return "p", nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Request.URL != "http://h/a/p/p" || fmt.Sprint(labels) != "[Your code r url]" {
		t.Errorf("URL %s, labels %q", p.Request.URL, labels)
	}
}

func TestUserInfoPasswordIsSecret(t *testing.T) {
	c := mustParse(t, "[[request]]\nname = \"r\"\nurl = \"https://bob:canary-pw@h/x\"\n")
	p, err := c.Prepare(c.Requests[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(p.Secrets, "canary-pw") {
		t.Errorf("Secrets = %v; want the URL's password", p.Secrets)
	}
}

// TestPrepareConcurrent: a run with --concurrency prepares requests of one
// collection from several goroutines (run with -race).
func TestPrepareConcurrent(t *testing.T) {
	c := mustParse(t, fullCollection)
	scope := &Scope{
		LookupEnv: envOf(map[string]string{"ALICE_PASSWORD": "a", "DEMO_CLIENT_SECRET": "s"}),
		Vars:      map[string]string{"user": "u"},
		Prompt:    func(string) (string, error) { return "p", nil },
	}
	done := make(chan error)
	for range 4 {
		go func() {
			var err error
			for range 20 {
				if _, e := c.Prepare(c.Requests[0], scope); e != nil {
					err = e
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestErrorsMaskSecrets: a parser error about a URL built from a secret
// repeats no part of it (url.Parse quotes the piece it stopped at), and
// still says what is wrong.
func TestErrorsMaskSecrets(t *testing.T) {
	c := mustParse(t, "[[request]]\nname = \"r\"\nurl = \"http://h:{{secret:port}}/\"\n")
	_, err := c.Prepare(c.Requests[0], &Scope{Secrets: mapSecrets{"port": "canary"}})
	if err == nil || strings.Contains(err.Error(), "canary") || !strings.Contains(err.Error(), "not a port number") {
		t.Fatalf("error = %v; want the port named as the fault and the secret left out", err)
	}
}

func TestReferencedVariables(t *testing.T) {
	got := ReferencedVariables("{{ a }}/{{env:E}}/{{b}}{{secret:s}}{{prompt}}{{a}}")
	if fmt.Sprint(got) != "[a b]" {
		t.Errorf("ReferencedVariables = %v", got)
	}
	if got := ReferencedVariables("{{a"); got != nil {
		t.Errorf("malformed template: %v", got)
	}
}

// TestJSONBodyIsNotHTMLEscaped: a json body is sent as written, & < >
// included, not as Go's \u0026 \u003c \u003e: an API needs no such
// escape, and a server that echoes the body as a JSON string would escape
// keyway's escapes again, past what the redactor reads (hostile review of
// issue 9, A-F4).
func TestJSONBodyIsNotHTMLEscaped(t *testing.T) {
	c, err := Parse("j.toml", []byte("name = \"j\"\n[[request]]\nname = \"a\"\nmethod = \"POST\"\nurl = \"http://127.0.0.1/\"\njson = { p = \"a&b<c>'\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Prepare(c.Requests[0], &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(p.Request.Body); got != `{"p":"a&b<c>'"}` {
		t.Errorf("body = %s", got)
	}
}
