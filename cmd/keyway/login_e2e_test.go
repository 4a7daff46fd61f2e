package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// loginServer is an OAuth2 server for the login tests: /authorize
// approves at once (for tests only: a real server shows a sign-in page),
// /token serves the authorization code grant with PKCE S256 (checking the
// verifier against the challenge), the device grant (pending until the
// third poll) and refresh; /device is the device authorization endpoint,
// /me an API that wants the token last issued.
type loginServer struct {
	*httptest.Server
	mu         sync.Mutex
	challenge  string
	redirect   string
	polls      int
	issued     int
	lastToken  string
	apiAuth    []string
	tokenForms []url.Values
	revoked    []string
}

func newLoginServer(t *testing.T) *loginServer {
	s := &loginServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *loginServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/authorize":
		q := r.URL.Query()
		if q.Get("client_id") != "keyway-cli" || q.Get("code_challenge_method") != "S256" || q.Get("response_type") != "code" {
			http.Error(w, "bad authorization request", http.StatusBadRequest)
			return
		}
		s.challenge, s.redirect = q.Get("code_challenge"), q.Get("redirect_uri")
		http.Redirect(w, r, s.redirect+"?code=the-code&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	case "/device":
		io.WriteString(w, `{"device_code":"the-device-code","user_code":"WDJB-MJHT","verification_uri":"`+s.URL+`/verify","expires_in":600,"interval":0}`)
	case "/token":
		_ = r.ParseForm()
		s.tokenForms = append(s.tokenForms, r.PostForm)
		switch r.PostForm.Get("grant_type") {
		case "authorization_code":
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if r.PostForm.Get("code") != "the-code" || base64.RawURLEncoding.EncodeToString(sum[:]) != s.challenge || r.PostForm.Get("redirect_uri") != s.redirect {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
		case "urn:ietf:params:oauth:grant-type:device_code":
			if s.polls++; s.polls < 3 {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"authorization_pending"}`)
				return
			}
		case "refresh_token":
		default:
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"unsupported_grant_type"}`)
			return
		}
		s.issued++
		s.lastToken = fmt.Sprintf("access-%d-e2e", s.issued)
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600,"refresh_token":"refresh-%d-e2e"}`, s.lastToken, s.issued)
	case "/revoke":
		_ = r.ParseForm()
		s.revoked = append(s.revoked, r.PostForm.Get("token_type_hint")+"="+r.PostForm.Get("token"))
	case "/me":
		s.apiAuth = append(s.apiAuth, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") != "Bearer "+s.lastToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"name":"alice"}`)
	default:
		http.NotFound(w, r)
	}
}

// loginBinaries builds keyway and the stand-in browser once per test.
func loginBinaries(t *testing.T) (keyway, browser string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	keyway, browser = filepath.Join(dir, "keyway"), filepath.Join(dir, "browser")
	for bin, pkg := range map[string]string{keyway: ".", browser: "./testdata/browser"} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return keyway, browser
}

// keywayRun runs the binary with env and returns its exit code, stdout
// and stderr.
func keywayRun(t *testing.T, bin string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String(), stderr.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), stdout.String(), stderr.String()
	}
	t.Fatalf("keyway %v: %v", args, err)
	return 0, "", ""
}

