package collections

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// ErrHostNotAllowed is what a *HostError matches with errors.Is.
var ErrHostNotAllowed = errors.New("host not allowed")

// ErrOutsideValue is what Prepare's error wraps when Scope.NoEnv refuses an
// {{env:…}} or {{secret:…}} reference.
var ErrOutsideValue = errors.New("environment variables and secrets are turned off (--no-env)")

// HostError reports a value from the environment or the secret store that
// was about to be sent to a host it is not allowed to reach. Nothing was
// sent.
type HostError struct {
	Reference string   // {{secret:NAME}} or {{env:NAME}}
	Host      string   // where it would have gone
	Allowed   []string // the hosts it may go to
	// Binding is true when the secret store bound the secret to Allowed;
	// false when --allow-host (Scope.AllowHosts) did.
	Binding bool
}

// Error says what was refused and how to allow it.
func (e *HostError) Error() string {
	allowed := make([]string, len(e.Allowed))
	for i, h := range e.Allowed {
		allowed[i] = authflow.DisplayHost(h)
	}
	if e.Binding {
		// `secret set --host` replaces the binding: keep the hosts it has.
		flags := append(slices.Clone(e.Allowed), authflow.WireHost(e.Host))
		return fmt.Sprintf("%s is bound to %s; refusing to send it to %s (if that host is right, run: keyway secret set %s --host %s)",
			e.Reference, strings.Join(allowed, ", "), authflow.DisplayHost(e.Host), strings.TrimSuffix(strings.TrimPrefix(e.Reference, "{{secret:"), "}}"), strings.Join(flags, " --host "))
	}
	return fmt.Sprintf("%s would be sent to %s, which is not an allowed host (--allow-host %s); nothing was sent",
		e.Reference, authflow.DisplayHost(e.Host), strings.Join(allowed, ", --allow-host "))
}

// Unwrap makes errors.Is(err, ErrHostNotAllowed) true.
func (e *HostError) Unwrap() error { return ErrHostNotAllowed }

// HostAllowed reports whether host (as in a URL: name or name:port) matches
// one of patterns: a host name ("api.example.com", matching any port), a
// host and port ("127.0.0.1:8080"), or "*.example.com", matching every
// subdomain of example.com but not example.com itself. Names compare in
// the ASCII form they are sent as, ignoring case (authflow.HostAllowed).
func HostAllowed(host string, patterns []string) bool {
	return authflow.HostAllowed(host, patterns)
}

// checkNoEnv refuses, when s.NoEnv is set, a request that reads an
// environment variable or secret, before anything is looked up.
func (c *Collection) checkNoEnv(r *Request, s *Scope) error {
	if s == nil || !s.NoEnv {
		return nil
	}
	return noEnvError(c.uses(r, s))
}

func noEnvError(uses []use) error {
	for _, u := range uses {
		return &Error{Pos: u.pos, Msg: fmt.Sprintf("%s: %s is not allowed: keyway was told not to read environment variables or secrets (--no-env)", u.field, u.ref), Err: ErrOutsideValue}
	}
	return nil
}

// checkDestinations refuses a prepared request that would send a value
// read from the environment or the secret store to a host it may not reach:
// one outside s.AllowHosts, or, for a secret bound to hosts in the store,
// outside its binding. The destination is the request's own host, or the
// token endpoint's for an OAuth2 profile's fields. Credentials never
// follow a redirect to another origin (authflow strips them), so the first
// host is the one that matters. The tokens such a profile obtains are
// bound to the same hosts as the values that bought them
// (authflow.Profile.TokenLimits), and the request is refused here when it
// would carry one elsewhere.
func (c *Collection) checkDestinations(r *Request, s *Scope, p *Prepared) error {
	if s == nil {
		return nil
	}
	tokenURL := ""
	if p.Profile != nil {
		tokenURL = p.Profile.TokenURL
		if tokenURL == "" {
			// Discovered when sending (RFC 8414): the issuer's host is
			// where the credentials are meant to go, and authflow
			// refuses a discovered token endpoint that the limits found
			// here do not allow.
			tokenURL = p.Profile.Issuer
		}
	}
	uses := c.uses(r, s)
	requestHost, tokenHost := hostOfURL(p.Request.URL), hostOfURL(tokenURL)
	if err := checkUses(uses, s, requestHost, tokenHost); err != nil {
		return err
	}
	captures := c.captureUses(r, s)
	if err := checkCaptureUses(captures, s, requestHost, tokenHost); err != nil {
		return err
	}
	carried, err := carriedLimits(uses, captures, s)
	if err != nil {
		return err
	}
	p.Limits = carried
	if p.Profile == nil || !p.Profile.Type.IssuesTokens() {
		return nil
	}
	limits, err := tokenLimits(uses, s)
	if err != nil {
		return err
	}
	limits = keptLoginLimits(p.Profile.Type, limits, s)
	p.Profile.TokenLimits = limits
	p.Limits = joinHostLimits(p.Limits, limits)
	if len(limits) == 0 {
		return nil
	}
	if err := p.Profile.CheckTokenHost(requestHost); err != nil {
		return &Error{Pos: r.fieldPos("url"), Msg: fmt.Sprintf("request %q: url: %v", r.Name, err), Err: err}
	}
	return nil
}

