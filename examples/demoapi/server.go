package demoapi

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultTokenLifetime is how long an access token lives when
// Options.TokenLifetime is zero: long enough for a demo run, short enough
// that a learner can watch a token expire.
const DefaultTokenLifetime = 5 * time.Minute

// DefaultRefreshLifetime is how long a refresh token lives when
// Options.RefreshLifetime is zero.
const DefaultRefreshLifetime = 24 * time.Hour

// Options configures the demo API. The zero value is ready to use.
type Options struct {
	// TokenLifetime is the lifetime of an access token, reported as
	// expires_in (RFC 6749 §5.1). Zero means DefaultTokenLifetime. Token
	// times are whole seconds, so a lifetime under a second counts as one.
	TokenLifetime time.Duration

	// RefreshLifetime is the lifetime of a refresh token. Zero means
	// DefaultRefreshLifetime.
	RefreshLifetime time.Duration

	// Clock tells the time for issuing and checking tokens. Nil means
	// time.Now. Tests move it forward to expire a token without waiting.
	Clock func() time.Time

	// SigningKey signs access tokens and ID tokens with HMAC-SHA256. Nil
	// means a random key made by New, so tokens do not outlive the
	// handler.
	SigningKey []byte

	// BaseURL is the issuer the discovery documents and ID tokens name
	// (RFC 8414 §2), and the prefix of every endpoint they list. Empty
	// means the scheme and Host of each request, which is right on
	// loopback, where nobody else can choose the Host header.
	BaseURL string

	// DeviceInterval is how long a device must wait between two polls of
	// the token endpoint (RFC 8628 §3.2 interval), in whole seconds. Zero
	// means DefaultDeviceInterval.
	DeviceInterval time.Duration

	// AutoApproveAs, when it names a user, signs that user in and gives
	// consent without showing a page: GET /oauth/authorize redirects with
	// a code at once, and GET /device?user_code=CODE approves the code at
	// once. It is for end-to-end tests that drive a login with a script
	// for a browser; `keyway demo` never sets it, since it would let any
	// local program act as that user.
	AutoApproveAs string
}

// DefaultDeviceInterval is the polling interval of the device grant when
// Options.DeviceInterval is zero: the 5 seconds of RFC 8628 §3.2.
const DefaultDeviceInterval = 5 * time.Second

// server is the demo API's state. Access tokens are self-contained signed
// JWTs and need no storage; refresh tokens and notes live in maps guarded
// by mu.
type server struct {
	tokenLifetime   time.Duration
	refreshLifetime time.Duration
	deviceInterval  time.Duration
	now             func() time.Time
	key             []byte
	baseURL         string
	autoApproveAs   string

	mu        sync.Mutex
	refresh   map[string]refreshGrant // by refresh token
	families  map[string]*family      // by family id
	revoked   map[string]int64        // revoked access tokens: jti → exp
	codes     map[string]*authCode    // by authorization code
	devices   map[string]*deviceGrant // by device_code
	userCodes map[string]string       // user_code (normalized) → device_code
	notes     map[string]note         // by id
	lastNote  int

	mux *http.ServeMux
}

// New returns the demo API as an http.Handler. Every handler is safe for
// concurrent use.
func New(opts Options) http.Handler {
	s := &server{
		tokenLifetime:   opts.TokenLifetime,
		refreshLifetime: opts.RefreshLifetime,
		now:             opts.Clock,
		key:             opts.SigningKey,
		deviceInterval:  opts.DeviceInterval,
		baseURL:         strings.TrimSuffix(opts.BaseURL, "/"),
		autoApproveAs:   opts.AutoApproveAs,
		refresh:         map[string]refreshGrant{},
		families:        map[string]*family{},
		revoked:         map[string]int64{},
		codes:           map[string]*authCode{},
		devices:         map[string]*deviceGrant{},
		userCodes:       map[string]string{},
		notes:           map[string]note{},
		mux:             http.NewServeMux(),
	}
	if s.tokenLifetime <= 0 {
		s.tokenLifetime = DefaultTokenLifetime
	}
	if s.refreshLifetime <= 0 {
		s.refreshLifetime = DefaultRefreshLifetime
	}
	if s.deviceInterval <= 0 {
		s.deviceInterval = DefaultDeviceInterval
	}
	// RFC 8628 §3.2: the interval is whole seconds.
	s.deviceInterval = (s.deviceInterval + time.Second - 1).Truncate(time.Second)
	if s.now == nil {
		s.now = time.Now
	}
	if len(s.key) == 0 {
		s.key = make([]byte, 32)
		rand.Read(s.key) // never fails (crypto/rand, Go 1.24+)
	}
	s.routes()
	return s.mux
}

