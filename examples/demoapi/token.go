package demoapi

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// This file is the OAuth2 token endpoint: it dispatches on grant_type,
// and holds the resource owner password credentials grant (RFC 6749
// §4.3), the client credentials grant (§4.4) and refreshing (§6), with
// the error answers of §5.2. The authorization code grant is in code.go,
// the device grant in device.go.

// maxRefreshTokens bounds the refresh-token table, so a script that logs in
// in a loop cannot grow the demo's memory without end.
const maxRefreshTokens = 10000

// maxFormBytes bounds a token request body.
const maxFormBytes = 64 << 10

// defaultScope is granted when a token request names none: RFC 6749 §3.3
// lets the server pick a default, and the least privilege teaches that
// write must be asked for.
const defaultScope = ScopeRead

// oauthError answers with an RFC 6749 §5.2 error: 400, or 401 with a
// challenge for invalid_client so the client learns that HTTP Basic is
// supported. §5.2 allows only printable ASCII without '"' and '\\' in
// error_description; the descriptions are written that way, and
// challengeSafe makes sure.
func oauthError(w http.ResponseWriter, code, description string) {
	description = challengeSafe(description)
	status := http.StatusBadRequest
	if code == "invalid_client" {
		status = http.StatusUnauthorized
		w.Header().Set("WWW-Authenticate", basicChallenge)
	}
	writeError(w, status, code, description)
}

// token is POST /oauth/token.
func (s *server) token(w http.ResponseWriter, r *http.Request) {
	// §5.1: token answers, errors included, must not be cached
	// (clientPost sets Cache-Control).
	w.Header().Set("Pragma", "no-cache")
	form, c, ok := clientPost(w, r)
	if !ok {
		return
	}
	grant := form.Get("grant_type")
	handle, known := map[string]func(http.ResponseWriter, *http.Request, url.Values, client){
		GrantPassword:          s.passwordGrant,
		GrantRefreshToken:      s.refreshTokenGrant,
		GrantAuthorizationCode: s.authorizationCodeGrant,
		GrantClientCredentials: s.clientCredentialsGrant,
		GrantDeviceCode:        s.deviceCodeGrant,
	}[grant]
	switch {
	case grant == "":
		oauthError(w, "invalid_request", "The grant_type parameter is missing")
	case !known:
		oauthError(w, "unsupported_grant_type", fmt.Sprintf(
			"This server supports grant_type %s, not %s", strings.Join(grantTypes, ", "), quoteParam(grant)))
	case !c.may(grant):
		// §5.2: the client is known but not registered for this grant.
		oauthError(w, "unauthorized_client", fmt.Sprintf(
			"The client %s may use grant_type %s only", quoteParam(c.ID), strings.Join(c.Grants, ", ")))
	default:
		handle(w, r, form, c)
	}
}

// grantTypes lists every grant the token endpoint knows, as discovery
// advertises them (RFC 8414 §2).
var grantTypes = []string{GrantAuthorizationCode, GrantClientCredentials, GrantDeviceCode, GrantPassword, GrantRefreshToken}

// clientPost begins the token, device authorization, revocation and
// introspection endpoints alike: their answers, errors included, are not
// to be cached (RFC 6749 §5.1), and each reads the form and
// authenticates the client. It answers the request itself and returns
// false when either fails.
func clientPost(w http.ResponseWriter, r *http.Request) (url.Values, client, bool) {
	w.Header().Set("Cache-Control", "no-store")
	form, ok := readForm(w, r)
	if !ok {
		return nil, client{}, false
	}
	c, ok := authenticateClient(w, r, form)
	if !ok {
		return nil, client{}, false
	}
	return form, c, true
}

// readForm reads the form of a POST to the token, device, revocation or
// introspection endpoint: application/x-www-form-urlencoded (RFC 6749
// §4.1.3 and alike), each parameter at most once (§3.2). It answers the
// request itself and returns false when the form is unusable.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		oauthError(w, "invalid_request",
			"The request body must be application/x-www-form-urlencoded (RFC 6749 section 3.2)")
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "The request body is not a valid form")
		return nil, false
	}
	form := r.PostForm
	for name, values := range form {
		if len(values) > 1 {
			oauthError(w, "invalid_request",
				fmt.Sprintf("The parameter %s appears more than once (RFC 6749 section 3.2)", quoteParam(name)))
			return nil, false
		}
	}
	return form, true
}

// quoteParam quotes a value from the request for an error description:
// single quotes (§5.2 forbids '"'), unsafe characters dropped, at most 40
// characters, so a client's input is recognisable but never replayed whole.
func quoteParam(v string) string {
	v = challengeSafe(v)
	if len(v) > 40 {
		v = v[:40] + "..."
	}
	return "'" + v + "'"
}

// formDecode undoes application/x-www-form-urlencoded; a value that does
// not decode is kept as it is, and then fails the comparison.
func formDecode(v string) string {
	d, err := url.QueryUnescape(v)
	if err != nil {
		return v
	}
	return d
}

