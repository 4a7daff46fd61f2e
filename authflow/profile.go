package authflow

import "slices"

// Type names an authentication method.
type Type string

// The authentication methods keyway knows.
const (
	TypeNone           Type = "none"            // no credentials
	TypeBasic          Type = "basic"           // RFC 7617
	TypeBearer         Type = "bearer"          // RFC 6750
	TypeAPIKey         Type = "apikey"          // a key in a header, query parameter or cookie
	TypeOAuth2Password Type = "oauth2-password" // RFC 6749 §4.3
	// TypeOAuth2ClientCredentials is a machine's own credentials, no user
	// (RFC 6749 §4.4).
	TypeOAuth2ClientCredentials Type = "oauth2-client-credentials"
	// TypeOAuth2AuthorizationCode is the authorization code grant with
	// PKCE (RFC 6749 §4.1, RFC 7636) as a native app (RFC 8252).
	TypeOAuth2AuthorizationCode Type = "oauth2-authorization-code"
	// TypeOAuth2DeviceCode is the device authorization grant (RFC 8628).
	TypeOAuth2DeviceCode Type = "oauth2-device-code"
)

// OAuth2Types lists the OAuth2 profile types.
var OAuth2Types = []Type{TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode}

// IsOAuth2 reports whether t is one of the OAuth2 grants.
func (t Type) IsOAuth2() bool {
	return slices.Contains(OAuth2Types, t)
}

// Interactive reports whether profiles of type t need a person to log in
// (in a browser, or on another device): the authorization code and device
// code grants. Their tokens come from `keyway login` and the token store;
// `keyway run` never starts such a login.
func (t Type) Interactive() bool {
	return t == TypeOAuth2AuthorizationCode || t == TypeOAuth2DeviceCode
}

// PKCE methods (RFC 7636 §4.2), for Profile.PKCE.
const (
	PKCES256  = "S256" // the default
	PKCEPlain = "plain"
	PKCENone  = "none" // no PKCE at all
)

// PKCEMethods lists the pkce values, the default first.
var PKCEMethods = []string{PKCES256, PKCEPlain, PKCENone}

// Signing algorithms for a private_key_jwt client assertion (RFC 7518
// §3.1, RFC 8037 §3.1), for Profile.AssertionAlg.
var AssertionAlgs = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// Where an API key is placed.
const (
	InHeader = "header"
	InQuery  = "query"
	InCookie = "cookie"
)

// How an OAuth2 client authenticates to the token endpoint (RFC 6749 §2.3.1).
const (
	ClientAuthBasic = "basic" // HTTP Basic with the form-urlencoded id and secret
	// ClientAuthBasicUnencoded is HTTP Basic with the id and secret as they
	// are, as curl -u sends them: RFC 6749 §2.3.1 says to form-encode them
	// first, but many servers (go-oauth2, node-oauth2-server, authlib) do
	// not decode them, and refuse an id or secret holding + / = : or a
	// space when it arrives encoded. An id holding ':' cannot be sent this
	// way (RFC 7617 §2).
	ClientAuthBasicUnencoded = "basic-unencoded"
	ClientAuthBody           = "body" // client_id and client_secret as form fields
	// ClientAuthNone sends client_id as a form field and no secret: a
	// public client (RFC 6749 §2.1, §3.2.1).
	ClientAuthNone = "none"
	// ClientAuthPrivateKeyJWT sends a JWT signed with the client's private
	// key (Profile.AssertionKey) as client_assertion (RFC 7523 §2.2, RFC
	// 7521 §4.2).
	ClientAuthPrivateKeyJWT = "private_key_jwt"
)

// ClientAuths lists the client_auth values, the default first.
var ClientAuths = []string{ClientAuthBasic, ClientAuthBasicUnencoded, ClientAuthBody, ClientAuthNone, ClientAuthPrivateKeyJWT}

// Profile is a fully resolved set of credentials: every reference has
// already been replaced by its value. Fields that do not apply to Type are
// ignored.
type Profile struct {
	// Name identifies the profile in steps and messages.
	Name string
	Type Type

	// Basic (RFC 7617) and OAuth2 password grant (resource owner).
	Username string
	Password string

	// Bearer (RFC 6750).
	Token string

	// API key.
	In       string // InHeader, InQuery or InCookie
	KeyName  string // header, query parameter or cookie name
	KeyValue string

	// OAuth2, every grant. TokenURL may be empty when Issuer is set: it is
	// then discovered (RFC 8414).
	TokenURL     string
	ClientID     string // optional for the password grant: with no ClientID no client authentication is sent
	ClientSecret string
	ClientAuth   string // one of ClientAuths; "" is ClientAuthBasic
	Scopes       []string
	// Params are extra token-request parameters (RFC 8707 resource,
	// audience, …), sent in sorted key order.
	Params map[string]string
	// Issuer is the authorization server's issuer identifier: endpoints
	// left empty are read from its metadata (RFC 8414 §3, OpenID Connect
	// Discovery 1.0 §4).
	Issuer string
	// RevocationURL (RFC 7009) and IntrospectionURL (RFC 7662), optional.
	RevocationURL    string
	IntrospectionURL string

	// Authorization code grant (RFC 6749 §4.1) with PKCE (RFC 7636).
	AuthorizeURL string
	RedirectURI  string // "" means a loopback listener on a free port (RFC 8252 §7.3)
	PKCE         string // one of PKCEMethods; "" is PKCES256

	// Device authorization grant (RFC 8628 §3.1).
	DeviceAuthorizationURL string

	// private_key_jwt client authentication (RFC 7523 §2.2): AssertionKey
	// is the path of a PEM private key (absolute once resolved),
	// AssertionAlg its algorithm ("" picks one from the key: RS256 for RSA,
	// ES256 for P-256, EdDSA for Ed25519) and AssertionKID the "kid"
	// header, optional.
	AssertionKey string
	AssertionAlg string
	AssertionKID string

	// Insecure turns off TLS certificate verification for the token request
	// and for every request sent with this profile (as Request.Insecure
	// does for one request).
	Insecure bool
	// TLS names a CA bundle and client certificate (mutual TLS) for the
	// token request and every request sent with this profile.
	TLS TLSFiles

	// TokenLimits bind the tokens issued for this profile to the hosts
	// the credentials of its token request may go to: each limit must
	// allow a host before a token is sent there. The caller sets them
	// (keyway: from --allow-host and the secrets bound to hosts that went
	// into the token request); nil lets tokens go anywhere. They are
	// copied onto each token obtained (Token.Limits), so a cached token
	// keeps them. See token_hosts.go.
	TokenLimits []HostLimit

	// CacheKey identifies this profile's tokens in a TokenCache (for
	// example collection path, profile name and environment). Empty means
	// Name.
	CacheKey string
}
