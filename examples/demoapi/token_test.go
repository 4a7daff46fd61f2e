package demoapi

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// decodeClaims decodes a JWT's header and claims without checking it, as a
// client such as the TUI does to show them.
func decodeClaims(t *testing.T, token string) (header, body map[string]any) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("access token %q is not a JWT", token)
	}
	for i, into := range []*map[string]any{&header, &body} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatalf("JWT part %d: %v", i, err)
		}
		if err := json.Unmarshal(raw, into); err != nil {
			t.Fatalf("JWT part %d: %v", i, err)
		}
	}
	return header, body
}

func TestPasswordGrant(t *testing.T) {
	tests := []struct {
		name      string
		request   func() *http.Request
		wantScope string
	}{
		{"client by HTTP Basic, form-urlencoded (RFC 6749 §2.3.1)", func() *http.Request {
			return tokenRequest(passwordForm(Username, Password, "read write"), true)
		}, "read write"},
		{"client by HTTP Basic without form-urlencoding, as curl -u sends it", func() *http.Request {
			r := tokenRequest(passwordForm(Username, Password, "write"), false)
			r.SetBasicAuth(ClientID, ClientSecret)
			return r
		}, "write"},
		{"client in the body", func() *http.Request {
			f := passwordForm(Username, Password, "")
			f.Set("client_id", ClientID)
			f.Set("client_secret", ClientSecret)
			return tokenRequest(f, false)
		}, "read"},
		{"client by HTTP Basic and its id in the body too", func() *http.Request {
			f := passwordForm(ReadOnlyUsername, ReadOnlyPassword, "read")
			f.Set("client_id", ClientID)
			return tokenRequest(f, true)
		}, "read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, clock := newDemo(t)
			a := serve(t, h, tt.request())
			if a.Status != http.StatusOK {
				t.Fatalf("status %d: %s", a.Status, a.Body)
			}
			if a.Header.Get("Cache-Control") != "no-store" || a.Header.Get("Pragma") != "no-cache" {
				t.Errorf("caching headers %v, want no-store and no-cache (RFC 6749 §5.1)", a.Header)
			}
			if a.JSON["token_type"] != "Bearer" || a.JSON["expires_in"] != 60.0 || a.JSON["scope"] != tt.wantScope {
				t.Errorf("token response %s", a.Body)
			}
			if r, _ := a.JSON["refresh_token"].(string); len(r) < 32 {
				t.Errorf("refresh_token %q", r)
			}
			header, c := decodeClaims(t, a.JSON["access_token"].(string))
			if header["alg"] != "HS256" || header["typ"] != "at+jwt" {
				t.Errorf("JWT header %v", header)
			}
			iat := float64(clock.Now().Unix())
			if c["iss"] != Issuer || c["aud"] != Audience || c["client_id"] != ClientID ||
				c["scope"] != tt.wantScope || c["iat"] != iat || c["exp"] != iat+60 {
				t.Errorf("JWT claims %v", c)
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	withClient := func(f url.Values) url.Values {
		f.Set("client_id", ClientID)
		f.Set("client_secret", ClientSecret)
		return f
	}
	tests := []struct {
		name    string
		request func() *http.Request
		status  int
		error   string
	}{
		{"wrong password", func() *http.Request {
			return tokenRequest(passwordForm(Username, "nope", ""), true)
		}, 400, "invalid_grant"},
		{"unknown user", func() *http.Request {
			return tokenRequest(passwordForm("mallory", Password, ""), true)
		}, 400, "invalid_grant"},
		{"no password", func() *http.Request {
			f := passwordForm(Username, "", "")
			f.Del("password")
			return tokenRequest(f, true)
		}, 400, "invalid_request"},
		{"no username", func() *http.Request {
			return tokenRequest(passwordForm("", Password, ""), true)
		}, 400, "invalid_request"},
		{"wrong client secret by Basic", func() *http.Request {
			r := tokenRequest(passwordForm(Username, Password, ""), false)
			r.SetBasicAuth(ClientID, "nope")
			return r
		}, 401, "invalid_client"},
		{"wrong client secret in the body", func() *http.Request {
			f := withClient(passwordForm(Username, Password, ""))
			f.Set("client_secret", "nope")
			return tokenRequest(f, false)
		}, 401, "invalid_client"},
		{"unknown client", func() *http.Request {
			f := withClient(passwordForm(Username, Password, ""))
			f.Set("client_id", "other")
			return tokenRequest(f, false)
		}, 401, "invalid_client"},
		{"no client authentication", func() *http.Request {
			return tokenRequest(passwordForm(Username, Password, ""), false)
		}, 401, "invalid_client"},
		{"a bearer token instead of client credentials", func() *http.Request {
			r := tokenRequest(passwordForm(Username, Password, ""), false)
			r.Header.Set("Authorization", bearer(BearerToken))
			return r
		}, 401, "invalid_client"},
		{"client authenticated twice", func() *http.Request {
			return tokenRequest(withClient(passwordForm(Username, Password, "")), true)
		}, 400, "invalid_request"},
		{"Basic and body name different clients", func() *http.Request {
			f := passwordForm(Username, Password, "")
			f.Set("client_id", "other")
			return tokenRequest(f, true)
		}, 400, "invalid_request"},
		{"unsupported grant", func() *http.Request {
			return tokenRequest(url.Values{"grant_type": {"implicit"}}, true)
		}, 400, "unsupported_grant_type"},
		{"a grant the client is not registered for", func() *http.Request {
			return tokenRequest(url.Values{"grant_type": {"client_credentials"}}, true)
		}, 400, "unauthorized_client"},
		{"no grant_type", func() *http.Request {
			return tokenRequest(url.Values{"username": {Username}}, true)
		}, 400, "invalid_request"},
		{"unknown scope", func() *http.Request {
			return tokenRequest(passwordForm(Username, Password, "read admin"), true)
		}, 400, "invalid_scope"},
		{"scope the user may not have", func() *http.Request {
			return tokenRequest(passwordForm(ReadOnlyUsername, ReadOnlyPassword, "write"), true)
		}, 400, "invalid_scope"},
		{"parameter twice (RFC 6749 §3.2)", func() *http.Request {
			f := passwordForm(Username, Password, "")
			f.Add("username", ReadOnlyUsername)
			return tokenRequest(f, true)
		}, 400, "invalid_request"},
		{"JSON body", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/oauth/token",
				strings.NewReader(`{"grant_type":"password"}`))
			r.Header.Set("Content-Type", "application/json")
			return r
		}, 400, "invalid_request"},
		{"refresh without a token", func() *http.Request {
			return tokenRequest(url.Values{"grant_type": {"refresh_token"}}, true)
		}, 400, "invalid_request"},
		{"unknown refresh token", func() *http.Request {
			return tokenRequest(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}}, true)
		}, 400, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _ := newDemo(t)
			a := serve(t, h, tt.request())
			if a.Status != tt.status || a.JSON["error"] != tt.error {
				t.Fatalf("status %d body %s; want %d %s", a.Status, a.Body, tt.status, tt.error)
			}
			description, _ := a.JSON["error_description"].(string)
			if description == "" || challengeSafe(description) != description {
				t.Errorf("error_description %q is empty or outside RFC 6749 §5.2's characters", description)
			}
			if strings.Contains(a.Body, Password) || strings.Contains(a.Body, ClientSecret) {
				t.Errorf("the error echoes a secret: %s", a.Body)
			}
			if a.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("an error answer may be cached")
			}
			challenge := a.Header.Get("WWW-Authenticate")
			if (tt.status == 401) != (challenge == `Basic realm="keyway demo", charset="UTF-8"`) {
				t.Errorf("status %d with WWW-Authenticate %q", tt.status, challenge)
			}
		})
	}
}

