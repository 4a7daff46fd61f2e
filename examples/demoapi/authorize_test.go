package demoapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// verifier is a PKCE code verifier (RFC 7636 §4.1), and challenge its S256
// challenge, BASE64URL(SHA256(verifier)), as computed independently.
const (
	verifier  = "dBjftJeZ4CQP-jXrGTV6TmKl5YgkxeXR_LJVxHZUszE"
	challenge = "ThEwL08NYfUTynxt8ochCLxOl8vlq-Osf-g7YBQc6X8"
	callback  = "http://127.0.0.1:49152/callback"
)

// authorizeQuery is an authorization request of demo-cli with PKCE.
func authorizeQuery() url.Values {
	return url.Values{
		"response_type":         {"code"},
		"client_id":             {CLIClientID},
		"redirect_uri":          {callback},
		"scope":                 {"openid read"},
		"state":                 {"st-123"},
		"code_challenge":        {challenge},
		"code_challenge_method": {"S256"},
		"nonce":                 {"n-456"},
	}
}

// consent posts the consent page's form for q, as the browser does when
// the user signs in as name and presses the button.
func consent(t *testing.T, h http.Handler, q url.Values, name, password, button string) answer {
	t.Helper()
	f := url.Values{}
	for k, v := range q {
		f[k] = v
	}
	f.Set("username", name)
	f.Set("password", password)
	f.Set("consent", button)
	r := httptest.NewRequest(http.MethodPost, "/oauth/authorize", strings.NewReader(f.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(t, h, r)
}

// redirected is the query of the Location an answer redirects to, after
// checking that it goes to base.
func redirected(t *testing.T, a answer, base string) url.Values {
	t.Helper()
	if a.Status != http.StatusSeeOther && a.Status != http.StatusFound {
		t.Fatalf("status %d, want a redirect: %s", a.Status, a.Body)
	}
	loc, err := url.Parse(a.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != base {
		t.Fatalf("redirected to %s, want %s", loc, base)
	}
	return loc.Query()
}

// codeForm is the token request that redeems code.
func codeForm(code, verifier string) url.Values {
	f := url.Values{"grant_type": {GrantAuthorizationCode}, "code": {code}, "redirect_uri": {callback}, "client_id": {CLIClientID}}
	if verifier != "" {
		f.Set("code_verifier", verifier)
	}
	return f
}

// signIn walks the page as alice and returns the code.
func signIn(t *testing.T, h http.Handler, q url.Values) string {
	t.Helper()
	if a := get(t, h, "/oauth/authorize?"+q.Encode()); a.Status != http.StatusOK {
		t.Fatalf("consent page: %d %s", a.Status, a.Body)
	}
	back := redirected(t, consent(t, h, q, Username, Password, "allow"), callback)
	return back.Get("code")
}

func TestAuthorizationCodeWithPKCE(t *testing.T) {
	h, clock := newDemo(t)
	q := authorizeQuery()
	page := get(t, h, "http://127.0.0.1:8080/oauth/authorize?"+q.Encode())
	for _, want := range []string{
		`<title>Sign in to the keyway demo · keyway demo</title>`,
		`<p><strong>keyway demo CLI (public)</strong> asks to:</p>`,
		`<li><code>openid</code>: know who you are (an ID token with your name and email)</li><li><code>read</code>: read your profile and notes</li>`,
		`<input type="hidden" name="code_challenge" value="ThEwL08NYfUTynxt8ochCLxOl8vlq-Osf-g7YBQc6X8">`,
		`<input type="hidden" name="state" value="st-123">`,
		`<button type="submit" name="consent" value="allow">Allow</button><button type="submit" name="consent" value="deny">Deny</button>`,
		`Either answer sends your browser back to http://127.0.0.1:49152/callback`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the consent page lacks %s\n%s", want, page.Body)
		}
	}
	if page.Header.Get("X-Frame-Options") != "DENY" || page.Header.Get("Cache-Control") != "no-store" ||
		page.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("page headers %v", page.Header)
	}

	// A wrong password shows the page again, with the request kept.
	again := consent(t, h, q, Username, "nope", "allow")
	if again.Status != http.StatusOK || !strings.Contains(again.Body, "The username or password is wrong.") ||
		!strings.Contains(again.Body, `name="nonce" value="n-456"`) {
		t.Fatalf("wrong password: %d %s", again.Status, again.Body)
	}

	back := redirected(t, consent(t, h, q, Username, Password, "allow"), callback)
	if back.Get("state") != "st-123" || back.Get("iss") != "http://example.com" || len(back.Get("code")) != 43 {
		t.Fatalf("redirect query %v", back)
	}
	code := back.Get("code")

	a := serve(t, h, tokenRequest(codeForm(code, verifier), false))
	if a.Status != http.StatusOK || a.JSON["scope"] != "openid read" || a.JSON["refresh_token"] == nil {
		t.Fatalf("code exchange: %d %s", a.Status, a.Body)
	}
	_, c := decodeClaims(t, a.JSON["access_token"].(string))
	if c["sub"] != Username || c["client_id"] != CLIClientID {
		t.Errorf("access token claims %v", c)
	}
	header, id := decodeClaims(t, a.JSON["id_token"].(string))
	now := float64(clock.Now().Unix())
	if header["typ"] != "JWT" || id["iss"] != "http://example.com" || id["aud"] != CLIClientID || id["sub"] != Username ||
		id["nonce"] != "n-456" || id["auth_time"] != now || id["email"] != "alice@example.com" || id["exp"] != now+60 {
		t.Errorf("ID token %v %v", header, id)
	}
	// An ID token is no access token (RFC 9068 §2.1).
	if me := get(t, h, "/me", "Authorization", bearer(a.JSON["id_token"].(string))); me.Status != http.StatusUnauthorized {
		t.Errorf("the ID token was taken as an access token: %d", me.Status)
	}
}

func TestAuthorizationCodeWithoutOpenIDHasNoIDToken(t *testing.T) {
	h, _ := newDemo(t)
	q := authorizeQuery()
	q.Set("scope", "read write")
	a := serve(t, h, tokenRequest(codeForm(signIn(t, h, q), verifier), false))
	if a.Status != http.StatusOK || a.JSON["scope"] != "read write" || a.JSON["id_token"] != nil {
		t.Fatalf("code exchange: %s", a.Body)
	}
}

func TestAuthorizationCodeRedemptionFailures(t *testing.T) {
	tests := []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"wrong verifier", func(f url.Values) { f.Set("code_verifier", strings.Repeat("a", 43)) },
			"The code_verifier does not match the code_challenge: BASE64URL(SHA256(code_verifier)) differs (RFC 7636 section 4.6)"},
		{"the challenge as verifier", func(f url.Values) { f.Set("code_verifier", challenge) },
			"The code_verifier does not match the code_challenge: BASE64URL(SHA256(code_verifier)) differs (RFC 7636 section 4.6)"},
		{"no verifier", func(f url.Values) { f.Del("code_verifier") },
			"The code_verifier is missing: the authorization request sent a code_challenge (RFC 7636 section 4.5)"},
		{"another redirect_uri", func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:49153/callback") },
			"The redirect_uri differs from the one in the authorization request (RFC 6749 section 4.1.3)"},
		{"no redirect_uri", func(f url.Values) { f.Del("redirect_uri") },
			"The redirect_uri differs from the one in the authorization request (RFC 6749 section 4.1.3)"},
		{"unknown code", func(f url.Values) { f.Set("code", "nope") },
			"The authorization code is invalid, or was issued to another client"},
		{"another client", func(f url.Values) {
			f.Del("client_id")
			f.Set("client_id", ClientID)
			f.Set("client_secret", ClientSecret)
		}, "The authorization code is invalid, or was issued to another client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDemo(t)
			code := signIn(t, h, authorizeQuery())
			f := codeForm(code, verifier)
			tt.edit(f)
			a := serve(t, h, tokenRequest(f, false))
			want := "{\n  \"error\": \"invalid_grant\",\n  \"error_description\": \"" + tt.want + "\"\n}\n"
			if a.Status != http.StatusBadRequest || a.Body != want {
				t.Fatalf("%d %s, want 400 %s", a.Status, a.Body, want)
			}
			// A failed attempt does not use the code up.
			if a := serve(t, h, tokenRequest(codeForm(code, verifier), false)); a.Status != http.StatusOK {
				t.Fatalf("the right request after a failed one: %s", a.Body)
			}
		})
	}
}