func loginCollection(t *testing.T, dir, base string) string {
	path := filepath.Join(dir, "api.toml")
	src := `name = "Logins"
version = 1

[vars]
base_url = "` + base + `"

[profile.browser]
type = "oauth2-authorization-code"
authorize_url = "{{base_url}}/authorize"
token_url = "{{base_url}}/token"
client_id = "keyway-cli"
scopes = ["read"]
revocation_url = "{{base_url}}/revoke"

[profile.tv]
type = "oauth2-device-code"
device_authorization_url = "{{base_url}}/device"
token_url = "{{base_url}}/token"
client_id = "keyway-cli"

[[request]]
name = "Me"
url = "{{base_url}}/me"
profile = "browser"

[[request]]
name = "Me on TV"
url = "{{base_url}}/me"
profile = "tv"
`
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoginRunLogoutThroughTheBinary: keyway run without a login is exit
// 2 before anything is sent, naming keyway login; an authorization-code
// login through $BROWSER (a program that follows the URL to the loopback
// redirect) and a device-code login (approved on the third poll) keep
// their tokens in an owner-only store that holds no other secret; keyway
// run then sends them; keyway logout revokes them (RFC 7009) and forgets
// them, and run needs a login again.
func TestLoginRunLogoutThroughTheBinary(t *testing.T) {
	keyway, browser := loginBinaries(t)
	srv := newLoginServer(t)
	dir := t.TempDir()
	path := loginCollection(t, dir, srv.URL)
	page := filepath.Join(dir, "page.html")
	env := []string{"KEYWAY_SECRETS_FILE=" + filepath.Join(dir, "config", "secrets.toml"), "KEYWAY_TOKENS_FILE=",
		"BROWSER=" + browser, "KEYWAY_TEST_BROWSER_PAGE=" + page, "NO_COLOR=1"}

	code, stdout, stderr := keywayRun(t, keyway, env, "run", path)
	if code != 2 || !strings.Contains(stderr, "run: keyway login "+path+" --profile browser") ||
		!strings.Contains(stderr, "--profile tv") || !strings.Contains(stderr, "nothing was sent") {
		t.Fatalf("run before login: exit %d\n%s%s", code, stdout, stderr)
	}
	srv.mu.Lock()
	sent := len(srv.apiAuth) != 0 || srv.issued != 0
	srv.mu.Unlock()
	if sent {
		t.Fatal("run before login sent requests")
	}

	code, stdout, stderr = keywayRun(t, keyway, env, "login", path, "--profile", "browser")
	if code != 0 {
		t.Fatalf("login browser: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"Build the authorization URL", "code_challenge_method: S256", "Wait for you to sign in",
		srv.URL + "/authorize?", "Check the state", "BASE64URL(SHA256(code_verifier))", "Keep the tokens", "Logged in"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("login output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "the-code") || strings.Contains(stdout, "access-1-e2e") || strings.Contains(stdout, "refresh-1-e2e") {
		t.Errorf("login output shows the code or a token:\n%s", stdout)
	}
	if html, _ := os.ReadFile(page); !strings.Contains(string(html), "You can close this tab") {
		t.Errorf("the browser's last page:\n%s", html)
	}

	code, stdout, stderr = keywayRun(t, keyway, env, "login", path, "--profile", "tv")
	if os.Getenv("SHOW_LOGIN") != "" {
		t.Log(stdout)
	}
	if code != 0 {
		t.Fatalf("login tv: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"Enter the code WDJB-MJHT at " + srv.URL + "/verify", "user code, large", "██",
		"Poll for the token (1)", "authorization_pending", "Poll for the token (3)", "Logged in"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("device login output lacks %q:\n%s", want, stdout)
		}
	}

	store := filepath.Join(dir, "config", "tokens.toml")
	info, err := os.Stat(store)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("token store %v, %v; want mode 0600", info, err)
	}
	data, _ := os.ReadFile(store)
	if !strings.Contains(string(data), "access-2-e2e") || strings.Contains(string(data), "the-code") {
		t.Errorf("token store:\n%s", data)
	}

	// Each profile sends its own login's token: /me takes the one named.
	srv.mu.Lock()
	srv.lastToken = "access-1-e2e"
	srv.mu.Unlock()
	code, stdout, stderr = keywayRun(t, keyway, env, "run", path, "--only", "Me")
	if code != 0 || !strings.Contains(stdout, "1 passed, 0 failed") {
		t.Fatalf("run after login: exit %d\n%s%s", code, stdout, stderr)
	}
	srv.mu.Lock()
	got := srv.apiAuth[len(srv.apiAuth)-1]
	srv.mu.Unlock()
	if got != "Bearer access-1-e2e" {
		t.Fatalf("the API got %q; want the browser login's token", got)
	}
	if strings.Contains(stdout+stderr, "access-1-e2e") {
		t.Fatalf("run output shows the token:\n%s%s", stdout, stderr)
	}

	// keyway flow on an interactive profile runs its grant, each step
	// printed as it happens, and ends with the request.
	srv.mu.Lock()
	srv.polls = 0
	srv.mu.Unlock()
	code, stdout, stderr = keywayRun(t, keyway, env, "flow", path, "--profile", "tv")
	if code != 0 || !strings.Contains(stdout, "Poll for the token (3)") || !strings.Contains(stdout, "Send the request") ||
		!strings.Contains(stdout, "HTTP/1.1 200 OK") {
		t.Fatalf("flow tv: exit %d\n%s%s", code, stdout, stderr)
	}
	srv.mu.Lock()
	srv.lastToken = "access-1-e2e"
	srv.mu.Unlock()

	code, stdout, stderr = keywayRun(t, keyway, env, "logout", path, "--profile", "browser")
	if code != 0 || !strings.Contains(stdout, "Revoked and forgot the tokens") {
		t.Fatalf("logout: exit %d\n%s%s", code, stdout, stderr)
	}
	srv.mu.Lock()
	revoked := strings.Join(srv.revoked, " ")
	srv.mu.Unlock()
	if revoked != "refresh_token=refresh-1-e2e access_token=access-1-e2e" {
		t.Errorf("the revocation endpoint got %v; want the refresh token, then the access token (RFC 7009 §2.1)", revoked)
	}
	if strings.Contains(stdout, "refresh-1-e2e") || strings.Contains(stdout, "access-1-e2e") {
		t.Errorf("logout output shows a token:\n%s", stdout)
	}
	code, _, stderr = keywayRun(t, keyway, env, "run", path, "--only", "Me")
	if code != 2 || !strings.Contains(stderr, "keyway login") {
		t.Fatalf("run after logout: exit %d\n%s", code, stderr)
	}
	// The other profile's login is kept.
	srv.mu.Lock()
	srv.lastToken = "access-3-e2e" // the flow's new login
	srv.mu.Unlock()
	if code, stdout, stderr := keywayRun(t, keyway, env, "run", path, "--only", "Me on TV"); code != 0 {
		t.Fatalf("run of the device profile after the other's logout: exit %d\n%s%s", code, stdout, stderr)
	}
}
