package main

import (
	"encoding/base64"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// cliCanaries are unique values for every kind of secret, with characters
// that URL and Basic encodings change, so that encoded forms are found too.
var cliCanaries = map[string]string{
	"BASIC_PW":      "cli-canary-basic/pw+1",
	"BEARER":        "cli-canary-bearer+2",
	"QUERY_KEY":     "cli-canary-query key/3",
	"HEADER_KEY":    "cli-canary-header-key-4",
	"COOKIE_KEY":    "cli-canary-cookie-5",
	"CLIENT_SECRET": "cli-canary-client secret+6",
	"OAUTH_PW":      "cli-canary-oauth/pw-7",
}

// Tokens the test server issues: keyway must mask them as it learns them.
const (
	cliCanaryAccess  = "cli-canary-access-token-8"
	cliCanaryRefresh = "cli-canary-refresh-token-9"
)

const cliCanaryTOML = `
name = "CLI canaries"
version = 1

[profile.basic]
type = "basic"
username = "alice"
password = "{{env:BASIC_PW}}"

[profile.bearer]
type = "bearer"
token = "{{env:BEARER}}"

[profile.query]
type = "apikey"
in = "query"
name = "api_key"
value = "{{env:QUERY_KEY}}"

[profile.header]
type = "apikey"
name = "X-API-Key"
value = "{{env:HEADER_KEY}}"

[profile.cookie]
type = "apikey"
in = "cookie"
name = "session"
value = "{{env:COOKIE_KEY}}"

[profile.oauth]
type = "oauth2-password"
token_url = "{{base_url}}/token"
client_id = "cli-client"
client_secret = "{{env:CLIENT_SECRET}}"
username = "alice"
password = "{{env:OAUTH_PW}}"
`

// echoEverything answers /token with the canary tokens and everything
// else with every credential it received, in the body and in headers, and
// with a status that fails the request so that keyway shows what it can.
func echoEverything(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/token" {
		json.NewEncoder(w).Encode(map[string]any{"access_token": cliCanaryAccess, "refresh_token": cliCanaryRefresh, "token_type": "Bearer", "expires_in": 3600})
		return
	}
	body, _ := json.Marshal(map[string]string{
		"authorization": r.Header.Get("Authorization"), "query": r.URL.RawQuery,
		"key": r.Header.Get("X-API-Key"), "cookie": r.Header.Get("Cookie"),
	})
	w.Header().Set("X-Echo", string(body))
	w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_scope", error_description="`+r.Header.Get("Authorization")+`"`)
	w.WriteHeader(http.StatusForbidden)
	w.Write(body)
}

func setCanaryEnv(t *testing.T) {
	for name, value := range cliCanaries {
		t.Setenv(name, value)
	}
}

// assertNoCanary fails when out holds any canary in any form it travels in.
func assertNoCanary(t *testing.T, what, out string) {
	t.Helper()
	values := []string{cliCanaryAccess, cliCanaryRefresh,
		base64.StdEncoding.EncodeToString([]byte("alice:" + cliCanaries["BASIC_PW"])),
		base64.StdEncoding.EncodeToString([]byte("cli-client:" + url.QueryEscape(cliCanaries["CLIENT_SECRET"]))),
	}
	for _, v := range cliCanaries {
		values = append(values, v, url.QueryEscape(v), url.PathEscape(v))
	}
	for _, v := range values {
		if strings.Contains(out, v) {
			t.Errorf("%s holds the canary %q:\n%s", what, v, out)
		}
	}
}

