package authflow

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// DefaultTimeout bounds a request (and a token request) that sets no
// timeout: connecting, sending and reading the whole response.
const DefaultTimeout = 30 * time.Second

// DefaultBodyLimit is how many response bytes are kept in memory when
// Client.BodyLimit is zero.
const DefaultBodyLimit = 10 << 20

// Request is the user's request, fully resolved.
type Request struct {
	Method   string
	URL      string
	Header   http.Header
	Body     []byte
	Timeout  time.Duration // zero means the client's default (30 s)
	Insecure bool          // skip TLS verification for this request
	// TLS names a CA bundle and client certificate for this request; each
	// empty field falls back to the profile's.
	TLS TLSFiles
	// Secrets are values in the request itself (URL, headers, body) that
	// came from a secret source, besides the profile's: errors mask them,
	// and a redirect to another origin that would send them again in the
	// body is not followed.
	Secrets []string
}

// Response is the response to the user's request. Body holds at most the
// client's BodyLimit bytes; Size counts every byte received (after gzip
// decoding), and Truncated says Body holds less than Size. Header is as
// received, except that Content-Encoding and Content-Length are removed
// when keyway decoded a gzip body (the flow's Exchange keeps them).
type Response struct {
	Proto      string
	Status     string
	StatusCode int
	Header     http.Header
	Body       []byte
	Size       int64
	Truncated  bool
	Duration   time.Duration
}

// SendOptions tune one Send.
type SendOptions struct {
	// FreshToken fetches a new token even when the cache holds a valid one,
	// so that a walk-through shows the token exchange.
	FreshToken bool
	// Observe, when set, is called each time a step starts or ends, with the
	// step's index in the flow. It is called from the sending goroutine,
	// or, for the steps of a token request the send waits for, from the
	// goroutine running that request; never two calls at once.
	Observe func(index int, step Step)
	// Untraced sends without recording the flow: no steps and no
	// exchanges, and Observe is not called. The returned Flow holds only
	// what the caller still needs, the token and Secrets. For callers
	// that show no flow (`keyway run`): the steps, their explanations and
	// the recorded bytes are most of what a send costs beyond net/http.
	Untraced bool
	// Challenge, for a walk-through, first sends the request without
	// credentials as a step of its own, to show the server's 401 and its
	// WWW-Authenticate challenge (RFC 7617 §2, RFC 9110 §11.6.1). Only a
	// safe method is sent twice (RFC 9110 §9.2.1); for another the step
	// says why it was skipped. Ignored when Untraced.
	Challenge bool

	// Interaction, when set, says a person is there to log in: a send
	// with an interactive profile (authorization code, device code) then
	// runs its grant when FreshToken is set or no kept token is usable.
	// Without it such a send uses the kept token (Client.Store) or fails
	// with a *LoginRequiredError: it never opens a browser on its own.
	Interaction *Interaction
}

// Client sends requests with credentials applied. The zero value is not
// ready; use NewClient. A Client is safe for concurrent use once its
// fields are set.
type Client struct {
	// Transport is the base transport; nil means a clone of
	// http.DefaultTransport with TLS verification on. It is wrapped by the
	// recording transport, never changed. Insecure requests need it to be
	// an *http.Transport, which is cloned with verification off.
	Transport http.RoundTripper
	// Tokens caches OAuth2 tokens across sends.
	Tokens *TokenCache
	// BodyLimit is how many response bytes are kept in memory; zero means
	// DefaultBodyLimit. Bytes beyond it are counted and discarded.
	BodyLimit int64
	// Timeout applies to requests that set none; zero means DefaultTimeout.
	Timeout time.Duration
	// Store keeps the tokens of interactive logins across processes; nil
	// keeps them in Tokens only, for the life of the client.
	Store TokenStore
	// LoginCommand returns the command a person runs to log in with the
	// named profile, for a *LoginRequiredError; nil says
	// "keyway login FILE --profile NAME".
	LoginCommand func(profile string) string
	// LoginAdvice, when set, says instead of a command how a person logs
	// in with the named profile, as a clause ("walk it in Flow…"): where
	// no command can be named, as in the embedded demo, which has no file.
	LoginAdvice func(profile string) string
	// SessionOnly, when set with no Store, says why an interactive login's
	// tokens are kept for this session only; a step then says so where
	// the step that keeps them in the store would be.
	SessionOnly string
}

// NewClient returns a client with a fresh token cache and default limits.
func NewClient() *Client {
	return &Client{Tokens: &TokenCache{}, BodyLimit: DefaultBodyLimit, Timeout: DefaultTimeout}
}

// Send applies profile p (nil means no credentials) to req, fetching a token
// first when p needs one, sends it and returns the response and the flow
// that led to it. The flow is returned even on error, its failed step
// saying what went wrong and what to try. A 401 with a Bearer
// error="invalid_token" challenge on an OAuth2 profile gets one new token
// and one retry. When the response arrived but
// its body could not be read to the end, Send returns the partial Response
// and an error. No error contains a secret of p or a token.
func (c *Client) Send(ctx context.Context, p *Profile, req Request, opts SendOptions) (*Response, *Flow, error) {
	if p == nil {
		p = &Profile{Type: TypeNone}
	}
	r := &sendRun{
		client:  c,
		profile: p,
		request: req,
		opts:    opts,
		flow:    &Flow{Profile: p.Name, Type: p.Type},
	}
	if r.flow.Type == "" {
		r.flow.Type = TypeNone
	}
	r.rec = &flowRecorder{flow: r.flow, observe: opts.Observe, redact: r.redactError, off: opts.Untraced}
	resp, err := r.run(ctx)
	return resp, r.flow, r.redactError(err)
}