func TestAuthorizationCodeExpires(t *testing.T) {
	h, clock := newDemo(t)
	code := signIn(t, h, authorizeQuery())
	clock.Advance(CodeLifetime)
	a := serve(t, h, tokenRequest(codeForm(code, verifier), false))
	if a.JSON["error"] != "invalid_grant" || !strings.HasPrefix(a.JSON["error_description"].(string), "The authorization code expired") {
		t.Fatalf("expired code: %s", a.Body)
	}
}

// TestAuthorizationCodeReuseRevokesItsTokens: RFC 6749 §4.1.2.
func TestAuthorizationCodeReuseRevokesItsTokens(t *testing.T) {
	h, _ := newDemo(t)
	code := signIn(t, h, authorizeQuery())
	first := serve(t, h, tokenRequest(codeForm(code, verifier), false))
	if first.Status != http.StatusOK {
		t.Fatal(first.Body)
	}
	access := first.JSON["access_token"].(string)
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusOK {
		t.Fatalf("/me: %d", me.Status)
	}
	a := serve(t, h, tokenRequest(codeForm(code, verifier), false))
	want := `{
  "error": "invalid_grant",
  "error_description": "The authorization code was already used; the tokens issued with it are now revoked (RFC 6749 section 4.1.2)"
}
`
	if a.Body != want {
		t.Fatalf("reused code: %s", a.Body)
	}
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusUnauthorized {
		t.Fatalf("/me with a token of the reused code: %d", me.Status)
	}
	if a := serve(t, h, tokenRequest(url.Values{"grant_type": {"refresh_token"}, "client_id": {CLIClientID},
		"refresh_token": {first.JSON["refresh_token"].(string)}}, false)); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("refresh with a token of the reused code: %s", a.Body)
	}
}

