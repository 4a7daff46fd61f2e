package demoapi

import (
	"net/http"
	"net/url"
	"testing"
)

func TestClientCredentialsGrant(t *testing.T) {
	h, _ := newDemo(t)
	r := tokenRequest(url.Values{"grant_type": {GrantClientCredentials}, "scope": {"read"}}, false)
	r.SetBasicAuth(ServiceClientID, ServiceClientSecret)
	a := serve(t, h, r)
	if a.Status != http.StatusOK || a.JSON["scope"] != "read" || a.JSON["expires_in"] != 60.0 {
		t.Fatalf("client credentials: %d %s", a.Status, a.Body)
	}
	// RFC 6749 §4.4.3: no refresh token.
	if _, has := a.JSON["refresh_token"]; has {
		t.Errorf("a refresh token for client credentials: %s", a.Body)
	}
	_, c := decodeClaims(t, a.JSON["access_token"].(string))
	if c["sub"] != ServiceClientID || c["client_id"] != ServiceClientID {
		t.Errorf("claims %v", c)
	}
	if notes := get(t, h, "/notes", "Authorization", bearer(a.JSON["access_token"].(string))); notes.Status != http.StatusOK {
		t.Errorf("/notes with a service token: %d %s", notes.Status, notes.Body)
	}

	for name, tt := range map[string]struct {
		form   url.Values
		basic  [2]string
		status int
		error  string
	}{
		"in the body, no scope": {url.Values{"grant_type": {GrantClientCredentials}, "client_id": {ServiceClientID}, "client_secret": {ServiceClientSecret}},
			[2]string{}, 200, ""},
		"wrong secret":       {url.Values{"grant_type": {GrantClientCredentials}}, [2]string{ServiceClientID, "nope"}, 401, "invalid_client"},
		"openid has no user": {url.Values{"grant_type": {GrantClientCredentials}, "scope": {"openid"}}, [2]string{ServiceClientID, ServiceClientSecret}, 400, "invalid_scope"},
		"a public client": {url.Values{"grant_type": {GrantClientCredentials}, "client_id": {CLIClientID}},
			[2]string{}, 400, "unauthorized_client"},
		"a public client with a secret": {url.Values{"grant_type": {GrantClientCredentials}, "client_id": {CLIClientID}, "client_secret": {"x"}},
			[2]string{}, 401, "invalid_client"},
		"a public client by Basic":            {url.Values{"grant_type": {GrantClientCredentials}}, [2]string{CLIClientID, ""}, 401, "invalid_client"},
		"the service with the password grant": {passwordForm(Username, Password, ""), [2]string{ServiceClientID, ServiceClientSecret}, 400, "unauthorized_client"},
	} {
		t.Run(name, func(t *testing.T) {
			r := tokenRequest(tt.form, false)
			if tt.basic[0] != "" {
				r.SetBasicAuth(tt.basic[0], tt.basic[1])
			}
			a := serve(t, h, r)
			if a.Status != tt.status || (tt.error != "" && a.JSON["error"] != tt.error) {
				t.Fatalf("%d %s, want %d %s", a.Status, a.Body, tt.status, tt.error)
			}
		})
	}
}