func TestTokenEndpointWantsPost(t *testing.T) {
	h, _ := newDemo(t)
	if a := get(t, h, "/oauth/token"); a.Status != http.StatusMethodNotAllowed {
		t.Fatalf("GET /oauth/token: status %d, want 405", a.Status)
	}
}

func refreshForm(token, scope string) url.Values {
	f := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}}
	if scope != "" {
		f.Set("scope", scope)
	}
	return f
}

func TestRefreshTokenGrant(t *testing.T) {
	h, clock := newDemo(t)
	_, refresh := login(t, h, Username, Password, "read write")

	// A broader scope than granted is refused, and does not use the token up.
	a := serve(t, h, tokenRequest(refreshForm(refresh, "read admin"), true))
	if a.JSON["error"] != "invalid_scope" {
		t.Fatalf("broader scope: %s", a.Body)
	}

	clock.Advance(2 * time.Minute) // the access token has expired
	a = serve(t, h, tokenRequest(refreshForm(refresh, "read"), true))
	if a.Status != http.StatusOK || a.JSON["scope"] != "read" {
		t.Fatalf("refresh: status %d: %s", a.Status, a.Body)
	}
	access := a.JSON["access_token"].(string)
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusOK {
		t.Fatalf("/me with the refreshed token: %d %s", me.Status, me.Body)
	}
	rotated := a.JSON["refresh_token"].(string)
	if rotated == refresh {
		t.Fatal("the refresh token was not rotated")
	}

	// The rotated one keeps the scope first granted, not the narrowed one
	// (RFC 6749 §6).
	a = serve(t, h, tokenRequest(refreshForm(rotated, "read write"), true))
	if a.Status != http.StatusOK || a.JSON["scope"] != "read write" {
		t.Fatalf("refresh with the rotated token: %s", a.Body)
	}

	// A refresh that names no scope gets the scope first granted (§6).
	a = serve(t, h, tokenRequest(refreshForm(a.JSON["refresh_token"].(string), ""), true))
	if a.Status != http.StatusOK || a.JSON["scope"] != "read write" {
		t.Fatalf("refresh without a scope: %s", a.Body)
	}

	// It is worth nothing without the client's credentials (RFC 6749 §6).
	f := refreshForm(a.JSON["refresh_token"].(string), "")
	f.Set("client_id", "other")
	if a := serve(t, h, tokenRequest(f, false)); a.JSON["error"] != "invalid_client" {
		t.Fatalf("other client: %s", a.Body)
	}
}