func TestConfidentialClientMayOmitPKCEButNotDowngrade(t *testing.T) {
	h, _ := newDemo(t)
	q := authorizeQuery()
	q.Set("client_id", ClientID)
	q.Del("code_challenge")
	q.Del("code_challenge_method")
	code := signIn(t, h, q)
	f := codeForm(code, verifier) // a verifier for a code issued without a challenge
	f.Del("client_id")
	r := tokenRequest(f, true)
	if a := serve(t, h, r); a.JSON["error_description"] != "A code_verifier was sent, but the authorization request had no code_challenge (RFC 9700 section 2.1.1)" {
		t.Fatalf("downgrade: %s", a.Body)
	}
	f.Del("code_verifier")
	if a := serve(t, h, tokenRequest(f, true)); a.Status != http.StatusOK || a.JSON["id_token"] == nil {
		t.Fatalf("confidential client without PKCE: %s", a.Body)
	}
}

// TestAuthorizeErrorsRedirect are the errors RFC 6749 §4.1.2.1 sends back
// to the client, the state with them.
func TestAuthorizeErrorsRedirect(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(url.Values)
		code, descr string
	}{
		{"public client without PKCE", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, "invalid_request",
			"The public client demo-cli must use PKCE: send code_challenge and code_challenge_method=S256 (RFC 7636)"},
		{"plain", func(q url.Values) { q.Set("code_challenge_method", "plain") }, "invalid_request",
			"This server accepts code_challenge_method S256 only, not plain (RFC 7636 section 4.2, RFC 9700 section 2.1.1)"},
		{"no method means plain", func(q url.Values) { q.Del("code_challenge_method") }, "invalid_request",
			"This server accepts code_challenge_method S256 only, not plain (RFC 7636 section 4.2, RFC 9700 section 2.1.1)"},
		{"short challenge", func(q url.Values) { q.Set("code_challenge", "abc") }, "invalid_request",
			"The code_challenge must be BASE64URL(SHA256(code_verifier)): 43 characters (RFC 7636 section 4.2)"},
		{"token response type", func(q url.Values) { q.Set("response_type", "token") }, "invalid_request",
			"This server answers response_type code only, not 'token'"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "read admin") }, "invalid_request",
			"Unknown scope 'admin'; this server knows openid, read, write"},
		{"state twice", func(q url.Values) { q.Add("state", "other") }, "invalid_request",
			"The parameter state appears more than once (RFC 6749 section 3.1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDemo(t)
			q := authorizeQuery()
			tt.edit(q)
			back := redirected(t, get(t, h, "/oauth/authorize?"+q.Encode()), callback)
			if back.Get("error") != tt.code || back.Get("error_description") != tt.descr || back.Get("state") != "st-123" {
				t.Fatalf("redirect query %v", back)
			}
		})
	}
}