func TestRunAndFlowOutputsHoldNoSecret(t *testing.T) {
	setCanaryEnv(t)
	api := httptest.NewServer(http.HandlerFunc(echoEverything))
	defer api.Close()
	// A port nothing listens on: Go's *url.Error quotes the whole URL,
	// API key in the query included.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String()
	l.Close()

	src := cliCanaryTOML
	profiles := []string{"basic", "bearer", "query", "header", "cookie", "oauth"}
	for _, p := range profiles {
		src += "\n[[request]]\nname = \"" + p + "\"\nurl = \"{{base_url}}/echo?p=" + p + "\"\nprofile = \"" + p + "\"\n"
	}
	src += "\n[[request]]\nname = \"refused\"\nurl = \"" + refused + "/x\"\nprofile = \"query\"\n"
	path := writeFile(t, "canary.toml", src)
	report := filepath.Join(t.TempDir(), "report.json")

	code, out, errOut := keyway(t, "", "run", path, "--var", "base_url="+api.URL, "--report", "json:"+report)
	if code != exitFailed || !strings.Contains(out, "0 passed, 7 failed") {
		t.Fatalf("run: exit %d\n%s\n%s", code, out, errOut)
	}
	assertNoCanary(t, "run stdout", out)
	assertNoCanary(t, "run stderr", errOut)
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	assertNoCanary(t, "JSON report", string(data))
	if !strings.Contains(string(data), "api_key=") {
		t.Errorf("the report does not show the refused request's masked URL:\n%s", data)
	}

	for _, p := range profiles {
		code, out, errOut := keyway(t, "", "flow", path, "--profile", p, "--var", "base_url="+api.URL)
		// The echo answers 403 with the credentials in its challenge: a
		// refused credential, so the walk's last step failed.
		if code != exitFailed || !strings.Contains(out, "[failed") {
			t.Fatalf("flow %s: exit %d\n%s\n%s", p, code, out, errOut)
		}
		// The echo must be in the output, masked, or the test proves nothing.
		if !strings.Contains(out, "X-Echo") || !strings.Contains(out, "••••••") {
			t.Errorf("flow %s shows no masked echo:\n%s", p, out)
		}
		assertNoCanary(t, "flow "+p+" stdout", out)
		assertNoCanary(t, "flow "+p+" stderr", errOut)
	}
	code, out, _ = keyway(t, "", "flow", path, "--profile", "query", "--request", "refused")
	if code != exitFailed || !strings.Contains(out, "api_key=") {
		t.Fatalf("flow to a refused port: exit %d, want 1 and the masked URL:\n%s", code, out)
	}
	assertNoCanary(t, "flow error", out)
}

// Payloads a hostile server sends to take over a terminal: a CSI that
// clears the screen, an OSC that retitles the window or sets the clipboard,
// the 8-bit CSI, a bidi override that makes text read backwards, a BEL.
var terminalPayloads = []string{"\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]52;c;cHduZWQ=\x1b\\", "\u009b31m", "\u202egnp.exe", "\a"}

func assertPrintable(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\u009b", "\u202e", "\a"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s lets %q reach the terminal:\n%q", what, bad, out)
		}
	}
}

func TestServerTextCannotInjectEscapes(t *testing.T) {
	payload := strings.Join(terminalPayloads, "|")
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant" + payload, "error_description": payload, "error_uri": "https://x/" + payload})
			return
		}
		w.Header().Set("X-Evil", strings.ReplaceAll(payload, "\a", ""))
		w.Header().Set("Content-Type", "text/plain"+strings.ReplaceAll(payload, "\a", ""))
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte(payload))
	}))
	defer api.Close()
	t.Setenv("CLIENT_SECRET", "x-secret")
	t.Setenv("OAUTH_PW", "x-password")
	src := cliCanaryTOML + `
[[request]]
name = "evil` + "\\u001b[31m" + `"
url = "{{base_url}}/body"
[request.expect]
status = 200
headers = { X-Evil = "nothing" }
jq = [".x"]

[[request]]
name = "token"
url = "{{base_url}}/me"
profile = "oauth"
`
	path := writeFile(t, "evil.toml", src)
	code, out, errOut := keyway(t, "", "run", path, "--var", "base_url="+api.URL)
	if code != exitFailed {
		t.Fatalf("run: exit %d\n%s\n%s", code, out, errOut)
	}
	assertPrintable(t, "run stdout", out)
	assertPrintable(t, "run stderr", errOut)

	for _, args := range [][]string{
		{"flow", path, "--profile", "oauth", "--var", "base_url=" + api.URL},
		{"flow", path, "--profile", "basic", "--request", "evil\x1b[31m", "--var", "base_url=" + api.URL},
	} {
		t.Setenv("BASIC_PW", "x-basic")
		code, out, errOut := keyway(t, "", args...)
		if code == exitOK || out == "" {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errOut)
		}
		if !strings.Contains(out, "pwned") && !strings.Contains(out, "gnp.exe") {
			t.Errorf("%v: the server's text is not shown at all:\n%s", args, out)
		}
		assertPrintable(t, "flow stdout", out)
		assertPrintable(t, "flow stderr", errOut)
	}
}

// countingServer counts every request and remembers the credentials.
type countingServer struct {
	mu    sync.Mutex
	hits  int
	creds []string
}

func (s *countingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits++
	s.creds = append(s.creds, r.Header.Get("Authorization")+r.Header.Get("X-API-Key"))
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte("{}"))
}

