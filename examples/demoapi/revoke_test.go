package demoapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// post sends form to path, the client authenticating as id and secret
// with HTTP Basic, or with client_id alone when secret is empty.
func post(t *testing.T, h http.Handler, path string, form url.Values, id, secret string) answer {
	t.Helper()
	if secret == "" && id != "" {
		form.Set("client_id", id)
	}
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if secret != "" {
		r.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	return serve(t, h, r)
}

func introspect(t *testing.T, h http.Handler, token string) answer {
	t.Helper()
	return post(t, h, "/oauth/introspect", url.Values{"token": {token}}, ServiceClientID, ServiceClientSecret)
}

func TestRevokeAccessToken(t *testing.T) {
	h, _ := newDemo(t)
	access, refresh := login(t, h, Username, Password, "read")
	a := post(t, h, "/oauth/revoke", url.Values{"token": {access}, "token_type_hint": {"access_token"}}, ClientID, ClientSecret)
	if a.Status != http.StatusOK || a.Body != "" || a.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("revoke: %d %q", a.Status, a.Body)
	}
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusUnauthorized {
		t.Fatalf("/me with a revoked token: %d", me.Status)
	}
	if a := introspect(t, h, access); a.Body != "{\n  \"active\": false\n}\n" {
		t.Fatalf("introspect a revoked token: %s", a.Body)
	}
	// Revoking an access token leaves the refresh token alone.
	if a := introspect(t, h, refresh); a.JSON["active"] != true {
		t.Fatalf("introspect the refresh token: %s", a.Body)
	}
}

func TestRevokeRefreshTokenRevokesTheGrant(t *testing.T) {
	h, _ := newDemo(t)
	access, refresh := login(t, h, Username, Password, "read")
	if a := post(t, h, "/oauth/revoke", url.Values{"token": {refresh}}, ClientID, ClientSecret); a.Status != http.StatusOK {
		t.Fatalf("revoke: %d %s", a.Status, a.Body)
	}
	if a := serve(t, h, tokenRequest(refreshForm(refresh, ""), true)); a.JSON["error"] != "invalid_grant" {
		t.Fatalf("refresh with a revoked token: %s", a.Body)
	}
	// RFC 7009 §2.1: the access tokens of the same grant go too.
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusUnauthorized {
		t.Fatalf("/me after revoking the refresh token: %d", me.Status)
	}
}

func TestRevokeByAPublicClient(t *testing.T) {
	h, _ := newDemo(t)
	a := serve(t, h, tokenRequest(codeForm(signIn(t, h, authorizeQuery()), verifier), false))
	refresh := a.JSON["refresh_token"].(string)
	if a := post(t, h, "/oauth/revoke", url.Values{"token": {refresh}}, CLIClientID, ""); a.Status != http.StatusOK {
		t.Fatalf("revoke by demo-cli: %d %s", a.Status, a.Body)
	}
	if a := introspect(t, h, refresh); a.JSON["active"] != false {
		t.Fatalf("introspect: %s", a.Body)
	}
}

func TestRevokeAnswers(t *testing.T) {
	h, _ := newDemo(t)
	access, refresh := login(t, h, Username, Password, "read")
	for name, tt := range map[string]struct {
		form        url.Values
		id, secret  string
		status      int
		body, error string
	}{
		// RFC 7009 §2.2: an unknown token is no error.
		"unknown token":         {url.Values{"token": {"nope"}}, ClientID, ClientSecret, 200, "", ""},
		"odd hint":              {url.Values{"token": {"nope"}, "token_type_hint": {"cookie"}}, ClientID, ClientSecret, 200, "", ""},
		"no token":              {url.Values{}, ClientID, ClientSecret, 400, "", "invalid_request"},
		"no client":             {url.Values{"token": {access}}, "", "", 401, "", "invalid_client"},
		"wrong secret":          {url.Values{"token": {access}}, ClientID, "nope", 401, "", "invalid_client"},
		"another client's":      {url.Values{"token": {access}}, CLIClientID, "", 400, "", "unauthorized_client"},
		"another client's, too": {url.Values{"token": {refresh}}, ServiceClientID, ServiceClientSecret, 400, "", "unauthorized_client"},
	} {
		t.Run(name, func(t *testing.T) {
			a := post(t, h, "/oauth/revoke", tt.form, tt.id, tt.secret)
			if a.Status != tt.status || (tt.error == "" && a.Body != tt.body) || (tt.error != "" && a.JSON["error"] != tt.error) {
				t.Fatalf("%d %q, want %d %s", a.Status, a.Body, tt.status, tt.error)
			}
		})
	}
	if me := get(t, h, "/me", "Authorization", bearer(access)); me.Status != http.StatusOK {
		t.Fatalf("a refused revocation revoked: %d", me.Status)
	}
}

func TestIntrospect(t *testing.T) {
	h, clock := newDemo(t)
	access, refresh := login(t, h, Username, Password, "read write")
	_, c := decodeClaims(t, access)
	iat := clock.Now().Unix()
	a := introspect(t, h, access)
	want := `{
  "active": true,
  "scope": "read write",
  "client_id": "keyway-demo",
  "username": "alice",
  "token_type": "Bearer",
  "exp": ` + itoa(iat+60) + `,
  "iat": ` + itoa(iat) + `,
  "sub": "alice",
  "aud": "keyway-demo-api",
  "iss": "keyway-demo",
  "jti": "` + c["jti"].(string) + `"
}
`
	if a.Status != http.StatusOK || a.Body != want || a.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("introspect:\n%s\nwant\n%s", a.Body, want)
	}
	a = introspect(t, h, refresh)
	want = `{
  "active": true,
  "scope": "read write",
  "client_id": "keyway-demo",
  "username": "alice",
  "exp": ` + itoa(iat+int64(DefaultRefreshLifetime/time.Second)) + `,
  "sub": "alice"
}
`
	if a.Body != want {
		t.Fatalf("introspect refresh:\n%s\nwant\n%s", a.Body, want)
	}
	clock.Advance(time.Minute)
	inactive := "{\n  \"active\": false\n}\n"
	for name, token := range map[string]string{"expired": access, "unknown": "nope"} {
		if a := introspect(t, h, token); a.Body != inactive {
			t.Errorf("%s: %s", name, a.Body)
		}
	}
	// A spent refresh token is inactive.
	if a := serve(t, h, tokenRequest(refreshForm(refresh, ""), true)); a.Status != http.StatusOK {
		t.Fatal(a.Body)
	}
	if a := introspect(t, h, refresh); a.Body != inactive {
		t.Errorf("spent refresh token: %s", a.Body)
	}

	// RFC 7662 §2.1: the caller must authenticate; a public client cannot.
	if a := post(t, h, "/oauth/introspect", url.Values{"token": {access}}, CLIClientID, ""); a.Status != 401 || a.Body != `{
  "error": "invalid_client",
  "error_description": "Introspection needs a client that authenticates with a secret; demo-cli is a public client (RFC 7662 section 2.1)"
}
` {
		t.Errorf("public client: %d %s", a.Status, a.Body)
	}
	if a := post(t, h, "/oauth/introspect", url.Values{"token": {access}}, "", ""); a.Status != 401 {
		t.Errorf("no client: %d %s", a.Status, a.Body)
	}
	if a := post(t, h, "/oauth/introspect", url.Values{}, ClientID, ClientSecret); a.JSON["error"] != "invalid_request" {
		t.Errorf("no token: %s", a.Body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
