package collections

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestParseErrors asserts every bad-input case's exact message and position.
func TestParseErrors(t *testing.T) {
	const req = "[[request]]\nname = \"a\"\nurl = \"http://x\"\n"
	cases := []struct {
		name, toml, want string
	}{
		{"malformed TOML", "x = [1,\n", `demo.toml:1:8: invalid TOML: array is incomplete`},
		{"duplicate key", "name = \"a\"\nname = \"b\"\n", `demo.toml:2:1: invalid TOML: key name is already defined`},
		{"not UTF-8", "name = \"caf\xe9\"\n", `demo.toml:1:12: file is not UTF-8 text (byte 0xE9); save it as UTF-8`},
		{"unknown request key", "[[request]]\nname = \"Who am I\"\nmethd = \"GET\"\nurl = \"http://x\"\n",
			`demo.toml:3:1: unknown key "methd" in request "Who am I"; did you mean "method"?`},
		{"unknown top-level key", "nmae = \"x\"\n", `demo.toml:1:1: unknown key "nmae" at the top level; did you mean "name"?`},
		{"unknown key far from any", "colour = \"x\"\n",
			`demo.toml:1:1: unknown key "colour" at the top level; known keys: name, version, default_profile, vars, env, profile, request`},
		{"unknown expect key", req + "[request.expect]\nstauts = 200\n", `demo.toml:5:1: unknown key "stauts" in expect of request "a"; did you mean "status"?`},
		{"unknown profile key", "[profile.p]\ntype = \"bearer\"\ntoken = \"t\"\ntokne = \"t\"\n", `demo.toml:4:1: unknown key "tokne" in profile "p"; did you mean "token"?`},
		{"status as string", req + "[request.expect]\nstatus = \"200\"\n", `demo.toml:5:1: request "a": expect.status must be an integer, not a string`},
		{"status out of range", req + "[request.expect]\nstatus = 2000\n", `demo.toml:5:10: request "a": expect.status must be an HTTP status code from 100 to 599, not 2000`},
		{"scopes as string", "[profile.p]\ntype = \"oauth2-password\"\ntoken_url = \"http://x\"\nusername = \"u\"\npassword = \"p\"\nscopes = \"read\"\n",
			`demo.toml:6:1: profile "p": scopes must be an array of strings, not a string`},
		{"scopes holding a number", "[profile.p]\ntype = \"oauth2-password\"\ntoken_url = \"http://x\"\nusername = \"u\"\npassword = \"p\"\nscopes = [\"a\", 1]\n",
			`demo.toml:6:16: profile "p": scopes[1] must be a string, not an integer (scopes must be an array of strings)`},
		{"insecure as string", req + "insecure = \"yes\"\n", `demo.toml:4:1: request "a": insecure must be a boolean (true or false), not a string`},
		{"header value not a string", req + "headers = { X-N = 1 }\n", `demo.toml:4:13: request "a": headers.X-N must be a string, not an integer`},
		{"request without name or url", "[[request]]\nmethod = \"GET\"\n",
			"demo.toml:1:1: request #1 has no name; add name = \"...\"\ndemo.toml:1:1: request #1 has no url; add url = \"https://...\""},
		{"empty name", "[[request]]\nname = \" \"\nurl = \"http://x\"\n", `demo.toml:2:8: request #1: name must not be empty`},
		{"profile without type", "[profile.p]\nusername = \"x\"\n",
			`demo.toml:1:1: profile "p" has no type; add type = one of "basic", "bearer", "apikey", "oauth2-password", "oauth2-client-credentials", "oauth2-authorization-code", "oauth2-device-code"`},
		{"profile missing fields", "[profile.p]\ntype = \"oauth2-password\"\nusername = \"u\"\n",
			"demo.toml:1:1: profile \"p\" (type \"oauth2-password\") has no token_url (or issuer, to discover it)\ndemo.toml:1:1: profile \"p\" (type \"oauth2-password\") has no password"},
		{"field of another type", "[profile.b]\ntype = \"basic\"\nusername = \"a\"\npassword = \"p\"\ntoken = \"t\"\n",
			`demo.toml:5:1: profile "b": token does not apply to type "basic" (it uses username, password)`},
		{"client_secret without client_id", "[profile.p]\ntype = \"oauth2-password\"\ntoken_url = \"http://x\"\nusername = \"u\"\npassword = \"p\"\nclient_secret = \"s\"\n",
			`demo.toml:6:1: profile "p": client_secret needs client_id (with no client_id no client authentication is sent)`},
		{"profile named none", "[profile.none]\ntype = \"bearer\"\ntoken = \"t\"\n",
			`demo.toml:1:10: profile "none": the name "none" is reserved for sending without credentials; choose another name`},
		{"duplicate request names", req + req, `demo.toml:5:8: duplicate request name "a" (first used at line 1); request names must be unique`},
		{"unknown profile", req + "profile = \"nope\"\n",
			`demo.toml:4:11: request "a": profile: unknown profile "nope" (the collection defines no profiles; add [profile.nope] or use "none")`},
		{"unknown profile suggested", "[profile.alice]\ntype = \"bearer\"\ntoken = \"t\"\n" + req + "profile = \"alcie\"\n",
			`demo.toml:7:11: request "a": profile: unknown profile "alcie"; did you mean "alice"?`},
		{"unknown default_profile", "default_profile = \"x\"\n", `demo.toml:1:19: default_profile: unknown profile "x" (the collection defines no profiles; add [profile.x] or use "none")`},
		{"unknown profile type", "[profile.p]\ntype = \"oauth\"\n", `demo.toml:2:8: profile "p": unknown type "oauth" (allowed: "basic", "bearer", "apikey", "oauth2-password", "oauth2-client-credentials", "oauth2-authorization-code", "oauth2-device-code")`},
		{"unknown in", "[profile.q]\ntype = \"apikey\"\nin = \"body\"\nname = \"X\"\nvalue = \"v\"\n",
			`demo.toml:3:6: profile "q": unknown in "body" (allowed: "header", "query", "cookie")`},
		{"unknown client_auth", "[profile.r]\ntype = \"oauth2-password\"\ntoken_url = \"http://x\"\nusername = \"u\"\npassword = \"p\"\nclient_auth = \"post\"\n",
			`demo.toml:6:15: profile "r": unknown client_auth "post" (allowed: "basic", "basic-unencoded", "body", "none", "private_key_jwt")`},
		{"unencoded Basic client_id with a colon", "[profile.r]\ntype = \"oauth2-password\"\ntoken_url = \"http://x\"\nusername = \"u\"\npassword = \"p\"\nclient_id = \"my client:1\"\nclient_auth = \"basic-unencoded\"\n",
			`demo.toml:6:13: profile "r": client_id: contains ':', which HTTP Basic cannot carry unencoded (RFC 7617 §2); use client_auth = "basic" or "body"`},
		{"body and json", req + "body = \"x\"\njson = { a = 1 }\n", `demo.toml:5:1: request "a": json cannot be combined with body; a request has at most one of body, json, form, multipart, body_file`},
		{"form and json", req + "form = { a = \"1\" }\njson = [1]\n", `demo.toml:5:1: request "a": json cannot be combined with form; a request has at most one of body, json, form, multipart, body_file`},
		{"timeout without unit", req + "timeout = \"10\"\n", `demo.toml:4:11: request "a": timeout: "10" is not a positive duration (write it with a unit, such as "10s" or "500ms")`},
		{"bad max_duration", req + "[request.expect]\nmax_duration = \"fast\"\n",
			`demo.toml:5:16: request "a": expect.max_duration: "fast" is not a positive duration (write it with a unit, such as "10s" or "500ms")`},
		{"CR LF in header value", req + "headers = { X-A = \"canary\\r\\nEvil: 1\" }\n",
			`demo.toml:4:19: request "a": header "X-A": value contains a line break (CR or LF), which is not allowed in a header (RFC 9110 §5.5)`},
		{"LF in header name", req + "headers = { \"X-A\\nB\" = \"v\" }\n", `demo.toml:4:13: request "a": headers.X-A` + "\n" + `B: header name contains a line break (CR or LF)`},
		{"invalid header name", req + "headers = { \"X A\" = \"v\" }\n",
			`demo.toml:4:13: request "a": headers.X A: not a valid header name (RFC 9110 §5.1: letters, digits and !#$%&'*+-.^_` + "`" + `|~)`},
		{"unsupported scheme", "[[request]]\nname = \"a\"\nurl = \"ftp://x\"\n", `demo.toml:3:7: request "a": url: unsupported scheme "ftp": keyway sends http and https only`},
		{"file scheme", "[[request]]\nname = \"a\"\nurl = \"file:///etc/passwd\"\n", `demo.toml:3:7: request "a": url: unsupported scheme "file": keyway sends http and https only`},
		{"relative URL", "[[request]]\nname = \"a\"\nurl = \"example.com/x\"\n", `demo.toml:3:7: request "a": url: not an absolute URL: it must start with http:// or https://`},
		{"URL without host", "[[request]]\nname = \"a\"\nurl = \"http:///x\"\n", `demo.toml:3:7: request "a": url: URL has no host`},
		{"invalid token_url", "[profile.p]\ntype = \"oauth2-password\"\ntoken_url = \"ftp://x\"\nusername = \"u\"\npassword = \"p\"\n",
			`demo.toml:3:13: profile "p": token_url: unsupported scheme "ftp": keyway sends http and https only`},
		{"Basic user-id with colon", "[profile.b]\ntype = \"basic\"\nusername = \"a:b\"\npassword = \"p\"\n",
			`demo.toml:3:12: profile "b": username: a Basic user-id cannot contain ':' (RFC 7617 §2)`},
		{"version 2", "version = 2\n", `demo.toml:1:11: version must be 1 (the collection format this keyway reads), not 2`},
		{"version as string", "version = \"1\"\n", `demo.toml:1:1: version must be an integer, not a string`},
		{"single-bracket request", "[request]\nname = \"a\"\n", `demo.toml:1:2: requests are written [[request]] (with double brackets), one per request`},
		{"unclosed reference", "[[request]]\nname = \"a\"\nurl = \"{{base_url/x\"\n", `demo.toml:3:7: request "a": url: invalid reference: "{{" has no closing "}}"`},
		{"unknown reference kind", "[[request]]\nname = \"a\"\nurl = \"{{file:x}}\"\n",
			`demo.toml:3:7: request "a": url: invalid reference: unknown kind "file:" (use {{name}}, {{env:NAME}}, {{secret:NAME}} or {{prompt:Label}})`},
		{"invalid variable name", "[vars]\n\"a b\" = \"x\"\n", `demo.toml:2:1: vars: "a b" is not a valid variable name (use letters, digits, '_', '-' and '.')`},
		{"var not a string", "[vars]\nport = 8080\n", `demo.toml:2:1: vars.port must be a string, not an integer`},
		{"invalid capture name", req + "[request.capture]\n\"user id\" = \".id\"\n",
			`demo.toml:5:1: request "a": capture: "user id" is not a valid variable name (use letters, digits, '_', '-' and '.')`},
		{"integer overflow", "version = 99999999999999999999\n", `demo.toml:1:11: invalid TOML: decimal number is too large to fit in a 64-bit signed integer`},
		{"date in json", req + "json = { when = 1979-05-27 }\n", `demo.toml:4:17: request "a": json.when: JSON has no date-time type; write the date as a string`},
		{"many problems at once", "version = 3\n[[request]]\nname = \"a\"\nmethd = \"GET\"\nurl = \"ftp://x\"\n",
			"demo.toml:1:11: version must be 1 (the collection format this keyway reads), not 3\n" +
				"demo.toml:4:1: unknown key \"methd\" in request \"a\"; did you mean \"method\"?\n" +
				"demo.toml:5:7: request \"a\": url: unsupported scheme \"ftp\": keyway sends http and https only"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("demo.toml", []byte(tc.toml))
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", c)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList: %v", err, err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if strings.Contains(err.Error(), "canary") {
				t.Errorf("error echoes a header value: %s", err)
			}
		})
	}
}

