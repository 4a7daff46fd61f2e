package authflow

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// authServer is an authorization server whose /authorize redirects at
// once (as a server that pre-approves would), recording the authorization
// request, and whose /token trades the code for a token when the PKCE
// verifier matches.
type authServer struct {
	*recordingServer
	mu        sync.Mutex
	authorize url.Values // the last authorization request's query
	// redirect, when set, replaces the redirect's query (after the
	// redirect_uri): a denial, another state.
	redirect func(q url.Values) string
	idToken  func(nonce string) string
}

const testCode = "code-4f0d9b"

func newAuthServer(t *testing.T) *authServer {
	a := &authServer{}
	a.recordingServer = newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/openid-configuration":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"issuer":"`+a.URL+`","authorization_endpoint":"`+a.URL+`/authorize","token_endpoint":"`+a.URL+`/token"}`)
		case "/authorize":
			q := r.URL.Query()
			a.mu.Lock()
			a.authorize = q
			a.mu.Unlock()
			query := "code=" + testCode + "&state=" + url.QueryEscape(q.Get("state"))
			if a.redirect != nil {
				query = a.redirect(q)
			}
			http.Redirect(w, r, q.Get("redirect_uri")+"?"+query, http.StatusFound)
		case "/token":
			_ = r.ParseForm()
			a.mu.Lock()
			challenge := a.authorize.Get("code_challenge")
			nonce := a.authorize.Get("nonce")
			a.mu.Unlock()
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if r.PostForm.Get("code") != testCode || base64.RawURLEncoding.EncodeToString(sum[:]) != challenge {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
			id := ""
			if a.idToken != nil {
				id = `,"id_token":"` + a.idToken(nonce) + `"`
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"at-browser","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-1"`+id+`}`)
		default:
			io.WriteString(w, `{"auth":"`+r.Header.Get("Authorization")+`"}`)
		}
	})
	return a
}

func (a *authServer) profile() *Profile {
	return &Profile{
		Name: "browser", Type: TypeOAuth2AuthorizationCode,
		AuthorizeURL: a.URL + "/authorize", TokenURL: a.URL + "/token",
		ClientID: "keyway-cli", Scopes: []string{"openid", "read"},
	}
}

// followBrowser is a browser that follows the URL and its redirects.
func followBrowser(t *testing.T) func(string) error {
	return func(u string) error {
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
}

func unsignedIDToken(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(claims)) + "."
}

// TestAuthorizationCodeWireBytes: the authorization URL carries every
// parameter of RFC 6749 §4.1.1 and the S256 challenge of RFC 7636, the
// token request carries the code, the redirect_uri and the verifier whose
// SHA-256 is the challenge, and a public client sends its client_id in
// the form, no Basic header; the ID token's nonce is checked.
func TestAuthorizationCodeWireBytes(t *testing.T) {
	a := newAuthServer(t)
	a.idToken = func(nonce string) string {
		return unsignedIDToken(`{"sub":"alice","aud":"keyway-cli","exp":4102444800,"nonce":"` + nonce + `"}`)
	}
	c := NewClient()
	resp, flow, err := c.Send(context.Background(), a.profile(), Request{URL: a.URL + "/api"},
		SendOptions{FreshToken: true, Interaction: &Interaction{OpenBrowser: followBrowser(t)}})
	if err != nil {
		t.Fatalf("Send: %v\n%s", err, flowText(flow))
	}
	if !strings.Contains(string(resp.Body), "Bearer at-browser") {
		t.Fatalf("API saw %s", resp.Body)
	}
	q := a.authorize
	for name, want := range map[string]string{"response_type": "code", "client_id": "keyway-cli", "scope": "openid read", "code_challenge_method": "S256"} {
		if q.Get(name) != want {
			t.Errorf("authorization request %s = %q, want %q", name, q.Get(name), want)
		}
	}
	redirect, _ := url.Parse(q.Get("redirect_uri"))
	if redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" || redirect.Port() == "" {
		t.Errorf("redirect_uri = %s; want http://127.0.0.1:PORT/callback", q.Get("redirect_uri"))
	}
	if len(q.Get("state")) < 20 || len(q.Get("code_challenge")) != 43 || q.Get("nonce") == "" {
		t.Errorf("state %q, code_challenge %q, nonce %q: want random values", q.Get("state"), q.Get("code_challenge"), q.Get("nonce"))
	}
	var tokenReq received
	for _, r := range a.got() {
		if r.URL == "/token" {
			tokenReq = r
		}
	}
	form, _ := url.ParseQuery(tokenReq.Body)
	verifier := form.Get("code_verifier")
	want := url.Values{"grant_type": {"authorization_code"}, "code": {testCode}, "redirect_uri": {q.Get("redirect_uri")},
		"code_verifier": {verifier}, "client_id": {"keyway-cli"}}
	if tokenReq.Body != want.Encode() {
		t.Errorf("token request body\n got %s\nwant %s", tokenReq.Body, want.Encode())
	}
	if h := tokenReq.Header.Get("Authorization"); h != "" {
		t.Errorf("a public client sent Authorization: %s", h)
	}
	text := flowText(flow)
	for _, want := range []string{"Build the authorization URL", "code_challenge_method: S256", "Wait for you to sign in",
		"Read the redirect", "GET /callback?code=", "Check the state", "Trade the code for a token",
		"BASE64URL(SHA256(code_verifier)): " + q.Get("code_challenge"), "== code_challenge", "Check the ID token", "the one sent"} {
		if !strings.Contains(text, want) {
			t.Errorf("the walk lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, testCode) || strings.Contains(text, verifier) || strings.Contains(text, "at-browser") {
		t.Errorf("the walk shows the code, verifier or token unmasked:\n%s", text)
	}
}

func flowText(f *Flow) string {
	if f == nil {
		return ""
	}
	var b strings.Builder
	_ = f.WriteText(&b, NewRedactor())
	return b.String()
}

// TestAuthorizationCodeFailures: a denied consent, a redirect with another
// state and an ID token with another nonce each fail their own step with
// what happened, and no token is kept.
func TestAuthorizationCodeFailures(t *testing.T) {
	cases := []struct {
		name     string
		redirect func(url.Values) string
		idToken  func(string) string
		step     string
		want     string
	}{
		{"denied", func(q url.Values) string {
			return "error=access_denied&error_description=The+user+said+no&state=" + url.QueryEscape(q.Get("state"))
		}, nil, "Read the redirect", "error=access_denied: The user said no (the sign-in was cancelled or consent was declined"},
		{"state mismatch", func(url.Values) string { return "code=" + testCode + "&state=forged" }, nil,
			"Check the state", "not the one sent"},
		{"missing state", func(url.Values) string { return "code=" + testCode }, nil, "Check the state", "has no state"},
		{"wrong redirect", func(url.Values) string { return "error=invalid_request&error_description=redirect_uri+not+registered" }, nil,
			"Read the redirect", "redirect_uri not registered"},
		{"nonce", nil, func(string) string {
			return unsignedIDToken(`{"sub":"alice","aud":"keyway-cli","exp":4102444800,"nonce":"other"}`)
		}, "Check the ID token", "nonce is not the one sent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := newAuthServer(t)
			a.redirect, a.idToken = tc.redirect, tc.idToken
			c := NewClient()
			_, flow, err := c.Send(context.Background(), a.profile(), Request{URL: a.URL + "/api"},
				SendOptions{FreshToken: true, Interaction: &Interaction{OpenBrowser: followBrowser(t)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want it to say %q", err, tc.want)
			}
			last := flow.Steps[len(flow.Steps)-1]
			if last.Title != tc.step || last.Status != StepFailed {
				t.Fatalf("last step %q (%s); want %q failed\n%s", last.Title, last.Status, tc.step, flowText(flow))
			}
			if _, ok := c.Tokens.Get(a.profile().TokenCacheKey()); ok {
				t.Fatal("a token was kept after a failed login")
			}
		})
	}
}

// TestAuthorizationCodeTimeout: with no redirect, the wait ends with the
// context and says what to check (the redirect URI).
func TestAuthorizationCodeTimeout(t *testing.T) {
	a := newAuthServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	opened := func(string) error { cancel(); return nil }
	_, flow, err := NewClient().Send(ctx, a.profile(), Request{URL: a.URL + "/api"},
		SendOptions{FreshToken: true, Interaction: &Interaction{OpenBrowser: opened}})
	if err == nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v; want the cancellation", err)
	}
	last := flow.Steps[len(flow.Steps)-1]
	if last.Title != "Wait for you to sign in" || !strings.Contains(last.Hint, "redirect URI") {
		t.Fatalf("last step %q hint %q", last.Title, last.Hint)
	}
}

// TestLoopbackIsOneShot: the listener answers the first redirect and
// refuses the next; other paths are not found.
func TestLoopbackIsOneShot(t *testing.T) {
	lb, err := listenLoopback("", "s1")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	get := func(u string) (int, string) {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	base := strings.TrimSuffix(lb.redirectURI, "/callback")
	if status, _ := get(base + "/favicon.ico"); status != http.StatusNotFound {
		t.Errorf("other path: %d", status)
	}
	status, page := get(lb.redirectURI + "?code=c&state=s1")
	if status != 200 || !strings.Contains(page, "You can close this tab") || strings.Contains(page, "code=c") {
		t.Errorf("first redirect: %d %s", status, page)
	}
	if status, _ := get(lb.redirectURI + "?code=c2&state=s1"); status != http.StatusGone {
		t.Errorf("second redirect: %d; want 410", status)
	}
	res, err := lb.wait(context.Background())
	if err != nil || res.callback.Code != "c" {
		t.Fatalf("wait = %+v, %v", res, err)
	}
}

// TestLoopbackRedirectURI: a port in redirect_uri is kept, a host other
// than loopback is refused.
func TestLoopbackRedirectURI(t *testing.T) {
	if _, err := listenLoopback("http://example.com/callback", "s"); err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("example.com: %v", err)
	}
	if _, err := listenLoopback("https://127.0.0.1/callback", "s"); err == nil {
		t.Error("https loopback accepted")
	}
	lb, err := listenLoopback("http://localhost/cb", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	if !strings.HasPrefix(lb.redirectURI, "http://localhost:") || !strings.HasSuffix(lb.redirectURI, "/cb") {
		t.Errorf("redirectURI = %s", lb.redirectURI)
	}
}

// TestParseCallback covers the redirect parser's refusals.
func TestParseCallback(t *testing.T) {
	for query, want := range map[string]string{
		"code=a&code=b&state=s": "2 times",
		"state=s":               "neither code nor error",
		"code=%zz":              "could not be read",
		"code=a%0Ab":            "printable",
	} {
		if _, err := ParseCallback(query); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseCallback(%q) = %v; want %q", query, err, want)
		}
	}
	cb, err := ParseCallback("code=c&state=s&iss=https%3A%2F%2Fid.example")
	if err != nil || cb.Code != "c" || cb.State != "s" || cb.Issuer != "https://id.example" {
		t.Errorf("ParseCallback = %+v, %v", cb, err)
	}
}

// FuzzParseCallback: any query parses or fails with an error that quotes
// no code, never panics.
func FuzzParseCallback(f *testing.F) {
	for _, s := range []string{"code=abc&state=xyz", "error=access_denied&error_description=no", "code=a&code=b", "%", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		cb, err := ParseCallback(query)
		if err != nil {
			if v, _ := url.ParseQuery(query); v.Get("code") != "" && len(v.Get("code")) > 3 && strings.Contains(err.Error(), v.Get("code")) {
				t.Fatalf("error quotes the code: %v", err)
			}
			return
		}
		if cb.Code == "" && cb.Error == "" {
			t.Fatal("parsed a redirect with neither code nor error")
		}
	})
}

// TestLoopbackLocalhostHoldsIPv6Too: for a "localhost" redirect URI the
// browser may connect to [::1] first; another program listening there on
// the same port would receive the code. The listener holds [::1] too, and
// refuses to start when another program has it.
func TestLoopbackLocalhostHoldsIPv6Too(t *testing.T) {
	squatter, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback here")
	}
	defer squatter.Close()
	port := squatter.Addr().(*net.TCPAddr).Port
	lb, err := listenLoopback("http://localhost:"+strconv.Itoa(port)+"/cb", "s")
	if err == nil {
		lb.close()
		t.Fatal("the login listened while another program held [::1] at its port")
	}
	if !strings.Contains(err.Error(), "another program is listening on [::1]:"+strconv.Itoa(port)) {
		t.Errorf("err = %v", err)
	}
	lb, err = listenLoopback("http://localhost/cb", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer lb.close()
	resp, err := http.Get("http://[::1]:" + lb.redirectURI[len("http://localhost:"):len(lb.redirectURI)-len("/cb")] + "/cb?code=c&state=s")
	if err != nil {
		t.Fatalf("the [::1] side does not answer: %v", err)
	}
	resp.Body.Close()
	if res, err := lb.wait(context.Background()); err != nil || res.callback.Code != "c" {
		t.Fatalf("wait = %+v, %v", res, err)
	}
}