func TestAuthorizeDeny(t *testing.T) {
	h, _ := newDemo(t)
	back := redirected(t, consent(t, h, authorizeQuery(), "", "", "deny"), callback)
	want := url.Values{"error": {"access_denied"}, "error_description": {"The user denied the request"},
		"state": {"st-123"}, "iss": {"http://example.com"}}
	if back.Encode() != want.Encode() {
		t.Fatalf("deny: %v", back)
	}
}

func TestAuthorizeScopeTheUserMayNotGrant(t *testing.T) {
	h, _ := newDemo(t)
	q := authorizeQuery()
	q.Set("scope", "write")
	back := redirected(t, consent(t, h, q, ReadOnlyUsername, ReadOnlyPassword, "allow"), callback)
	if back.Get("error") != "invalid_scope" || back.Get("code") != "" {
		t.Fatalf("bob granting write: %v", back)
	}
}

// TestAuthorizeBadRedirectIsAPage: with no valid client and redirect URI
// the server must not redirect (RFC 6749 §4.1.2.1).
func TestAuthorizeBadRedirectIsAPage(t *testing.T) {
	tests := []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"unregistered host", func(q url.Values) { q.Set("redirect_uri", "https://evil.example/callback") },
			"The redirect_uri &#39;https://evil.example/callback&#39; is not registered for the client demo-cli. Registered: http://127.0.0.1/callback and http://[::1]/callback, on any port (RFC 8252 section 7.3)."},
		{"localhost", func(q url.Values) { q.Set("redirect_uri", "http://localhost:49152/callback") },
			"Use 127.0.0.1 rather than localhost (RFC 8252 section 8.3)."},
		{"another path", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:49152/other") }, "is not registered"},
		{"no redirect_uri", func(q url.Values) { q.Del("redirect_uri") },
			"The link has no redirect_uri: the server cannot tell where to send you back."},
		{"no client", func(q url.Values) { q.Del("client_id") }, "The link names no client: client_id is missing."},
		{"unknown client", func(q url.Values) { q.Set("client_id", "<b>x</b>") }, "No client &#39;&lt;b&gt;x&lt;/b&gt;&#39; is registered here."},
		{"client_id twice", func(q url.Values) { q.Add("client_id", ClientID) }, "The parameter client_id appears more than once"},
		{"a client with no redirect URI", func(q url.Values) { q.Set("client_id", ServiceClientID) }, "is not registered for the client demo-service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDemo(t)
			q := authorizeQuery()
			tt.edit(q)
			for _, a := range []answer{get(t, h, "/oauth/authorize?"+q.Encode()), consent(t, h, q, Username, Password, "allow")} {
				if a.Status != http.StatusBadRequest || a.Header.Get("Location") != "" || !strings.Contains(a.Body, tt.want) ||
					!strings.Contains(a.Body, "<h1>This sign-in link is not valid</h1>") {
					t.Fatalf("%d %v\n%s\nwant a page with %s", a.Status, a.Header, a.Body, tt.want)
				}
			}
		})
	}
}

// TestConsentPageEscapes: every value on the page comes from a URL
// anyone can craft.
func TestConsentPageEscapes(t *testing.T) {
	h, _ := newDemo(t)
	q := authorizeQuery()
	q.Set("state", `"><script>alert(1)</script>`)
	a := get(t, h, "/oauth/authorize?"+q.Encode())
	if strings.Contains(a.Body, "<script>") || !strings.Contains(a.Body, `value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"`) {
		t.Fatalf("state not escaped:\n%s", a.Body)
	}
}

