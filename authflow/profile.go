package authflow

// Type names an authentication method.
type Type string

// The authentication methods keyway knows.
const (
	TypeNone           Type = "none"            // no credentials
	TypeBasic          Type = "basic"           // RFC 7617
	TypeBearer         Type = "bearer"          // RFC 6750
	TypeAPIKey         Type = "apikey"          // a key in a header, query parameter or cookie
	TypeOAuth2Password Type = "oauth2-password" // RFC 6749 §4.3
	// TypeOAuth2AuthorizationCode is the authorization code grant with
	// PKCE, as a native app (RFC 6749 §4.1, RFC 7636, RFC 8252).
	TypeOAuth2AuthorizationCode Type = "oauth2-authorization-code"
	// TypeOAuth2DeviceCode is the device authorization grant (RFC 8628).
	TypeOAuth2DeviceCode Type = "oauth2-device-code"
)

// Interactive reports whether profiles of type t need a person to log in
// (in a browser, or with a code on another device).
func (t Type) Interactive() bool {
	return t == TypeOAuth2AuthorizationCode || t == TypeOAuth2DeviceCode
}

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
)

// ClientAuths lists the client_auth values, the default first.
var ClientAuths = []string{ClientAuthBasic, ClientAuthBasicUnencoded, ClientAuthBody}

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

	// OAuth2 password grant (RFC 6749 §4.3).
	TokenURL     string
	ClientID     string // optional: with no ClientID no client authentication is sent
	ClientSecret string
	ClientAuth   string // ClientAuthBasic (default), ClientAuthBasicUnencoded or ClientAuthBody
	Scopes       []string

	// Interactive grants.
	AuthorizeURL           string // authorization endpoint (RFC 6749 §3.1)
	RedirectURI            string // loopback redirect URI (RFC 8252 §7.3)
	PKCE                   string // "S256" (default), "plain" or "none" (RFC 7636)
	DeviceAuthorizationURL string // RFC 8628 §3.1
	RevocationURL          string // RFC 7009

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
