package demoapi

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// This file is the demo's OAuth2 clients (RFC 6749 §2): who may ask for
// which grant, where an authorization may be sent back to, and how a
// client proves who it is at the token, revocation and introspection
// endpoints (§2.3.1).

// The grant types, as grant_type spells them at the token endpoint.
const (
	GrantPassword          = "password"
	GrantRefreshToken      = "refresh_token"
	GrantAuthorizationCode = "authorization_code"
	GrantClientCredentials = "client_credentials"
	// GrantDeviceCode is the device authorization grant (RFC 8628 §3.4).
	GrantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"
)

// client is an OAuth2 client registered with the demo.
type client struct {
	ID   string
	Name string // shown on the consent page
	// Secret is empty for a public client (RFC 6749 §2.1), which cannot
	// keep one: it identifies itself with client_id alone, and PKCE
	// stands in for the secret in the authorization code grant.
	Secret string
	Grants []string
	// Scopes is what a client credentials grant may give the client
	// itself; user grants are bounded by the user's scopes instead.
	Scopes []string
	// RedirectURIs are the registered redirect URIs (RFC 6749 §3.1.2.2);
	// see redirectAllowed for how a loopback one matches.
	RedirectURIs []string
}

// public reports whether the client has no secret.
func (c client) public() bool { return c.Secret == "" }

// may reports whether the client is registered for grant.
func (c client) may(grant string) bool { return slices.Contains(c.Grants, grant) }

// loopbackCallbacks are the redirect URIs of a native app's loopback
// listener (RFC 8252 §7.3): any port, this path. "localhost" is left out
// on purpose: RFC 8252 §8.3 says to use the IP literal, since a name can
// resolve elsewhere.
var loopbackCallbacks = []string{"http://127.0.0.1/callback", "http://[::1]/callback"}

// clients are the demo's registered clients, by id. The table never
// changes, so it needs no lock.
var clients = map[string]client{
	ClientID: {
		ID: ClientID, Name: "keyway demo (confidential)", Secret: ClientSecret,
		Grants:       []string{GrantPassword, GrantRefreshToken, GrantAuthorizationCode},
		RedirectURIs: loopbackCallbacks,
	},
	ServiceClientID: {
		ID: ServiceClientID, Name: "demo service", Secret: ServiceClientSecret,
		Grants: []string{GrantClientCredentials},
		Scopes: []string{ScopeRead, ScopeWrite},
	},
	CLIClientID: {
		ID: CLIClientID, Name: "keyway demo CLI (public)",
		Grants:       []string{GrantAuthorizationCode, GrantDeviceCode, GrantRefreshToken},
		RedirectURIs: loopbackCallbacks,
	},
}

// redirectAllowed reports whether uri may receive an authorization
// response for a client that registered registered. A loopback
// registration matches on any port (RFC 8252 §7.3: the app opens a free
// port at run time), with the scheme, address, path and query as
// registered; anything else must match exactly, character for character
// (RFC 9700 §4.1.3: no pattern matching, which attackers have abused
// into open redirectors). A fragment is never allowed (RFC 6749 §3.1.2).
func redirectAllowed(registered []string, uri string) bool {
	u, err := url.Parse(uri)
	if err != nil || u.Fragment != "" || strings.Contains(uri, "#") || u.User != nil {
		return false
	}
	for _, reg := range registered {
		if reg == uri {
			return true
		}
		r, err := url.Parse(reg)
		if err != nil || !isLoopbackIP(r.Hostname()) {
			continue
		}
		if u.Scheme == "http" && r.Scheme == "http" && u.Hostname() == r.Hostname() &&
			u.EscapedPath() == r.EscapedPath() && u.RawQuery == r.RawQuery && !u.ForceQuery {
			return true
		}
	}
	return false
}

// isLoopbackIP reports whether host is a loopback IP literal.
func isLoopbackIP(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authenticateClient finds the client a request comes from. A
// confidential client sends its id and secret with HTTP Basic or as
// client_id and client_secret form fields (RFC 6749 §2.3.1), never both
// (§2.3); a public client sends client_id alone (§3.2.1). It answers the
// request itself and returns false when the client is not authenticated.
func authenticateClient(w http.ResponseWriter, r *http.Request, form url.Values) (client, bool) {
	header := r.Header.Get("Authorization")
	if header != "" {
		rawID, rawSecret, ok := parseBasic(header)
		if !ok {
			oauthError(w, "invalid_client", "The Authorization header does not hold HTTP Basic client credentials")
			return client{}, false
		}
		if form.Has("client_secret") {
			oauthError(w, "invalid_request",
				"The client authenticated twice, with HTTP Basic and client_secret; use one (RFC 6749 section 2.3)")
			return client{}, false
		}
		// §2.3.1: the id and secret are form-urlencoded before Basic
		// encodes them. Many clients (curl -u among them) skip that
		// step, so the raw values are accepted too.
		c, ok := confidential(formDecode(rawID), formDecode(rawSecret))
		if !ok {
			c, ok = confidential(rawID, rawSecret)
		}
		if !ok {
			oauthError(w, "invalid_client", "The client id or secret is wrong")
			return client{}, false
		}
		if form.Has("client_id") && form.Get("client_id") != c.ID {
			oauthError(w, "invalid_request", "The client_id parameter names another client than HTTP Basic did")
			return client{}, false
		}
		return c, true
	}
	if !form.Has("client_id") {
		oauthError(w, "invalid_client", fmt.Sprintf(
			"This endpoint requires client authentication: a client_id such as %s and its secret, by HTTP Basic or in the form (RFC 6749 section 2.3.1)",
			quoteParam(ClientID)))
		return client{}, false
	}
	c, known := clients[form.Get("client_id")]
	if known && c.public() {
		if form.Has("client_secret") {
			oauthError(w, "invalid_client", fmt.Sprintf("The client %s is public and has no secret: send client_id alone", quoteParam(c.ID)))
			return client{}, false
		}
		return c, true
	}
	if c, ok := confidential(form.Get("client_id"), form.Get("client_secret")); ok {
		return c, true
	}
	oauthError(w, "invalid_client", "The client id or secret is wrong")
	return client{}, false
}

// confidential returns the confidential client with id, when secret is
// its secret. Unknown ids still cost one comparison, so timing tells
// nothing of which ids exist.
func confidential(id, secret string) (client, bool) {
	c, known := clients[id]
	if !known || c.public() {
		equal(secret, "\x00not a secret")
		return client{}, false
	}
	return c, equal(secret, c.Secret)
}
