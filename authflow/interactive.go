package authflow

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The interactive grants — authorization code (RFC 6749 §4.1) and device
// code (RFC 8628) — need a person: to sign in in a browser, or to type a
// code on another device. So they run only when a caller says a person is
// there (SendOptions.Interaction: `keyway login`, `keyway flow`, the TUI's
// walk), and their tokens outlive the process in a TokenStore, so that a
// headless `keyway run` uses, refreshes and saves back the tokens a login
// left, and never opens a browser.

// TokenStore keeps the tokens of interactive logins across processes, by
// Profile.TokenCacheKey. It holds only what the token endpoint issued
// (access, refresh and ID tokens, their expiry and host limits), never a
// password or a client secret. keyway's implementation is the owner-only
// file of package collections/store/tokens.
type TokenStore interface {
	// Load returns the token kept under key, or nil and no error when
	// there is none.
	Load(key string) (*Token, error)
	// Save keeps t under key, replacing what was there.
	Save(key string, t *Token) error
	// Delete forgets the token under key; forgetting none is no error.
	Delete(key string) error
}

// RefreshLocker is a TokenStore that can keep other processes from
// refreshing a kept token while one does. A server that rotates refresh
// tokens (RFC 9700 §4.14.2) accepts each one once, and may revoke the
// whole grant when one is used twice: two processes that both refresh the
// refresh token they read would leave one of them — or both — logged
// out. Under the lock a process reads the store again and uses a token
// another process refreshed meanwhile. keyway's store implements it.
type RefreshLocker interface {
	// LockRefresh waits for, and takes, the lock on refreshing kept
	// tokens, across processes; release gives it back.
	LockRefresh() (release func(), err error)
}

// Interaction is what an interactive grant needs from the person in front
// of keyway. Its zero value opens no browser (the URL is shown in a step)
// and waits DefaultLoginTimeout for the redirect.
type Interaction struct {
	// OpenBrowser opens the authorization URL; nil opens nothing (the
	// URL is shown all the same). keyway passes OpenBrowser.
	OpenBrowser func(url string) error
	// Timeout bounds the wait for the browser's redirect; zero means
	// DefaultLoginTimeout. Cancelling the send's context ends it sooner.
	Timeout time.Duration
	// Wait sleeps d between two polls of the device grant, returning
	// early with ctx's error; nil waits on a timer. Tests make it return
	// at once (and record d).
	Wait func(ctx context.Context, d time.Duration) error
}

func (in *Interaction) timeout() time.Duration {
	if in != nil && in.Timeout > 0 {
		return in.Timeout
	}
	return DefaultLoginTimeout
}

