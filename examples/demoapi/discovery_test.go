package demoapi

import (
	"net/http"
	"testing"
)

const wantMetadata = `{
  "issuer": "http://127.0.0.1:8080",
  "authorization_endpoint": "http://127.0.0.1:8080/oauth/authorize",
  "token_endpoint": "http://127.0.0.1:8080/oauth/token",
  "device_authorization_endpoint": "http://127.0.0.1:8080/oauth/device",
  "revocation_endpoint": "http://127.0.0.1:8080/oauth/revoke",
  "introspection_endpoint": "http://127.0.0.1:8080/oauth/introspect",
  "scopes_supported": [
    "openid",
    "read",
    "write"
  ],
  "response_types_supported": [
    "code"
  ],
  "response_modes_supported": [
    "query"
  ],
  "grant_types_supported": [
    "authorization_code",
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:device_code",
    "password",
    "refresh_token"
  ],
  "token_endpoint_auth_methods_supported": [
    "client_secret_basic",
    "client_secret_post",
    "none"
  ],
  "revocation_endpoint_auth_methods_supported": [
    "client_secret_basic",
    "client_secret_post",
    "none"
  ],
  "introspection_endpoint_auth_methods_supported": [
    "client_secret_basic",
    "client_secret_post"
  ],
  "code_challenge_methods_supported": [
    "S256"
  ],
  "subject_types_supported": [
    "public"
  ],
  "id_token_signing_alg_values_supported": [
    "HS256"
  ],
  "authorization_response_iss_parameter_supported": true
}
`

// TestDiscovery: both well-known paths serve the same document, whose
// issuer is the base URL (RFC 8414 §3.3: the client checks it).
func TestDiscovery(t *testing.T) {
	h, _ := newDemo(t)
	for _, path := range []string{"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"} {
		a := get(t, h, "http://127.0.0.1:8080"+path)
		if a.Status != http.StatusOK || a.Body != wantMetadata || a.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d\n%s", path, a.Status, a.Body)
		}
	}
	fixed := New(Options{BaseURL: "https://demo.example/"})
	if a := get(t, fixed, "http://127.0.0.1:8080/.well-known/openid-configuration"); a.JSON["issuer"] != "https://demo.example" ||
		a.JSON["token_endpoint"] != "https://demo.example/oauth/token" {
		t.Errorf("with BaseURL: %s", a.Body)
	}
}