const fullCollection = `# A collection using every key.
name = "Demo API"
version = 1
default_profile = "alice-basic"

[vars]
base_url = "http://127.0.0.1:8080"

[env.staging]
base_url = "https://staging.example.com"

[profile.alice-basic]
type = "basic"
username = "alice"
password = "{{env:ALICE_PASSWORD}}"

[profile.static-token]
type = "bearer"
token = "{{secret:demo-token}}"

[profile.service-key]
type = "apikey"
name = "X-API-Key"
value = "{{env:SERVICE_KEY}}"

[profile.alice-oauth]
type = "oauth2-password"
token_url = "{{base_url}}/oauth/token"
client_id = "demo-client"
client_secret = "{{env:DEMO_CLIENT_SECRET}}"
username = "alice"
password = "{{prompt}}"
scopes = ["read", "write"]
insecure = true

[[request]]
name = "Who am I"
folder = "users"
method = "POST"
url = "{{base_url}}/me"
profile = "alice-oauth"
headers = { Accept = "application/json", X-Trace = "1" }
query = { verbose = "true" }
json = { user = "{{user}}", n = 2, tags = ["a", 1.5, true] }
timeout = "10s"
insecure = true

[request.expect]
status = 200
headers = { Content-Type = "application/json" }
jq = [".name == \"alice\""]
max_duration = "500ms"

[request.capture]
user_id = ".id"

[[request]]
name = "No auth"
url = "{{base_url}}/health"
profile = "none"
form = { b = "2", a = "1" }
`