// routes registers every endpoint. The list here is the one doc.go
// describes; keep them together.
func (s *server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.index)
	m.HandleFunc("GET /health", s.health)

	m.Handle("GET /basic/hello", s.requireBasic(http.HandlerFunc(s.hello("basic"))))
	m.Handle("GET /bearer/hello", s.requireStaticBearer(http.HandlerFunc(s.hello("bearer"))))
	m.Handle("GET /apikey/header", s.requireAPIKey(keyInHeader, http.HandlerFunc(s.hello("apikey-header"))))
	m.Handle("GET /apikey/query", s.requireAPIKey(keyInQuery, http.HandlerFunc(s.hello("apikey-query"))))
	m.Handle("GET /apikey/cookie", s.requireAPIKey(keyInCookie, http.HandlerFunc(s.hello("apikey-cookie"))))

	m.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	m.HandleFunc("GET /.well-known/oauth-authorization-server", s.discovery)
	m.HandleFunc("GET /oauth/authorize", s.authorize)
	m.HandleFunc("POST /oauth/authorize", s.authorize)
	m.HandleFunc("POST /oauth/token", s.token)
	m.HandleFunc("POST /oauth/device", s.deviceAuthorization)
	m.HandleFunc("GET /device", s.devicePage)
	m.HandleFunc("POST /device", s.devicePage)
	m.HandleFunc("POST /oauth/revoke", s.revoke)
	m.HandleFunc("POST /oauth/introspect", s.introspect)

	m.Handle("GET /me", s.requireToken("", s.me))
	m.Handle("GET /users/{id}", s.requireToken(ScopeRead, s.userByID))
	m.Handle("GET /notes", s.requireToken(ScopeRead, s.listNotes))
	m.Handle("POST /notes", s.requireToken(ScopeWrite, s.createNote))
	m.Handle("GET /notes/{id}", s.requireToken(ScopeRead, s.getNote))
	m.Handle("DELETE /admin/notes/{id}", s.requireToken(ScopeWrite, s.deleteNote))
	m.Handle("POST /admin/reset", s.requireToken(ScopeWrite, s.reset))

	m.HandleFunc("GET /slow", s.slow)
	m.HandleFunc("GET /large", s.large)
	m.HandleFunc("GET /binary", s.binary)
	m.HandleFunc("GET /redirect", s.redirect)
	m.HandleFunc("GET /redirect/chain/{n}", s.chain)
	m.HandleFunc("GET /echo", s.echo)
}

// apiError is the JSON body of every error answer. The field names are
// those of RFC 6749 §5.2 so that one shape serves the token endpoint and
// the resources alike.
type apiError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// writeJSON answers with status and v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client hung up: nothing more to do
}

// writeError answers with status and an apiError body.
func writeError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, apiError{Error: code, Description: description})
}

// hello answers a request that passed the named method's check.
func (s *server) hello(method string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{
			"message": "hello, " + callerFrom(r.Context()),
			"method":  method,
		})
	}
}

// callerKey is the context key under which a guard records who passed it.
type callerKey struct{}

// withCaller records who passed a guard, for the handler behind it.
func withCaller(ctx context.Context, who string) context.Context {
	return context.WithValue(ctx, callerKey{}, who)
}

// callerFrom returns who passed the guard in front of this handler.
func callerFrom(ctx context.Context) string {
	who, _ := ctx.Value(callerKey{}).(string)
	return who
}

// base is the base URL the demo is reached at: Options.BaseURL, or the
// scheme and Host of r.
func (s *server) base(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
