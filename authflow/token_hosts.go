package authflow

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// An issued token is as secret as the credentials that bought it: whoever
// holds an access token acts as the user until it expires (RFC 6750 §5.1),
// and a refresh token buys more of them (RFC 6749 §10.4). So a token may go
// only where those credentials may go. The limits come from the caller
// (Profile.TokenLimits: the run's allowed hosts, the hosts a stored secret
// is bound to), are copied onto every token when it is obtained
// (Token.Limits) and so travel with it through the token cache, and are
// checked each time a token is about to leave: the access token on the
// user's request, the refresh token on a refresh. Every grant that issues
// tokens goes through obtainToken, and so inherits them.

// HostLimit is one rule on where a credential, and any token bought with
// it, may be sent: the host must match one of Hosts (see HostAllowed).
type HostLimit struct {
	Hosts []string
	// Secret names the stored secret bound to Hosts (keyway secret set
	// NAME --host HOST); "" when the limit is the run's allowed hosts
	// (--allow-host).
	Secret string
}

// ErrTokenHostNotAllowed is what a *TokenHostError matches with errors.Is.
var ErrTokenHostNotAllowed = errors.New("authflow: issued token not allowed to this host")

// TokenHostError reports an issued token that was about to be sent to a
// host its credentials may not reach. Nothing was sent.
type TokenHostError struct {
	Profile string
	// Token says which: "access token" or "refresh token".
	Token string
	Host  string    // where it would have gone
	Limit HostLimit // the rule it would break
}

// Error says what was refused and how to allow it, in the words of the
// refusals for bound secrets and --allow-host (docs/security.md §1).
func (e *TokenHostError) Error() string {
	what := fmt.Sprintf("the %s of profile %q", e.Token, e.Profile)
	hosts := make([]string, len(e.Limit.Hosts))
	for i, h := range e.Limit.Hosts {
		hosts[i] = DisplayHost(h)
	}
	if e.Limit.Secret != "" {
		// `secret set --host` replaces the binding: keep the hosts it
		// has, or the token request itself would be refused next.
		flags := append(slices.Clone(e.Limit.Hosts), WireHost(e.Host))
		return fmt.Sprintf("%s was issued for {{secret:%s}}, which is bound to %s; refusing to send it to %s (if that host is right, run: keyway secret set %s --host %s)",
			what, e.Limit.Secret, strings.Join(hosts, ", "), DisplayHost(e.Host), e.Limit.Secret, strings.Join(flags, " --host "))
	}
	return fmt.Sprintf("%s would be sent to %s, which is not an allowed host (--allow-host %s); nothing was sent (if that host is right, add --allow-host %s)",
		what, DisplayHost(e.Host), strings.Join(hosts, ", --allow-host "), WireHost(e.Host))
}

// Unwrap makes errors.Is(err, ErrTokenHostNotAllowed) true.
func (e *TokenHostError) Unwrap() error { return ErrTokenHostNotAllowed }

// IssuesTokens reports whether profiles of type t obtain tokens from a
// token endpoint, tokens that then go to the API (and so are bound by
// Profile.TokenLimits).
func (t Type) IssuesTokens() bool {
	return t.IsOAuth2()
}

// CheckTokenHost returns a *TokenHostError when a token issued for p may
// not be sent to host (name or name:port) under p.TokenLimits; nil
// otherwise. Callers that know where a request goes before sending it use
// it to refuse early; a send checks again, against the token's own limits
// too.
func (p *Profile) CheckTokenHost(host string) error {
	return checkLimits(p.Name, "access token", host, p.TokenLimits)
}

// checkTokenHost refuses to send t (what: "access token" or "refresh
// token") to host when its own limits, from when it was obtained, or the
// profile's, as they are now, do not allow it.
func (r *sendRun) checkTokenHost(t *Token, what, host string) error {
	if err := checkLimits(r.profile.Name, what, host, t.Limits); err != nil {
		return err
	}
	return checkLimits(r.profile.Name, what, host, r.profile.TokenLimits)
}

func checkLimits(profile, what, host string, limits []HostLimit) error {
	for _, l := range limits {
		if !HostAllowed(host, l.Hosts) {
			return &TokenHostError{Profile: profile, Token: what, Host: strings.ToLower(host), Limit: l}
		}
	}
	return nil
}

// joinLimits returns the limits of a token bought with credentials under
// a and b: both apply.
func joinLimits(a, b []HostLimit) []HostLimit {
	out := slices.Clip(a)
	for _, l := range b {
		if !slices.ContainsFunc(out, func(o HostLimit) bool { return o.Secret == l.Secret && slices.Equal(o.Hosts, l.Hosts) }) {
			out = append(out, l)
		}
	}
	return out
}

// hostOf returns the host (with any port) of a URL, "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