func TestAutoApproveAs(t *testing.T) {
	clock := newFakeClock()
	h := New(Options{Clock: clock.Now, AutoApproveAs: Username, BaseURL: "http://127.0.0.1:8080/"})
	back := redirected(t, get(t, h, "/oauth/authorize?"+authorizeQuery().Encode()), callback)
	if back.Get("state") != "st-123" || back.Get("iss") != "http://127.0.0.1:8080" {
		t.Fatalf("auto-approved redirect %v", back)
	}
	a := serve(t, h, tokenRequest(codeForm(back.Get("code"), verifier), false))
	if a.Status != http.StatusOK {
		t.Fatal(a.Body)
	}
	// The user's scopes still bound what is granted.
	bob := New(Options{AutoApproveAs: ReadOnlyUsername})
	q := authorizeQuery()
	q.Set("scope", "write")
	if back := redirected(t, get(t, bob, "/oauth/authorize?"+q.Encode()), callback); back.Get("error") != "invalid_scope" {
		t.Fatalf("auto-approved as bob for write: %v", back)
	}
	// Without the option, the page is shown.
	h, _ = newDemo(t)
	if a := get(t, h, "/oauth/authorize?"+authorizeQuery().Encode()); a.Status != http.StatusOK || a.Header.Get("Location") != "" {
		t.Fatalf("without AutoApproveAs: %d %v", a.Status, a.Header)
	}
}

func TestRedirectAllowed(t *testing.T) {
	registered := []string{"http://127.0.0.1/callback", "http://[::1]/callback", "https://app.example.com/cb?x=1"}
	tests := []struct {
		uri  string
		want bool
	}{
		{"http://127.0.0.1/callback", true},
		{"http://127.0.0.1:1/callback", true},
		{"http://127.0.0.1:65535/callback", true},
		{"http://[::1]:8080/callback", true},
		{"https://app.example.com/cb?x=1", true},
		{"https://app.example.com/cb?x=2", false},
		{"https://app.example.com:443/cb?x=1", false},
		{"https://app.example.com/cb?x=1#frag", false},
		{"https://127.0.0.1:8080/callback", false},
		{"http://127.0.0.2:8080/callback", false},
		{"http://localhost:8080/callback", false},
		{"http://127.0.0.1:8080/callback/", false},
		{"http://127.0.0.1:8080/callback?", false},
		{"http://127.0.0.1:8080/callback?a=b", false},
		{"http://127.0.0.1:8080/callback#x", false},
		{"http://u@127.0.0.1:8080/callback", false},
		{"http://127.0.0.1:x/callback", false},
		{"http://127.0.0.1.evil.example/callback", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := redirectAllowed(registered, tt.uri); got != tt.want {
			t.Errorf("redirectAllowed(%q) = %v, want %v", tt.uri, got, tt.want)
		}
	}
}

// FuzzAuthorize: whatever the query, the authorization endpoint never
// panics and never redirects anywhere but a registered redirect URI.
func FuzzAuthorize(f *testing.F) {
	f.Add(authorizeQuery().Encode())
	f.Add("client_id=demo-cli&redirect_uri=http://127.0.0.1:1/callback%23x")
	f.Add("client_id=demo-cli&redirect_uri=http://evil/&redirect_uri=http://127.0.0.1/callback")
	h := New(Options{AutoApproveAs: Username, Clock: func() time.Time { return time.Unix(1, 0) }})
	f.Fuzz(func(t *testing.T, query string) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/oauth/authorize", nil)
		r.URL.RawQuery = query
		h.ServeHTTP(rec, r)
		loc := rec.Header().Get("Location")
		if loc == "" {
			return
		}
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatalf("redirect to an unparsable %q", loc)
		}
		u.RawQuery = ""
		if !redirectAllowed(loopbackCallbacks, u.String()) {
			t.Fatalf("redirect to %q for %q", loc, query)
		}
	})
}