func TestRunNoEnvAndAllowHost(t *testing.T) {
	setCanaryEnv(t)
	srv := &countingServer{}
	api := httptest.NewServer(srv)
	defer api.Close()
	host := strings.TrimPrefix(api.URL, "http://")
	src := cliCanaryTOML + `
[[request]]
name = "plain"
url = "{{base_url}}/plain"

[[request]]
name = "keyed"
url = "{{base_url}}/keyed"
profile = "header"
`
	path := writeFile(t, "ci.toml", src)
	cases := []struct {
		name     string
		args     []string
		code     int
		want     string // in stdout+stderr
		sentKeys bool
	}{
		{"--no-env refuses before sending", []string{"--no-env"}, exitInvalid, "{{env:HEADER_KEY}} is read by", false},
		{"--no-env with --only a plain request", []string{"--no-env", "--only", "plain"}, exitOK, "1 passed, 0 failed", false},
		{"--allow-host another host", []string{"--allow-host", "api.example.com"}, exitInvalid, "no --allow-host allows", false},
		{"--allow-host this host", []string{"--allow-host", "127.0.0.1"}, exitOK, "2 passed, 0 failed", true},
		{"--allow-host host:port", []string{"--allow-host", host}, exitOK, "2 passed, 0 failed", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.mu.Lock()
			srv.hits, srv.creds = 0, nil
			srv.mu.Unlock()
			args := append([]string{"run", path, "--var", "base_url=" + api.URL}, tc.args...)
			code, out, errOut := keyway(t, "", args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Fatalf("exit %d, want %d with %q\n%s\n%s", code, tc.code, tc.want, out, errOut)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if tc.code == exitInvalid && srv.hits != 0 {
				t.Errorf("%d requests were sent; want none", srv.hits)
			}
			sent := strings.Contains(strings.Join(srv.creds, ""), cliCanaries["HEADER_KEY"])
			if sent != tc.sentKeys {
				t.Errorf("API key sent = %v, want %v", sent, tc.sentKeys)
			}
			assertNoCanary(t, "output", out+errOut)
		})
	}
	// A host known only when sending is checked then: the request fails
	// and the key is not sent.
	capture := writeFile(t, "capture.toml", cliCanaryTOML+`
[[request]]
name = "login"
url = "{{base_url}}/login"
[request.capture]
next = "\"http://localhost:1/x\""

[[request]]
name = "keyed"
url = "{{next}}"
profile = "header"
`)
	srv.mu.Lock()
	srv.hits, srv.creds = 0, nil
	srv.mu.Unlock()
	t.Setenv("HEADER_KEY", cliCanaries["HEADER_KEY"])
	code, out, errOut := keyway(t, "", "run", capture, "--var", "base_url="+api.URL, "--allow-host", "127.0.0.1")
	if code != exitFailed || !strings.Contains(out+errOut, "not an allowed host") {
		t.Fatalf("exit %d, want 1 and the refusal\n%s\n%s", code, out, errOut)
	}
}