// carriedLimits returns the host limits of everything bound that a request
// carries (see Prepared.Limits): the run's allowed hosts when it reads an
// environment variable or a secret, each bound secret's hosts, and the
// limits of each bound capture it sends.
func carriedLimits(uses, captures []use, s *Scope) ([]authflow.HostLimit, error) {
	bound, _ := s.Secrets.(SecretHosts)
	var limits []authflow.HostLimit
	if len(uses) > 0 && len(s.AllowHosts) > 0 {
		limits = append(limits, authflow.HostLimit{Hosts: s.AllowHosts})
	}
	for _, u := range uses {
		if u.ref.kind != refSecret || bound == nil {
			continue
		}
		hosts, err := bound.Hosts(u.ref.name)
		if err != nil {
			return nil, &Error{Pos: u.pos, Msg: fmt.Sprintf("%s: %s: %v", u.field, u.ref, err), Err: errors.Join(ErrSecretUnavailable, err)}
		}
		if len(hosts) > 0 {
			limits = joinHostLimits(limits, []authflow.HostLimit{{Hosts: hosts, Secret: u.ref.name}})
		}
	}
	for _, u := range captures {
		limits = joinHostLimits(limits, s.CaptureLimits[u.ref.name])
	}
	return limits, nil
}

// joinHostLimits returns a with the limits of b it lacks: all apply.
func joinHostLimits(a, b []authflow.HostLimit) []authflow.HostLimit {
	out := slices.Clip(a)
	for _, l := range b {
		if !slices.ContainsFunc(out, func(o authflow.HostLimit) bool { return o.Secret == l.Secret && slices.Equal(o.Hosts, l.Hosts) }) {
			out = append(out, l)
		}
	}
	return out
}

// checkCaptureUses refuses a bound capture (Scope.CaptureLimits) that
// would go to a host one of its limits does not allow.
func checkCaptureUses(captures []use, s *Scope, requestHost, tokenHost string) error {
	for _, u := range captures {
		host := requestHost
		if u.toToken {
			host = tokenHost
		}
		for _, l := range s.CaptureLimits[u.ref.name] {
			if !HostAllowed(host, l.Hosts) {
				he := &CaptureHostError{Variable: u.ref.name, Host: host, Limit: l}
				return &Error{Pos: u.pos, Msg: u.field + ": " + he.Error(), Err: he}
			}
		}
	}
	return nil
}

// CaptureHostError reports a captured value that was about to be sent to a
// host the bound values of the request it was captured from may not reach.
// Nothing was sent.
type CaptureHostError struct {
	Variable string             // the capture
	Host     string             // where it would have gone
	Limit    authflow.HostLimit // the rule it would break
}

// Error says what was refused, and why a capture is bound at all.
func (e *CaptureHostError) Error() string {
	hosts := make([]string, len(e.Limit.Hosts))
	for i, h := range e.Limit.Hosts {
		hosts[i] = authflow.DisplayHost(h)
	}
	source := "values allowed only to " + strings.Join(hosts, ", ") + " (--allow-host)"
	if e.Limit.Secret != "" {
		source = "{{secret:" + e.Limit.Secret + "}}, which is bound to " + strings.Join(hosts, ", ")
	}
	return fmt.Sprintf("{{%s}} was captured from the answer to a request that sent %s, and may be that secret or bought with it (a session, a token); refusing to send it to %s",
		e.Variable, source, authflow.DisplayHost(e.Host))
}

// Unwrap makes errors.Is(err, ErrHostNotAllowed) true.
func (e *CaptureHostError) Unwrap() error { return ErrHostNotAllowed }

