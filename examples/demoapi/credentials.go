package demoapi

// The demo's credentials. They are public on purpose: the demo API serves
// learners on loopback and guards nothing. A real collection never holds a
// credential; it refers to one with {{env:NAME}}, {{secret:NAME}} or
// {{prompt}}.
const (
	// Username and Password are the resource owner the demo knows best:
	// alice may be granted the scopes read and write.
	Username = "alice"
	Password = "wonderland"

	// ReadOnlyUsername and ReadOnlyPassword are a second user who may only
	// be granted the scope read, so that asking for write as bob shows an
	// invalid_scope error (RFC 6749 §5.2).
	ReadOnlyUsername = "bob"
	ReadOnlyPassword = "builder"

	// ClientID and ClientSecret identify the demo's one confidential OAuth2
	// client (RFC 6749 §2.3.1). The secret holds a '+' and a space on
	// purpose: §2.3.1 form-urlencodes both values before HTTP Basic encodes
	// them, so a learner sees "demo+secret 42" travel as "demo%2Bsecret+42".
	ClientID     = "keyway-demo"
	ClientSecret = "demo+secret 42"

	// ServiceClientID and ServiceClientSecret identify a service: a
	// confidential client that acts for itself, with no user, through
	// the client credentials grant (RFC 6749 §4.4).
	ServiceClientID     = "demo-service"
	ServiceClientSecret = "demo-service-secret-5e8a"

	// CLIClientID is a public client (RFC 6749 §2.1), as a command-line
	// or TV app is: it has no secret, since anyone can read one out of
	// the app. It signs users in with the authorization code grant and
	// PKCE (RFC 7636) or the device authorization grant (RFC 8628).
	CLIClientID = "demo-cli"

	// BearerToken is the static token that /bearer/hello accepts
	// (RFC 6750 §2.1).
	BearerToken = "demo-static-token-3f9a1c"

	// APIKey is the key that every /apikey/... endpoint accepts, in the
	// header, query parameter or cookie named below.
	APIKey = "demo-api-key-7c1e55"

	// APIKeyHeader, APIKeyQuery and APIKeyCookie name where each API-key
	// endpoint looks for the key.
	APIKeyHeader = "X-API-Key"
	APIKeyQuery  = "api_key"
	APIKeyCookie = "api_key"
)

// The OAuth2 scopes the demo grants (RFC 6749 §3.3).
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	// ScopeOpenID asks for an ID token besides the access token
	// (OpenID Connect Core 1.0 §3.1.2.1); any user may ask for it.
	ScopeOpenID = "openid"
)

// Realm is the protection space named in every WWW-Authenticate challenge
// (RFC 7235 §2.2).
const Realm = "keyway demo"

// Issuer is the "iss" claim of every access token, and Audience its "aud"
// claim (RFC 9068 §2.2). ID tokens and the discovery documents name the
// base URL as issuer instead, as OpenID Connect and RFC 8414 require; the
// access tokens keep this fixed name so that they verify whatever address
// the demo is reached at.
const (
	Issuer   = "keyway-demo"
	Audience = "keyway-demo-api"
)

// user is a resource owner known to the demo.
type user struct {
	ID       string
	Name     string
	Email    string
	Password string
	// Scopes lists every scope this user may be granted.
	Scopes []string
}

// users are the demo's resource owners, by username. The table never
// changes, so it needs no lock.
var users = map[string]user{
	Username: {
		ID: "u1", Name: Username, Email: "alice@example.com", Password: Password,
		Scopes: []string{ScopeRead, ScopeWrite},
	},
	ReadOnlyUsername: {
		ID: "u2", Name: ReadOnlyUsername, Email: "bob@example.com", Password: ReadOnlyPassword,
		Scopes: []string{ScopeRead},
	},
}

// userByID finds a user by id, for /users/{id}.
func userByID(id string) (user, bool) {
	for _, u := range users {
		if u.ID == id {
			return u, true
		}
	}
	return user{}, false
}