// passwordGrant is the resource owner password credentials grant
// (RFC 6749 §4.3.2). RFC 9700 §2.4 says it must not be used: the client
// sees the user's password. It stays so that a learner can compare it
// with the grants that replaced it.
func (s *server) passwordGrant(w http.ResponseWriter, r *http.Request, form url.Values, c client) {
	name, password := form.Get("username"), form.Get("password")
	if name == "" || !form.Has("password") {
		oauthError(w, "invalid_request", "A password grant needs both username and password (RFC 6749 section 4.3.2)")
		return
	}
	u, known := users[name]
	if !known || !equal(password, u.Password) {
		oauthError(w, "invalid_grant", "The username or password is wrong")
		return
	}
	scope, problem := grantScope(form.Get("scope"), userScopes(u), u.Name+" may be granted")
	if problem != "" {
		oauthError(w, "invalid_scope", problem)
		return
	}
	s.issue(w, r, issuance{subject: u.Name, clientID: c.ID, scope: scope, refresh: true})
}

// clientCredentialsGrant is the client credentials grant (RFC 6749 §4.4):
// the client acts for itself, so the token's subject is the client
// (RFC 9068 §2.2). §4.4.3: no refresh token, since the client can ask
// again with its credentials at any time.
func (s *server) clientCredentialsGrant(w http.ResponseWriter, r *http.Request, form url.Values, c client) {
	scope, problem := grantScope(form.Get("scope"), c.Scopes, "the client "+c.ID+" may be granted")
	if problem != "" {
		oauthError(w, "invalid_scope", problem)
		return
	}
	s.issue(w, r, issuance{subject: c.ID, clientID: c.ID, scope: scope})
}

// userScopes is what a user may grant a client: their own scopes, and
// openid, which asks for an ID token about them.
func userScopes(u user) []string { return append(slices.Clone(u.Scopes), ScopeOpenID) }

// refreshTokenGrant exchanges a refresh token for a new access token
// (RFC 6749 §6). The refresh token is rotated: the old one stops working
// and a new one comes back, so a stolen refresh token is useful at most
// once. When a spent one comes back, either the client or a thief holds a
// copy, and the server cannot tell which: RFC 9700 §4.14.2 says to revoke
// the whole family, the legitimate client's live tokens included, so the
// thief's copy dies with them and the user signs in again.
func (s *server) refreshTokenGrant(w http.ResponseWriter, r *http.Request, form url.Values, c client) {
	presented := form.Get("refresh_token")
	if presented == "" {
		oauthError(w, "invalid_request", "The refresh_token parameter is missing")
		return
	}
	s.mu.Lock()
	g, found := s.refresh[presented]
	fam := s.families[g.family]
	valid := found && fam != nil && !fam.revoked && fam.clientID == c.ID && s.now().Before(g.expires)
	if valid && g.spent {
		s.revokeFamilyLocked(g.family)
		s.mu.Unlock()
		oauthError(w, "invalid_grant",
			"The refresh token was already used once; every token issued from the same grant is now revoked (RFC 9700 section 4.14.2)")
		return
	}
	var grant family
	if valid {
		g.spent = true
		s.refresh[presented] = g
		grant = *fam
	}
	s.mu.Unlock()
	if !valid {
		oauthError(w, "invalid_grant", "The refresh token is invalid, expired, revoked, or was issued to another client")
		return
	}
	// §6: a refresh may ask for less than was granted, never more, and
	// one that asks for nothing gets the scope originally granted.
	scope, problem := grant.scope, ""
	if strings.TrimSpace(form.Get("scope")) != "" {
		scope, problem = grantScope(form.Get("scope"), strings.Fields(grant.scope), "the refresh token grants")
	}
	if problem != "" {
		// Nothing was issued: the token is not spent after all.
		s.mu.Lock()
		g.spent = false
		s.refresh[presented] = g
		s.mu.Unlock()
		oauthError(w, "invalid_scope", problem)
		return
	}
	s.issue(w, r, issuance{subject: grant.subject, clientID: c.ID, scope: scope, family: g.family, refresh: true})
}

// knownScopes are the scopes this server knows (RFC 6749 §3.3).
var knownScopes = []string{ScopeOpenID, ScopeRead, ScopeWrite}

// grantScope decides the scope to grant for the space-separated request
// (RFC 6749 §3.3) out of allowed, or returns why it cannot.
func grantScope(requested string, allowed []string, allowedLabel string) (scope, problem string) {
	asked := strings.Fields(requested)
	if len(asked) == 0 {
		if slices.Contains(allowed, defaultScope) {
			return defaultScope, ""
		}
		return scopeList(allowed), ""
	}
	for _, a := range asked {
		if !slices.Contains(knownScopes, a) {
			return "", fmt.Sprintf("Unknown scope %s; this server knows %s", quoteParam(a), strings.Join(knownScopes, ", "))
		}
		if !slices.Contains(allowed, a) {
			return "", fmt.Sprintf("The scope %s is not allowed: %s only %s", quoteParam(a), allowedLabel, quoteParam(scopeList(allowed)))
		}
	}
	return scopeList(asked), ""
}