func TestParseFullCollection(t *testing.T) {
	c, err := Parse("demo.toml", []byte(fullCollection))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Demo API" || c.Version != 1 || c.DefaultProfile != "alice-basic" {
		t.Errorf("top level = %q %d %q", c.Name, c.Version, c.DefaultProfile)
	}
	if got := fmt.Sprint(c.ProfileNames); got != "[alice-basic static-token service-key alice-oauth]" {
		t.Errorf("ProfileNames = %s", got)
	}
	if c.EnvNames[0] != "staging" || c.Envs["staging"]["base_url"] != "https://staging.example.com" {
		t.Errorf("envs = %v %v", c.EnvNames, c.Envs)
	}
	key := c.Profiles["service-key"]
	if key.In != "header" || key.KeyName != "X-API-Key" || key.Pos != (Pos{"demo.toml", 21, 1}) {
		t.Errorf("service-key = %+v", key)
	}
	oauth := c.Profiles["alice-oauth"]
	if oauth.ClientAuth != "basic" || !oauth.Insecure || fmt.Sprint(oauth.Scopes) != "[read write]" {
		t.Errorf("alice-oauth = %+v", oauth)
	}
	r := c.Request("Who am I")
	if r == nil || r.Pos != (Pos{"demo.toml", 36, 1}) {
		t.Fatalf("request = %+v", r)
	}
	if r.Method != "POST" || r.Folder != "users" || r.Timeout != 10*time.Second || !r.Insecure || !r.HasJSON {
		t.Errorf("request fields = %+v", r)
	}
	if fmt.Sprint(r.Headers) != "[{Accept application/json} {X-Trace 1}]" {
		t.Errorf("headers (file order) = %v", r.Headers)
	}
	if r.Expect.Status != 200 || r.Expect.MaxDuration != 500*time.Millisecond || len(r.Expect.JQ) != 1 || r.Expect.Headers[0].Key != "Content-Type" {
		t.Errorf("expect = %+v", r.Expect)
	}
	if fmt.Sprint(r.Capture) != "[{user_id .id}]" {
		t.Errorf("capture = %v", r.Capture)
	}
	second := c.Requests[1]
	if second.Method != "GET" || fmt.Sprint(second.Form) != "[{b 2} {a 1}]" {
		t.Errorf("second request = %+v", second)
	}
	if c.ProfileFor(r) != "alice-oauth" || c.ProfileFor(second) != "" || c.ProfileFor(&Request{}) != "alice-basic" {
		t.Error("ProfileFor does not follow profile, none and default_profile")
	}
	if c.Request("missing") != nil {
		t.Error("Request found a missing name")
	}
}