// CheckProfile applies Prepare's limits (Scope.NoEnv, Scope.AllowHosts and
// secrets bound to hosts) to profile name, resolved as p, sent with a
// request to requestURL: for `keyway flow` and the TUI's walk-through,
// which may pair a profile with a request that names another. A token
// the profile obtains may not go to requestURL's host either when its
// credentials may not (p.TokenLimits, set by ResolveProfile).
func (c *Collection) CheckProfile(name string, p *authflow.Profile, requestURL string, s *Scope) error {
	cp := c.Profiles[name]
	if cp == nil || s == nil {
		return nil
	}
	uses := c.profileUses(cp, s)
	if s.NoEnv {
		return noEnvError(uses)
	}
	tokenURL := ""
	if p != nil {
		tokenURL = p.TokenURL
	}
	requestHost := hostOfURL(requestURL)
	if err := checkUses(uses, s, requestHost, hostOfURL(tokenURL)); err != nil {
		return err
	}
	if p != nil {
		if err := p.CheckTokenHost(requestHost); err != nil {
			return &Error{Pos: cp.fieldPos("type"), Msg: fmt.Sprintf("profile %q: %v", name, err), Err: err}
		}
	}
	return nil
}

// tokenLimits returns where the tokens of a profile whose token request
// reads the values in uses may go: to the hosts s.AllowHosts allows, when
// it is set and the request reads an environment variable or a secret,
// and to the hosts each bound secret it reads is bound to. A token request
// that reads nothing from outside the file (its credentials are the
// file's own) binds nothing.
func tokenLimits(uses []use, s *Scope) ([]authflow.HostLimit, error) {
	bound, _ := s.Secrets.(SecretHosts)
	var limits []authflow.HostLimit
	allowed := false
	for _, u := range uses {
		if !u.toToken {
			continue
		}
		if len(s.AllowHosts) > 0 && !allowed {
			allowed = true
			limits = append(limits, authflow.HostLimit{Hosts: s.AllowHosts})
		}
		if u.ref.kind != refSecret || bound == nil || slices.ContainsFunc(limits, func(l authflow.HostLimit) bool { return l.Secret == u.ref.name }) {
			continue
		}
		hosts, err := bound.Hosts(u.ref.name)
		if err != nil {
			return nil, &Error{Pos: u.pos, Msg: fmt.Sprintf("%s: %s: %v", u.field, u.ref, err), Err: errors.Join(ErrSecretUnavailable, err)}
		}
		if len(hosts) > 0 {
			limits = append(limits, authflow.HostLimit{Hosts: hosts, Secret: u.ref.name})
		}
	}
	return limits, nil
}

// keptLoginLimits adds the run's allowed hosts to the limits of an
// interactive profile's tokens. Its token is the user's, read from the
// token store (collections/store/tokens) as a secret is read from the secret
// store, whether or not its token request reads anything else from
// outside the file: `keyway run --allow-host` binds it as it binds the
// tokens a secret buys, so that a collection edited after `keyway login`
// cannot send the kept token to a host of its choosing.
func keptLoginLimits(t authflow.Type, limits []authflow.HostLimit, s *Scope) []authflow.HostLimit {
	if s == nil || !t.Interactive() || len(s.AllowHosts) == 0 ||
		slices.ContainsFunc(limits, func(l authflow.HostLimit) bool { return l.Secret == "" && slices.Equal(l.Hosts, s.AllowHosts) }) {
		return limits
	}
	return append(limits, authflow.HostLimit{Hosts: s.AllowHosts})
}

// checkUses checks each use against s.AllowHosts and the secret store's
// bindings, given the hosts the request and its token request go to.
func checkUses(uses []use, s *Scope, requestHost, tokenHost string) error {
	bound, _ := s.Secrets.(SecretHosts)
	if len(uses) == 0 || (len(s.AllowHosts) == 0 && bound == nil) {
		return nil
	}
	for _, u := range uses {
		host := requestHost
		if u.toToken {
			host = tokenHost
		}
		if len(s.AllowHosts) > 0 && !HostAllowed(host, s.AllowHosts) {
			return hostError(u, &HostError{Reference: u.ref.String(), Host: host, Allowed: s.AllowHosts})
		}
		if u.ref.kind != refSecret || bound == nil {
			continue
		}
		hosts, err := bound.Hosts(u.ref.name)
		if err != nil {
			return &Error{Pos: u.pos, Msg: fmt.Sprintf("%s: %s: %v", u.field, u.ref, err), Err: errors.Join(ErrSecretUnavailable, err)}
		}
		if len(hosts) > 0 && !HostAllowed(host, hosts) {
			return hostError(u, &HostError{Reference: u.ref.String(), Host: host, Allowed: hosts, Binding: true})
		}
	}
	return nil
}

func hostError(u use, he *HostError) error {
	return &Error{Pos: u.pos, Msg: u.field + ": " + he.Error(), Err: he}
}

// hostOfURL returns the lower-case host (with any port) of a resolved URL.
func hostOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return UnknownHost
	}
	return strings.ToLower(u.Host)
}