func TestSecretBoundToHostIsNotSentElsewhere(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	const canary = "cli-canary-bound-secret-10"
	if code, _, errOut := keyway(t, canary, "secret", "set", "api", "--host", "api.example.com"); code != exitOK || !strings.Contains(errOut, "bound to api.example.com") {
		t.Fatalf("set --host: exit %d, %q", code, errOut)
	}
	if code, out, _ := keyway(t, "", "secret", "list"); code != exitOK || strings.TrimSpace(out) != "api (file; hosts: api.example.com)" {
		t.Fatalf("list: exit %d, %q", code, out)
	}
	if code, _, errOut := keyway(t, canary, "secret", "set", "bad", "--host", "https://x/"); code == exitOK {
		t.Fatalf("set with an invalid host: exit 0, %q", errOut)
	}
	srv := &countingServer{}
	api := httptest.NewServer(srv)
	defer api.Close()
	path := writeFile(t, "bound.toml", `
[profile.token]
type = "bearer"
token = "{{secret:api}}"
[[request]]
name = "steal"
url = "`+api.URL+`/steal"
profile = "token"
`)
	// Where the secret would go is known before the run: nothing is sent.
	code, out, errOut := keyway(t, "", "run", path)
	if code != exitInvalid || !strings.Contains(out+errOut, "bound to api.example.com") {
		t.Fatalf("run: exit %d, want 2 and the binding named\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = keyway(t, "", "flow", path, "--profile", "token")
	if code != exitInvalid || !strings.Contains(errOut, "refusing to send it") {
		t.Fatalf("flow: exit %d, want 2 and the binding named\n%s\n%s", code, out, errOut)
	}
	if srv.hits != 0 {
		t.Fatalf("%d requests reached the other host", srv.hits)
	}
	assertNoCanary(t, "output", out+errOut)
}

func TestRunWarnsAboutInsecureAndClearText(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer api.Close()
	t.Setenv("BASIC_PW", "x")
	path := writeFile(t, "warn.toml", cliCanaryTOML+`
[[request]]
name = "loopback basic"
url = "{{base_url}}/a"
profile = "basic"

[[request]]
name = "remote basic"
url = "http://api.example.invalid/a"
profile = "basic"

[[request]]
name = "unverified"
url = "https://api.example.invalid/a"
insecure = true
`)
	_, out, errOut := keyway(t, "", "run", path, "--var", "base_url="+api.URL, "--only", "loopback basic", "--only", "remote basic", "--only", "unverified")
	for _, want := range []string{
		`warning: request "remote basic": sends the Basic user-id and password over plain http to api.example.invalid`,
		`warning: request "unverified": insecure = true`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, `"loopback basic"`) {
		t.Errorf("plain http to loopback warned about:\n%s", errOut)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("warnings on stdout, where the report goes:\n%s", out)
	}
}

// TestRunInterruptedPrintsSummary sends the process SIGINT (ctrl+c) while a
// request is in flight: the run stops, says so, and still prints the
// summary line of what finished.
func TestRunInterruptedPrintsSummary(t *testing.T) {
	var once sync.Once
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			once.Do(func() { syscall.Kill(os.Getpid(), syscall.SIGINT) })
			<-r.Context().Done()
		}
	}))
	defer api.Close()
	path := writeFile(t, "slow.toml", `
[[request]]
name = "fast"
url = "`+api.URL+`/fast"
[[request]]
name = "slow"
url = "`+api.URL+`/slow"
[[request]]
name = "never"
url = "`+api.URL+`/never"
`)
	code, out, errOut := keyway(t, "", "run", path)
	if code != exitFailed || !strings.Contains(errOut, "interrupted") || !strings.HasSuffix(strings.TrimSpace(out), "1 passed, 0 failed") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out, "never") {
		t.Errorf("a request ran after ctrl+c:\n%s", out)
	}
	assertPrintable(t, "stdout", out)
}

func TestCheckExposures(t *testing.T) {
	path := writeFile(t, "exp.toml", cliCanaryTOML+`
[vars]
base_url = "https://api.example.com"
[[request]]
name = "a`+"\\u001b[2J"+`"
url = "{{base_url}}/a"
profile = "header"
headers = { X-Trace = "{{env:TRACE`+"\\u001b]0;x\\u0007"+`}}" }
`)
	code, out, errOut := keyway(t, "", "check", path, "--exposures")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		`{{env:HEADER_KEY}} → api.example.com (profile "header": value)`,
		`{{env:BASIC_PW}} → unknown host (profile "basic": password)`,
		`{{env:CLIENT_SECRET}} → api.example.com (profile "oauth": client_secret)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	assertPrintable(t, "check --exposures", out)
}

func TestFlowNoEnvAndAllowHost(t *testing.T) {
	setCanaryEnv(t)
	srv := &countingServer{}
	api := httptest.NewServer(srv)
	defer api.Close()
	path := writeFile(t, "flow.toml", cliCanaryTOML+"\n[[request]]\nname = \"k\"\nurl = \"{{base_url}}/k\"\nprofile = \"header\"\n")
	for _, args := range [][]string{
		{"--no-env"},
		{"--allow-host", "api.example.com"},
	} {
		all := append([]string{"flow", path, "--profile", "header", "--var", "base_url=" + api.URL}, args...)
		code, out, errOut := keyway(t, "", all...)
		if code != exitInvalid || srv.hits != 0 {
			t.Fatalf("%v: exit %d, %d requests sent; want 2 and none\n%s\n%s", args, code, srv.hits, out, errOut)
		}
		assertNoCanary(t, "flow", out+errOut)
	}
	if code, out, errOut := keyway(t, "", "flow", path, "--profile", "header", "--var", "base_url="+api.URL, "--allow-host", "127.0.0.1"); code != exitOK {
		t.Fatalf("allowed host: exit %d\n%s\n%s", code, out, errOut)
	}
}
