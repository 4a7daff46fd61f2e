package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// idpServer issues the canary access token at /token and counts every
// request, keeping the Authorization header of each API request.
type idpServer struct {
	mu     sync.Mutex
	tokens int      // requests to /token
	api    []string // Authorization of every other request
}

func (s *idpServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/token" {
		s.tokens++
		json.NewEncoder(w).Encode(map[string]any{"access_token": cliCanaryAccess, "refresh_token": cliCanaryRefresh, "token_type": "Bearer", "expires_in": 3600})
		return
	}
	s.api = append(s.api, r.Header.Get("Authorization"))
	w.Write([]byte(`{"next":"` + r.URL.Query().Get("next") + `"}`))
}

func (s *idpServer) counts() (tokens int, api []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens, append([]string(nil), s.api...)
}

// tokenHostsTOML: an OAuth2 password profile whose credentials come from
// the environment and the secret store, a request to the identity
// provider's own API and one to another host.
const tokenHostsTOML = `
name = "token hosts"
version = 1

[profile.idp]
type = "oauth2-password"
token_url = "{{idp}}/token"
username = "alice"
password = "{{secret:alice-pw}}"
client_id = "cli"
client_secret = "{{env:CLIENT_SECRET}}"

[[request]]
name = "Profile at the IdP"
url = "{{idp}}/me?next={{api}}/steal"
profile = "idp"
[request.capture]
next = ".next"

[[request]]
name = "Who am I"
url = "{{api}}/me"
profile = "idp"
`