// TestRefreshTokenReuseRevokesTheFamily: a spent refresh token coming
// back means two parties hold it; RFC 9700 §4.14.2 has the server revoke
// every token of the grant, the live ones included.
func TestRefreshTokenReuseRevokesTheFamily(t *testing.T) {
	h, _ := newDemo(t)
	_, refresh := login(t, h, Username, Password, "read")
	a := serve(t, h, tokenRequest(refreshForm(refresh, ""), true))
	if a.Status != http.StatusOK {
		t.Fatalf("refresh: %s", a.Body)
	}
	access, rotated := a.JSON["access_token"].(string), a.JSON["refresh_token"].(string)

	a = serve(t, h, tokenRequest(refreshForm(refresh, ""), true))
	want := `{
  "error": "invalid_grant",
  "error_description": "The refresh token was already used once; every token issued from the same grant is now revoked (RFC 9700 section 4.14.2)"
}
`
	if a.Status != http.StatusBadRequest || a.Body != want {
		t.Fatalf("reused refresh token: %d %s", a.Status, a.Body)
	}
	if a := serve(t, h, tokenRequest(refreshForm(rotated, ""), true)); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("the rotated refresh token still works after the reuse: %s", a.Body)
	}
	me := get(t, h, "/me", "Authorization", bearer(access))
	if me.Status != http.StatusUnauthorized ||
		me.Header.Get("WWW-Authenticate") != `Bearer realm="keyway demo", error="invalid_token", error_description="The access token was revoked"` {
		t.Fatalf("the access token of the family still works: %d %v", me.Status, me.Header)
	}
	// Another login is another family, untouched.
	other, _ := login(t, h, Username, Password, "read")
	if me := get(t, h, "/me", "Authorization", bearer(other)); me.Status != http.StatusOK {
		t.Fatalf("another grant's token was revoked too: %d", me.Status)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	h, clock := newDemo(t)
	_, refresh := login(t, h, Username, Password, "")
	clock.Advance(DefaultRefreshLifetime)
	if a := serve(t, h, tokenRequest(refreshForm(refresh, ""), true)); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("expired refresh token: %s", a.Body)
	}
}

func TestSubSecondLifetimeRoundsUp(t *testing.T) {
	h := New(Options{TokenLifetime: 10 * time.Millisecond})
	a := serve(t, h, tokenRequest(passwordForm(Username, Password, ""), true))
	if a.JSON["expires_in"] != 1.0 {
		t.Fatalf("expires_in %v, want 1", a.JSON["expires_in"])
	}
}

func TestDefaults(t *testing.T) {
	h := New(Options{})
	a := serve(t, h, tokenRequest(passwordForm(Username, Password, ""), true))
	if a.JSON["expires_in"] != DefaultTokenLifetime.Seconds() {
		t.Fatalf("expires_in %v, want %v", a.JSON["expires_in"], DefaultTokenLifetime.Seconds())
	}
	// Each New makes its own key: a token from one demo is refused by another.
	other := New(Options{})
	access := a.JSON["access_token"].(string)
	if me := get(t, other, "/me", "Authorization", bearer(access)); me.Status != http.StatusUnauthorized {
		t.Fatalf("another demo accepted the token: %d", me.Status)
	}
}

func TestRefreshTableIsBounded(t *testing.T) {
	clock := newFakeClock()
	s := &server{refresh: map[string]refreshGrant{}, now: clock.Now}
	for i := range maxRefreshTokens + 5 {
		s.mu.Lock()
		s.pruneRefreshLocked(clock.Now())
		s.refresh[strconv.Itoa(i)] = refreshGrant{family: "f", expires: clock.Now().Add(time.Hour)}
		s.mu.Unlock()
	}
	if len(s.refresh) > maxRefreshTokens {
		t.Fatalf("%d refresh tokens kept, want at most %d", len(s.refresh), maxRefreshTokens)
	}
}