func (in *Interaction) wait(ctx context.Context, d time.Duration) error {
	if in != nil && in.Wait != nil {
		return in.Wait(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// ErrLoginRequired is what a *LoginRequiredError matches with errors.Is.
var ErrLoginRequired = errors.New("login required")

// LoginRequiredError says that an interactive profile has no usable token
// and that a person must log in: a send without an Interaction never
// starts a browser or a device code on its own.
type LoginRequiredError struct {
	Profile string
	// Reason says why no token could be used: none was kept, or the
	// server refused the refresh token.
	Reason string
	// Command is the command that logs in (Client.LoginCommand).
	Command string
	// Advice, when set, says how to log in instead of Command
	// (Client.LoginAdvice).
	Advice string
}

func (e *LoginRequiredError) Error() string {
	if e.Advice != "" {
		return fmt.Sprintf("profile %q needs a login: %s; %s", e.Profile, e.Reason, e.Advice)
	}
	return fmt.Sprintf("profile %q needs a login: %s; run: %s", e.Profile, e.Reason, e.Command)
}

// Unwrap makes errors.Is(err, ErrLoginRequired) true.
func (e *LoginRequiredError) Unwrap() error { return ErrLoginRequired }

// loginRequired builds the error for profile p.
func (c *Client) loginRequired(p *Profile, reason string) *LoginRequiredError {
	command := "keyway login FILE --profile " + p.Name
	if c.LoginCommand != nil {
		command = c.LoginCommand(p.Name)
	}
	e := &LoginRequiredError{Profile: p.Name, Reason: reason, Command: command}
	if c.LoginAdvice != nil {
		e.Advice = c.LoginAdvice(p.Name)
	}
	return e
}

// CheckLogin reports, without sending anything, whether a send with the
// interactive profile p could get a token without a person: a valid token
// in the cache or the store, or one it can refresh. It returns a
// *LoginRequiredError when not, and nil for profiles that are not
// interactive. `keyway run` calls it before the first request.
func (c *Client) CheckLogin(p *Profile) error {
	if !p.Type.Interactive() {
		return nil
	}
	key := p.TokenCacheKey()
	cache := c.tokens()
	if t := cache.peek(key); t != nil && (cache.valid(t) || t.RefreshToken != "") {
		return nil
	}
	if c.Store == nil {
		return c.loginRequired(p, "no token was kept for it")
	}
	t, err := c.Store.Load(key)
	if err != nil {
		return err
	}
	if t == nil {
		return c.loginRequired(p, "no token was kept for it")
	}
	if !cache.valid(t) && t.RefreshToken == "" {
		return c.loginRequired(p, "its token expired and there is no refresh token")
	}
	return nil
}

// storedToken gets an interactive profile's token without a person: from
// the store (when the cache had none), refreshed when it expired (RFC
// 6749 §6), the refreshed token saved back — with the new refresh token
// when the server rotated it. Run inside the shared fetch (one at a time
// per profile).
func (r *sendRun) storedToken(ctx context.Context, cache *TokenCache, key string) (*Token, error) {
	token := cache.peek(key)
	store := r.client.Store
	// Without a usable token in memory, the store is read again even when
	// this process kept one: another keyway (a run in another terminal)
	// may have refreshed it meanwhile, and with rotation the refresh
	// token this process holds is then spent.
	if store != nil && (token == nil || !cache.valid(token)) {
		loaded, err := store.Load(key)
		if err != nil {
			r.rec.fail(r.rec.begin(Step{Title: "Read the token store", Why: whyTokenStore}), err,
				"Fix the token store as the message says, or run the login again.")
			return nil, err
		}
		if loaded != nil {
			token = loaded
		}
	}
	if token == nil {
		return nil, r.client.loginRequired(r.profile, "no token was kept for it")
	}
	// A token from an earlier process is a secret this send did not
	// obtain: mask it from here on, in steps and errors alike (a server
	// may echo a refused refresh token in its error_description).
	r.flow.Secrets = append(r.flow.Secrets, token.AccessToken, token.RefreshToken, token.IDToken)
	if cache.valid(token) {
		r.rec.note(Step{
			Title:  "Use the token kept from the login",
			Why:    whyTokenStore,
			RFC:    "RFC 6749 §5.1",
			Fields: expiryFields(cache, token),
		})
		cache.Put(key, token)
		return token, nil
	}
	if token.RefreshToken == "" {
		return nil, r.client.loginRequired(r.profile, "its token expired and there is no refresh token")
	}
	if locker, ok := store.(RefreshLocker); ok {
		release, err := locker.LockRefresh()
		if err != nil {
			r.rec.fail(r.rec.begin(Step{Title: "Read the token store", Why: whyTokenStore}), err,
				"Try again when the other keyway process is done.")
			return nil, err
		}
		defer release()
		// Another process may have refreshed (and the server rotated the
		// refresh token) since this one read the store or cached it.
		latest, err := store.Load(key)
		if err != nil {
			r.rec.fail(r.rec.begin(Step{Title: "Read the token store", Why: whyTokenStore}), err,
				"Fix the token store as the message says, or run the login again.")
			return nil, err
		}
		if latest != nil && latest.RefreshToken != token.RefreshToken {
			r.flow.Secrets = append(r.flow.Secrets, latest.AccessToken, latest.RefreshToken, latest.IDToken)
			token = latest
			if cache.valid(token) {
				r.rec.note(Step{
					Title:  "Use the token another keyway refreshed",
					Why:    whyTokenStore + " Another keyway process refreshed it meanwhile; its refresh token replaced the one read before, which a server that rotates refresh tokens no longer accepts.",
					RFC:    "RFC 6749 §6; RFC 9700 §4.14.2",
					Fields: expiryFields(cache, token),
				})
				cache.Put(key, token)
				return token, nil
			}
		}
	}
	if err := r.checkTokenHost(token, "refresh token", hostOf(r.profile.TokenURL)); err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Refresh the token", Why: whyTokenHosts, RFC: "RFC 6749 §6, §10.4"}), err, tokenHostHint)
		return nil, err
	}
	fresh, err := r.tokenRequest(ctx, cache, grantRefresh, token.RefreshToken)
	if err != nil {
		if refreshRejected(err) {
			return nil, r.client.loginRequired(r.profile, "the server refused its refresh token ("+err.Error()+")")
		}
		return nil, err
	}
	if fresh.RefreshToken == "" {
		// §6: the server MAY issue a new refresh token; if not, the old
		// one stays usable.
		fresh.RefreshToken = token.RefreshToken
	}
	if fresh.IDToken == "" {
		fresh.IDToken = token.IDToken
	}
	fresh.Limits = joinLimits(token.Limits, r.profile.TokenLimits)
	if err := r.keepToken(key, fresh); err != nil {
		return nil, err
	}
	return fresh, nil
}

// keepToken puts a token in the cache and the store: a rotated refresh
// token (RFC 9700 §4.14.2) replaces the old one there, which the server
// no longer accepts.
func (r *sendRun) keepToken(key string, t *Token) error {
	r.client.tokens().Put(key, t)
	store := r.client.Store
	if store == nil {
		if r.client.SessionOnly != "" {
			r.rec.note(Step{
				Title:  "Keep for the session",
				Why:    r.client.SessionOnly,
				Fields: expiryFields(r.client.tokens(), t),
			})
		}
		return nil
	}
	i := r.rec.begin(Step{
		Title: "Keep the tokens",
		Why: whyTokenStore + " A refresh token the server rotated replaces the old one, which it no " +
			"longer accepts.",
		RFC: "RFC 6749 §6; RFC 9700 §4.14.2",
	})
	if err := store.Save(key, t); err != nil {
		r.rec.fail(i, err, "The token was obtained but not kept: later runs will need a new login.")
		return err
	}
	r.rec.end(i, func(s *Step) {
		refresh := "none"
		if t.RefreshToken != "" {
			refresh = "kept (used to refresh when the access token expires, RFC 6749 §6)"
		}
		s.Fields = append(expiryFields(r.client.tokens(), t), Field{Label: "refresh_token", Value: refresh})
	})
	return nil
}

// whyTokenStore explains the token store in a step.
const whyTokenStore = "Tokens from an interactive login are kept in the token store, an owner-only file beside " +
	"the secret store, so that later runs and sessions use them without a new login. It holds only what the " +
	"server issued — never a password or client secret — and each token keeps the hosts it may go to."

// interactiveToken runs the profile's interactive grant with the person
// at r.opts.Interaction, and keeps the token it gets.
func (r *sendRun) interactiveToken(ctx context.Context) (*Token, error) {
	var token *Token
	var err error
	switch r.profile.Type {
	case TypeOAuth2AuthorizationCode:
		token, err = r.authorizationCodeGrant(ctx)
	case TypeOAuth2DeviceCode:
		token, err = r.deviceCodeGrant(ctx)
	default:
		return nil, fmt.Errorf("profile %q: type %q has no interactive grant", r.profile.Name, r.profile.Type)
	}
	if err != nil {
		return nil, err
	}
	token.Limits = r.profile.TokenLimits
	key := r.tokenKey()
	r.client.tokens().Forget(key)
	if err := r.keepToken(key, token); err != nil {
		return nil, err
	}
	return token, nil
}

// Login runs the interactive grant of p with the person at opts.Interaction
// (required) and keeps the token in the client's cache and Store, sending
// no API request: `keyway login`. The flow's steps say what was sent and
// received; the error is the failed step's.
func (c *Client) Login(ctx context.Context, p *Profile, opts SendOptions) (*Flow, error) {
	r := &sendRun{client: c, profile: p, opts: opts, flow: &Flow{Profile: p.Name, Type: p.Type}}
	r.rec = &flowRecorder{flow: r.flow, observe: opts.Observe, redact: r.redactError}
	if err := p.Validate(); err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Check the profile", Why: "The profile must be complete before anything is sent."}),
			err, "Fix the profile field named above.")
		return r.flow, err
	}
	if !p.Type.Interactive() {
		return r.flow, fmt.Errorf("profile %q is of type %q, which needs no login: only %s and %s do",
			p.Name, p.Type, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode)
	}
	if opts.Interaction == nil {
		r.opts.Interaction = &Interaction{}
	}
	r.storeKey = p.TokenCacheKey()
	if p.needsDiscovery() {
		if err := r.discover(ctx); err != nil {
			return r.flow, r.redactError(err)
		}
		if err := r.checkGrantEndpoints(); err != nil {
			return r.flow, r.redactError(err)
		}
	}
	token, err := r.interactiveToken(ctx)
	if err == nil {
		r.flow.Token = token
	}
	return r.flow, r.redactError(err)
}
