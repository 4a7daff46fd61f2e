package authflow

import (
	"fmt"
	"net/url"
	"strings"
)

// A token sent for revocation or introspection (RFC 7009 §2.1, RFC 7662
// §2.1) leaves with the client's credentials, and a refresh token among
// them buys access tokens for as long as it lives. Both endpoints belong
// to the authorization server that issued the token (RFC 8414 §2 lists
// them in its metadata), so keyway sends to neither on another host than
// that server's — the token endpoint's, or the issuer's when the profile
// names no token endpoint. revocation_url and introspection_url are not
// part of the key a login is kept under (Profile.TokenCacheKey), so a
// collection edited after `keyway login` could otherwise point `keyway
// logout` at a host of its choosing and be handed the kept refresh token.
// The token's own limits and the profile's (TokenLimits) apply as for
// any other send.

// checkEndpointHost refuses to send token (with the client's
// credentials) to endpoint when its host is not the authorization
// server's, or the limits of the token or of the profile do not allow it.
func (r *sendRun) checkEndpointHost(endpoint, field string, limits []HostLimit) error {
	p := r.profile
	host := hostOf(endpoint)
	server, from := p.TokenURL, "token_url"
	if server == "" {
		server, from = p.Issuer, "issuer"
	}
	if !sameServer(endpoint, server) {
		return fmt.Errorf("profile %q: %s is on %s, not on the authorization server that issued the token (%s, from %s); "+
			"refusing to send the token and the client's credentials there (RFC 7009 §2, RFC 7662 §2: the endpoint is the authorization server's)",
			p.Name, field, DisplayHost(host), DisplayHost(hostOf(server)), from)
	}
	if err := checkLimits(p.Name, "token", host, limits); err != nil {
		return err
	}
	return checkLimits(p.Name, "token", host, p.TokenLimits)
}

// sameServer reports whether URLs a and b are on the same server: the
// same host name (compared in ASCII form) and the same port, a missing
// one being the scheme's (RFC 6454 §4 leaves the scheme out of it here:
// an http:// endpoint is warned about on its own). On loopback the port
// is what tells one local program from another.
func sameServer(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil || ua.Host == "" || ub.Host == "" {
		return false
	}
	return strings.EqualFold(wireHost(ua.Hostname()), wireHost(ub.Hostname())) && effectivePort(ua) == effectivePort(ub)
}

func effectivePort(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}

// keptLimits returns the limits of the token whose access or refresh
// token is value, when the client keeps one for the profile (in its cache
// or its store); nil otherwise.
func (c *Client) keptLimits(key, value string) []HostLimit {
	holds := func(t *Token) bool {
		return t != nil && value != "" && (t.AccessToken == value || t.RefreshToken == value || t.IDToken == value)
	}
	if t := c.tokens().peek(key); holds(t) {
		return t.Limits
	}
	if c.Store != nil {
		if t, err := c.Store.Load(key); err == nil && holds(t) {
			return t.Limits
		}
	}
	return nil
}