// An issued token goes only where the credentials that bought it may go:
// with --allow-host or a bound secret, a request that would carry it to
// another host is refused — before the run when the host is in the file,
// when sending when it is known only then (a capture), and the cached
// token is no exception.
func TestIssuedTokenBoundToHosts(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	setCanaryEnv(t)
	idp, other := &idpServer{}, &idpServer{}
	idpSrv, otherSrv := httptest.NewServer(idp), httptest.NewServer(other)
	defer idpSrv.Close()
	defer otherSrv.Close()
	idpHost, otherHost := strings.TrimPrefix(idpSrv.URL, "http://"), strings.TrimPrefix(otherSrv.URL, "http://")
	vars := []string{"--var", "idp=" + idpSrv.URL, "--var", "api=" + otherSrv.URL}
	if code, _, errOut := keyway(t, cliCanaries["OAUTH_PW"], "secret", "set", "alice-pw"); code != exitOK {
		t.Fatalf("secret set: %s", errOut)
	}
	static := writeFile(t, "static.toml", tokenHostsTOML)
	dynamic := writeFile(t, "dynamic.toml", strings.Replace(tokenHostsTOML, `url = "{{api}}/me"`, `url = "{{next}}"`, 1))

	assertNothingElsewhere := func(t *testing.T, out string) {
		t.Helper()
		if _, api := other.counts(); len(api) != 0 {
			t.Errorf("the other host received %d requests: %q", len(api), api)
		}
		assertNoCanary(t, "output", out)
	}

	t.Run("check --exposures lists where the token goes", func(t *testing.T) {
		// check reads no --var: the hosts are in the file.
		path := writeFile(t, "check.toml", tokenHostsTOML+"\n[vars]\nidp = \""+idpSrv.URL+"\"\napi = \""+otherSrv.URL+"\"\n")
		code, out, errOut := keyway(t, "", "check", path, "--exposures")
		if code != exitOK {
			t.Fatalf("exit %d\n%s%s", code, out, errOut)
		}
		line := ""
		for l := range strings.Lines(out) {
			if strings.HasPrefix(l, "{{secret:alice-pw}}") {
				line = l
			}
		}
		// Hosts are sorted, and the ports are random.
		for _, want := range []string{
			`{{secret:alice-pw}} → ` + idpHost + ` (profile "idp": password), and its access token → `,
			idpHost + ` (request "Profile at the IdP")`,
			otherHost + ` (request "Who am I")`,
		} {
			if !strings.Contains(line, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("--allow-host, host in the file: refused before sending", func(t *testing.T) {
		code, out, errOut := keyway(t, "", append([]string{"run", static, "--allow-host", idpHost}, vars...)...)
		want := `the access token of profile "idp", obtained with {{env:CLIENT_SECRET}}, would be sent to ` + otherHost + ` (by request "Who am I"), which no --allow-host allows`
		if code != exitInvalid || !strings.Contains(errOut, want) {
			t.Fatalf("exit %d, want 2 and\n%s\n%s%s", code, want, out, errOut)
		}
		if tokens, api := idp.counts(); tokens != 0 || len(api) != 0 {
			t.Errorf("%d token requests and %d API requests sent; want none", tokens, len(api))
		}
		assertNothingElsewhere(t, out+errOut)
	})

	t.Run("--allow-host, host from a capture: refused when sending, the cached token too", func(t *testing.T) {
		code, out, errOut := keyway(t, "", append([]string{"run", dynamic, "--allow-host", idpHost}, vars...)...)
		// The URL was captured from the IdP's answer to a request that
		// sent allowed values: the capture itself is bound, and refused
		// before the token check (authflow: TestIssuedTokenStaysWithItsHosts)
		// is reached.
		want := `request "Who am I": url: {{next}} was captured from the answer to a request that sent values allowed only to ` + idpHost + ` (--allow-host), and may be that secret or bought with it (a session, a token); refusing to send it to ` + otherHost
		if code != exitFailed || !strings.Contains(out, "1 passed, 1 failed") || !strings.Contains(out+errOut, want) {
			t.Fatalf("exit %d, want 1 and\n%s\n%s%s", code, want, out, errOut)
		}
		if tokens, api := idp.counts(); tokens != 1 || len(api) != 1 || api[0] != "Bearer "+cliCanaryAccess {
			t.Errorf("the IdP saw %d token requests and %q; want one token, used once", tokens, api)
		}
		assertNothingElsewhere(t, out+errOut)
	})

	t.Run("bound secret: refused, with how to allow the host", func(t *testing.T) {
		if code, _, errOut := keyway(t, cliCanaries["OAUTH_PW"], "secret", "set", "alice-pw", "--host", idpHost); code != exitOK {
			t.Fatalf("secret set --host: %s", errOut)
		}
		code, out, errOut := keyway(t, "", append([]string{"run", static}, vars...)...)
		want := `the access token of profile "idp" was issued for {{secret:alice-pw}}, which is bound to ` + idpHost + `; refusing to send it to ` + otherHost +
			` (if that host is right, run: keyway secret set alice-pw --host ` + idpHost + ` --host ` + otherHost + `)`
		if code != exitInvalid || !strings.Contains(errOut, want) {
			t.Fatalf("exit %d, want 2 and\n%s\n%s%s", code, want, out, errOut)
		}
		code, out, errOut = keyway(t, "", append([]string{"flow", static, "--profile", "idp", "--request", "Who am I"}, vars...)...)
		if code != exitInvalid || !strings.Contains(errOut, "refusing to send it to "+otherHost) {
			t.Fatalf("flow: exit %d, want 2 and the refusal\n%s%s", code, out, errOut)
		}
		assertNothingElsewhere(t, out+errOut)
		// Bound to both hosts, the token may go to both.
		if code, _, errOut := keyway(t, cliCanaries["OAUTH_PW"], "secret", "set", "alice-pw", "--host", idpHost, "--host", otherHost); code != exitOK {
			t.Fatalf("secret set --host: %s", errOut)
		}
		if code, out, errOut := keyway(t, "", append([]string{"run", static}, vars...)...); code != exitOK {
			t.Fatalf("bound to both hosts: exit %d\n%s%s", code, out, errOut)
		}
	})
}

// A URL known only when the request is built — from {{env:…}} or a
// capture — is warned about then: once per host, on stderr, for plain
// http to another machine; loopback is not.
func TestRunWarnsAboutClearTextKnownWhenSending(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{}`))
	}))
	defer api.Close()
	t.Setenv("BASIC_PW", "x")
	t.Setenv("BEARER", "y")
	t.Setenv("TARGET", "http://api.example.invalid")
	t.Setenv("LOOP", api.URL)
	path := writeFile(t, "dynwarn.toml", cliCanaryTOML+`
[[request]]
name = "env one"
url = "{{env:TARGET}}/a"
profile = "basic"

[[request]]
name = "env two"
url = "{{env:TARGET}}/b"
profile = "basic"

[[request]]
name = "loopback"
url = "{{env:LOOP}}/c"
profile = "basic"
[request.capture]
next = "\"http://cap.example.invalid/x\""

[[request]]
name = "captured"
url = "{{next}}"
profile = "bearer"
`)
	_, out, errOut := keyway(t, "", "run", path, "--var", "base_url="+api.URL)
	for _, want := range []string{
		`keyway: warning: request "env one": the Basic user-id and password are sent over plain http to api.example.invalid`,
		`keyway: warning: request "captured": the bearer token is sent over plain http to cap.example.invalid`,
	} {
		if strings.Count(errOut, want) != 1 {
			t.Errorf("stderr should hold once %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, `"env two"`) || strings.Contains(errOut, `"loopback"`) {
		t.Errorf("warned twice for a host, or for loopback:\n%s", errOut)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("warnings on stdout, where the report goes:\n%s", out)
	}
}

// A look-alike host (a Cyrillic а in аpi.example.com) is shown with the
// ASCII form it is sent as wherever a host is shown to decide trust:
// --exposures, refusals, warnings, the secret store's bindings.
func TestLookAlikeHostsShowTheirASCIIForm(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	// .invalid (RFC 6761 §6.4): the one run that sends reaches nobody.
	const lookAlike, ascii = "аpi.example.invalid", "аpi.example.invalid (xn--pi-6kc.example.invalid)"
	if code, _, errOut := keyway(t, "canary-look-alike", "secret", "set", "key", "--host", "api.example.invalid"); code != exitOK {
		t.Fatalf("secret set: %s", errOut)
	}
	if code, _, errOut := keyway(t, "canary-look-alike", "secret", "set", "other", "--host", lookAlike); code != exitOK || !strings.Contains(errOut, "bound to "+ascii) {
		t.Fatalf("secret set --host %s: exit %d, %q", lookAlike, code, errOut)
	}
	if _, out, _ := keyway(t, "", "secret", "list"); !strings.Contains(out, "other (file; hosts: "+ascii+")") {
		t.Errorf("secret list: %q", out)
	}
	path := writeFile(t, "lookalike.toml", `
[profile.key]
type = "apikey"
name = "X-Key"
value = "{{secret:key}}"
[[request]]
name = "r"
url = "http://`+lookAlike+`/x"
profile = "key"
`)
	if _, out, _ := keyway(t, "", "check", path, "--exposures"); !strings.Contains(out, "{{secret:key}} → "+ascii+" (profile") {
		t.Errorf("check --exposures:\n%s", out)
	}
	code, out, errOut := keyway(t, "", "run", path)
	for _, want := range []string{
		"{{secret:key}} is bound to api.example.invalid; refusing to send it to " + ascii,
		// The command to copy names the host the request would reach.
		"keyway secret set key --host api.example.invalid --host xn--pi-6kc.example.invalid)",
	} {
		if code != exitInvalid || !strings.Contains(errOut, want) {
			t.Errorf("run: exit %d, stderr lacks %q:\n%s%s", code, want, out, errOut)
		}
	}
	code, out, errOut = keyway(t, "", "run", path, "--allow-host", "api.example.invalid")
	if code != exitInvalid || !strings.Contains(errOut, "would be sent to "+ascii) {
		t.Errorf("run --allow-host: exit %d:\n%s%s", code, out, errOut)
	}
	// The clear-text warning, at the start of a run that may send.
	if code, _, errOut := keyway(t, "canary-look-alike", "secret", "set", "key"); code != exitOK {
		t.Fatalf("secret set: %s", errOut)
	}
	_, _, errOut = keyway(t, "", "run", path)
	if !strings.Contains(errOut, "over plain http to "+ascii) {
		t.Errorf("warning lacks the ASCII form:\n%s", errOut)
	}
}