// TestParseEmpty: an empty file is a valid collection with no requests, so
// that a new file can be opened and filled in the TUI.
func TestParseEmpty(t *testing.T) {
	for _, data := range []string{"", "\n\n", "# only a comment\n", "\uFEFF"} {
		c, err := Parse("empty.toml", []byte(data))
		if err != nil || len(c.Requests) != 0 || c.Version != FormatVersion {
			t.Errorf("Parse(%q) = %+v, %v", data, c, err)
		}
	}
}

func TestParseByteOrderMark(t *testing.T) {
	_, err := Parse("bom.toml", []byte("\uFEFFnmae = \"x\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "bom.toml:1:1: unknown key") {
		t.Fatalf("error = %v; want a column counted without the mark", err)
	}
}

func TestParseColumnsCountCharacters(t *testing.T) {
	_, err := Parse("u.toml", []byte("name = \"café\"; version = 2\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "u.toml:1:14: invalid TOML") {
		t.Fatalf("error = %v", err)
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(path, []byte(fullCollection), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil || c.Path != path || string(c.Source) != fullCollection {
		t.Fatalf("Load = %v, %v", c, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil || !strings.HasPrefix(err.Error(), "reading the collection: open ") || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) error = %v", err)
	}
}

// TestExamplesLoad loads every example collection shipped in examples/.
func TestExamplesLoad(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "examples", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range paths {
		c, err := Load(path)
		if err != nil {
			t.Errorf("%s:\n%v", path, err)
			continue
		}
		if err := c.Check(&Scope{}); err != nil {
			t.Errorf("%s: check:\n%v", path, err)
		}
		for _, env := range c.EnvNames {
			if err := c.Check(&Scope{Env: env}); err != nil {
				t.Errorf("%s: check --env %s:\n%v", path, env, err)
			}
		}
	}
}
