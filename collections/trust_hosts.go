package collections

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// ErrHostNotAllowed is what a *HostError matches with errors.Is.
var ErrHostNotAllowed = errors.New("collections: host not allowed")

// ErrOutsideValue is what Prepare's error wraps when Scope.NoEnv refuses an
// {{env:…}} or {{secret:…}} reference.
var ErrOutsideValue = errors.New("collections: environment variables and secrets are turned off (--no-env)")

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
	if e.Binding {
		return fmt.Sprintf("%s is bound to %s; refusing to send it to %s (if that host is right, run: keyway secret set %s --host %s)",
			e.Reference, strings.Join(e.Allowed, ", "), e.Host, strings.TrimSuffix(strings.TrimPrefix(e.Reference, "{{secret:"), "}}"), e.Host)
	}
	return fmt.Sprintf("%s would be sent to %s, which is not an allowed host (--allow-host %s); nothing was sent",
		e.Reference, e.Host, strings.Join(e.Allowed, ", --allow-host "))
}

// Unwrap makes errors.Is(err, ErrHostNotAllowed) true.
func (e *HostError) Unwrap() error { return ErrHostNotAllowed }

// HostAllowed reports whether host (as in a URL: name or name:port) matches
// one of patterns. A pattern is a host name ("api.example.com", matching
// any port), a host and port ("127.0.0.1:8080"), or "*.example.com",
// matching every subdomain of example.com but not example.com itself.
// Comparison ignores case.
func HostAllowed(host string, patterns []string) bool {
	name, port := splitHost(host)
	for _, p := range patterns {
		pName, pPort := splitHost(strings.TrimSpace(p))
		if pPort != "" && pPort != port {
			continue
		}
		if suffix, ok := strings.CutPrefix(pName, "*."); ok {
			if strings.HasSuffix(name, "."+suffix) {
				return true
			}
			continue
		}
		if pName == name {
			return true
		}
	}
	return false
}

// splitHost splits "name:port" (or "[::1]:port") into lower-case name and
// port; a bare name has no port.
func splitHost(host string) (string, string) {
	host = strings.ToLower(host)
	if name, port, err := net.SplitHostPort(host); err == nil {
		return name, port
	}
	return strings.Trim(host, "[]"), ""
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
// host is the one that matters.
func (c *Collection) checkDestinations(r *Request, s *Scope, p *Prepared) error {
	if s == nil {
		return nil
	}
	tokenURL := ""
	if p.Profile != nil {
		tokenURL = p.Profile.TokenURL
	}
	return checkUses(c.uses(r, s), s, p.Request.URL, tokenURL)
}

// CheckProfile applies Prepare's limits (Scope.NoEnv, Scope.AllowHosts and
// secrets bound to hosts) to profile name, resolved as p, sent with a
// request to requestURL: for `keyway flow` and the TUI's walk-through,
// which may pair a profile with a request that names another.
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
	return checkUses(uses, s, requestURL, tokenURL)
}

// checkUses checks each use against s.AllowHosts and the secret store's
// bindings, given where the request and its token request go.
func checkUses(uses []use, s *Scope, requestURL, tokenURL string) error {
	bound, _ := s.Secrets.(SecretHosts)
	if len(uses) == 0 || (len(s.AllowHosts) == 0 && bound == nil) {
		return nil
	}
	requestHost, tokenHost := hostOfURL(requestURL), hostOfURL(tokenURL)
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
