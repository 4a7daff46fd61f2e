package demoapi

import "net/http"

// metadata is the authorization server metadata of RFC 8414 §2, which
// OpenID Connect Discovery 1.0 §3 extends: where every endpoint is and
// what the server supports, so that a client configured with the issuer
// alone finds the rest.
type metadata struct {
	Issuer                      string   `json:"issuer"`
	AuthorizationEndpoint       string   `json:"authorization_endpoint"`
	TokenEndpoint               string   `json:"token_endpoint"`
	DeviceAuthorizationEndpoint string   `json:"device_authorization_endpoint"` // RFC 8628 §4
	RevocationEndpoint          string   `json:"revocation_endpoint"`           // RFC 7009 via RFC 8414
	IntrospectionEndpoint       string   `json:"introspection_endpoint"`        // RFC 7662 via RFC 8414
	ScopesSupported             []string `json:"scopes_supported"`
	ResponseTypesSupported      []string `json:"response_types_supported"`
	ResponseModesSupported      []string `json:"response_modes_supported"`
	GrantTypesSupported         []string `json:"grant_types_supported"`
	TokenAuthMethods            []string `json:"token_endpoint_auth_methods_supported"`
	RevocationAuthMethods       []string `json:"revocation_endpoint_auth_methods_supported"`
	IntrospectionAuthMethods    []string `json:"introspection_endpoint_auth_methods_supported"`
	CodeChallengeMethods        []string `json:"code_challenge_methods_supported"` // RFC 7636 via RFC 8414
	SubjectTypesSupported       []string `json:"subject_types_supported"`
	IDTokenSigningAlgs          []string `json:"id_token_signing_alg_values_supported"`
	IssParameterSupported       bool     `json:"authorization_response_iss_parameter_supported"` // RFC 9207 §3
}

// discovery is GET /.well-known/openid-configuration (OpenID Connect
// Discovery 1.0 §4) and GET /.well-known/oauth-authorization-server
// (RFC 8414 §3): one document at both, since this server is both.
//
// It has no jwks_uri, which OpenID Connect requires: the demo signs ID
// tokens with a shared HMAC key (HS256) that it never publishes, and
// keyway only decodes them. A real provider signs with a private key and
// publishes the public half there.
func (s *server) discovery(w http.ResponseWriter, r *http.Request) {
	base := s.base(r)
	clientAuth := []string{"client_secret_basic", "client_secret_post", "none"}
	writeJSON(w, http.StatusOK, metadata{
		Issuer:                      base,
		AuthorizationEndpoint:       base + "/oauth/authorize",
		TokenEndpoint:               base + "/oauth/token",
		DeviceAuthorizationEndpoint: base + "/oauth/device",
		RevocationEndpoint:          base + "/oauth/revoke",
		IntrospectionEndpoint:       base + "/oauth/introspect",
		ScopesSupported:             knownScopes,
		ResponseTypesSupported:      []string{"code"},
		ResponseModesSupported:      []string{"query"},
		GrantTypesSupported:         grantTypes,
		TokenAuthMethods:            clientAuth,
		RevocationAuthMethods:       clientAuth,
		// Introspection tells who a token belongs to: only a client
		// that can prove who it is may ask (RFC 7662 §2.1).
		IntrospectionAuthMethods: []string{"client_secret_basic", "client_secret_post"},
		// S256 only: "plain" sends the verifier itself through the
		// browser, where PKCE is meant to keep it out of reach
		// (RFC 7636 §4.2, RFC 9700 §2.1.1).
		CodeChallengeMethods:  []string{"S256"},
		SubjectTypesSupported: []string{"public"},
		IDTokenSigningAlgs:    []string{"HS256"},
		IssParameterSupported: true,
	})
}