// sendRun is the state of one Send.
type sendRun struct {
	client  *Client
	profile *Profile
	request Request
	opts    SendOptions
	flow    *Flow
	rec     *flowRecorder

	// led and forward belong to a copy of the run that fetches a token
	// shared by several sends (see fetchRun): led is set when this copy's
	// fetch ran, forward passes its steps to the waiting send's observer.
	led     bool
	forward *stepForwarder

	// storeKey is where an interactive profile's tokens are kept: its
	// TokenCacheKey as configured, before discovery fills endpoints in,
	// so that `keyway run`'s check before sending (Client.CheckLogin) and
	// `keyway logout`, which discover nothing, find the login's tokens.
	storeKey string
}

// tokenKey is where this send's tokens live in the cache (and the store).
func (r *sendRun) tokenKey() string {
	if r.storeKey != "" {
		return r.storeKey
	}
	return r.profile.TokenCacheKey()
}

func (r *sendRun) run(ctx context.Context) (*Response, error) {
	p := r.profile
	if err := p.Validate(); err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Check the profile", Why: "The profile must be complete before anything is sent."}),
			err, "Fix the profile field named above.")
		return nil, err
	}
	httpReq, err := newHTTPRequest(ctx, r.request)
	if err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Check the request", Why: "The request must be valid HTTP before anything is sent."}),
			err, "Fix the request's method, URL or headers.")
		return nil, err
	}
	if p.Type.Interactive() {
		r.storeKey = p.TokenCacheKey()
	}
	var token *Token
	if r.opts.Challenge && r.rec.on() && p.Type != TypeNone && p.Type != "" {
		if err := r.challenge(ctx, httpReq); err != nil {
			return nil, err
		}
	}
	switch p.Type {
	case TypeBasic:
		r.applyBasic(httpReq)
	case TypeBearer:
		r.applyBearer(httpReq)
	case TypeAPIKey:
		r.applyAPIKey(httpReq)
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		if !p.Type.Interactive() {
			// The interactive grants explain themselves when they run;
			// a send with a kept token runs none.
			r.rec.note(whyGrantStep(p.Type))
		}
		if p.needsDiscovery() {
			if err := r.discover(ctx); err != nil {
				return nil, err
			}
			if err := r.checkGrantEndpoints(); err != nil {
				return nil, err
			}
		}
		if token, err = r.obtainToken(ctx, r.opts.FreshToken); err != nil {
			return nil, err
		}
		if err := r.useToken(httpReq, token); err != nil {
			return nil, err
		}
	}
	// With a token of its own, keyway sends once more after a 401
	// invalid_token: that second answer is the one that counts.
	var retry func(*Response) bool
	if token != nil {
		retry = isInvalidTokenChallenge
	}
	resp, err := r.send(ctx, httpReq, "Send the request", retry)
	if err != nil || token == nil || !isInvalidTokenChallenge(resp) {
		return resp, err
	}
	return r.retryWithNewToken(ctx, token)
}

// retryWithNewToken handles a 401 invalid_token (RFC 6750 §3.1) on the
// user's request: the token is dropped, one new token is fetched and the
// request is sent once more. Only once: a server that rejects every token
// must not cause a loop of token requests.
func (r *sendRun) retryWithNewToken(ctx context.Context, rejected *Token) (*Response, error) {
	r.rec.note(Step{
		Title: "Drop the rejected token",
		Why: "The API answered 401 with error=\"invalid_token\": the token expired early or was revoked. " +
			"keyway forgets it, gets one new token and sends the request once more — only once, so that a " +
			"server rejecting every token cannot cause a loop.",
		RFC: "RFC 6750 §3.1",
	})
	r.client.tokens().Invalidate(r.tokenKey(), rejected.AccessToken)
	token, err := r.obtainToken(ctx, false)
	if err != nil {
		return nil, err
	}
	httpReq, err := newHTTPRequest(ctx, r.request)
	if err != nil {
		return nil, err
	}
	if err := r.useToken(httpReq, token); err != nil {
		return nil, err
	}
	return r.send(ctx, httpReq, "Send the request again", nil)
}

// redactError masks the profile's secrets and the flow's tokens in err's
// message, keeping err for errors.Is and errors.As.
func (r *sendRun) redactError(err error) error {
	if err == nil {
		return nil
	}
	red := NewRedactor(r.secrets()...)
	msg := red.Redact(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError is an error whose message had secrets masked.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// tokens returns the client's token cache, creating none: a Client built
// without NewClient gets a cache for this send only.
func (c *Client) tokens() *TokenCache {
	if c.Tokens == nil {
		return &TokenCache{}
	}
	return c.Tokens
}

func (c *Client) timeout(requested time.Duration) time.Duration {
	switch {
	case requested > 0:
		return requested
	case c.Timeout > 0:
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) bodyLimit() int64 {
	if c.BodyLimit > 0 {
		return c.BodyLimit
	}
	return DefaultBodyLimit
}

// errNoTransport is returned when insecure mode is asked of a custom
// transport that cannot turn verification off.
var errNoTransport = errors.New("insecure = true needs the default transport (Client.Transport must be nil or an *http.Transport)")
