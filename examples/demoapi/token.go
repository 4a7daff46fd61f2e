package demoapi

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// This file is the OAuth2 token endpoint: the resource owner password
// credentials grant (RFC 6749 §4.3) and refreshing (§6), with client
// authentication (§2.3.1) and the error answers of §5.2.

// maxRefreshTokens bounds the refresh-token table, so a script that logs in
// in a loop cannot grow the demo's memory without end.
const maxRefreshTokens = 10000

// maxFormBytes bounds a token request body.
const maxFormBytes = 64 << 10

// defaultScope is granted when a token request names none: RFC 6749 §3.3
// lets the server pick a default, and the least privilege teaches that
// write must be asked for.
const defaultScope = ScopeRead

// refreshGrant is what a refresh token stands for.
type refreshGrant struct {
	username string
	clientID string
	scope    string // as granted with the password; a refresh may narrow it
	expires  time.Time
}

// tokenResponse is the successful answer of RFC 6749 §5.1.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
}

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
	// §5.1: token answers, errors included, must not be cached.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")

	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "application/x-www-form-urlencoded" {
		oauthError(w, "invalid_request",
			"The token request body must be application/x-www-form-urlencoded (RFC 6749 section 4.3.2)")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request", "The token request body is not a valid form")
		return
	}
	form := r.PostForm
	for name, values := range form {
		if len(values) > 1 {
			oauthError(w, "invalid_request",
				fmt.Sprintf("The parameter %s appears more than once (RFC 6749 section 3.2)", quoteParam(name)))
			return
		}
	}
	clientID, ok := authenticateClient(w, r, form)
	if !ok {
		return
	}
	switch grant := form.Get("grant_type"); grant {
	case "password":
		s.passwordGrant(w, form, clientID)
	case "refresh_token":
		s.refreshTokenGrant(w, form, clientID)
	case "":
		oauthError(w, "invalid_request", "The grant_type parameter is missing")
	default:
		oauthError(w, "unsupported_grant_type",
			fmt.Sprintf("This server supports grant_type password and refresh_token, not %s", quoteParam(grant)))
	}
}

// authenticateClient checks the client's credentials, sent either with
// HTTP Basic or as client_id and client_secret form fields (RFC 6749
// §2.3.1), never both (§2.3). It answers the request itself and returns
// false when the client is not authenticated.
func authenticateClient(w http.ResponseWriter, r *http.Request, form url.Values) (string, bool) {
	header := r.Header.Get("Authorization")
	if header != "" {
		rawID, rawSecret, ok := parseBasic(header)
		if !ok {
			oauthError(w, "invalid_client", "The Authorization header does not hold HTTP Basic client credentials")
			return "", false
		}
		if form.Has("client_secret") {
			oauthError(w, "invalid_request",
				"The client authenticated twice, with HTTP Basic and client_secret; use one (RFC 6749 section 2.3)")
			return "", false
		}
		// §2.3.1: the id and secret are form-urlencoded before Basic
		// encodes them. Many clients (curl -u among them) skip that
		// step, so the raw values are accepted too.
		id, secret := formDecode(rawID), formDecode(rawSecret)
		if !(equal(id, ClientID) && equal(secret, ClientSecret)) &&
			!(equal(rawID, ClientID) && equal(rawSecret, ClientSecret)) {
			oauthError(w, "invalid_client", "The client id or secret is wrong")
			return "", false
		}
		if form.Has("client_id") && form.Get("client_id") != ClientID {
			oauthError(w, "invalid_request", "The client_id parameter names another client than HTTP Basic did")
			return "", false
		}
		return ClientID, true
	}
	if !form.Has("client_id") {
		oauthError(w, "invalid_client", fmt.Sprintf(
			"This token endpoint requires client authentication: client_id %s and its secret, by HTTP Basic or in the form (RFC 6749 section 2.3.1)",
			quoteParam(ClientID)))
		return "", false
	}
	if !equal(form.Get("client_id"), ClientID) || !equal(form.Get("client_secret"), ClientSecret) {
		oauthError(w, "invalid_client", "The client id or secret is wrong")
		return "", false
	}
	return ClientID, true
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
// (RFC 6749 §4.3.2).
func (s *server) passwordGrant(w http.ResponseWriter, form url.Values, clientID string) {
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
	scope, problem := grantScope(form.Get("scope"), u.Scopes, u.Name+" may be granted")
	if problem != "" {
		oauthError(w, "invalid_scope", problem)
		return
	}
	s.issue(w, refreshGrant{username: u.Name, clientID: clientID, scope: scope}, scope)
}

// refreshTokenGrant exchanges a refresh token for a new access token
// (RFC 6749 §6). The refresh token is rotated: the old one stops working
// and a new one comes back, as RFC 9700 §4.14.2 recommends, so a stolen
// refresh token is useful at most once.
func (s *server) refreshTokenGrant(w http.ResponseWriter, form url.Values, clientID string) {
	presented := form.Get("refresh_token")
	if presented == "" {
		oauthError(w, "invalid_request", "The refresh_token parameter is missing")
		return
	}
	s.mu.Lock()
	grant, found := s.refresh[presented]
	valid := found && grant.clientID == clientID && s.now().Before(grant.expires)
	if valid {
		delete(s.refresh, presented)
	}
	s.mu.Unlock()
	if !valid {
		oauthError(w, "invalid_grant", "The refresh token is invalid, expired, already used, or was issued to another client")
		return
	}
	// §6: a refresh may ask for less than was granted, never more, and
	// one that asks for nothing gets the scope originally granted.
	scope, problem := grant.scope, ""
	if strings.TrimSpace(form.Get("scope")) != "" {
		scope, problem = grantScope(form.Get("scope"), strings.Fields(grant.scope), "the refresh token grants")
	}
	if problem != "" {
		// The token was consumed above; put it back, since the request
		// was refused and nothing was issued.
		s.mu.Lock()
		s.refresh[presented] = grant
		s.mu.Unlock()
		oauthError(w, "invalid_scope", problem)
		return
	}
	s.issue(w, grant, scope)
}

// grantScope decides the scope to grant for the space-separated request
// (RFC 6749 §3.3) out of allowed, or returns why it cannot.
func grantScope(requested string, allowed []string, allowedLabel string) (scope, problem string) {
	asked := strings.Fields(requested)
	if len(asked) == 0 {
		if hasScope(strings.Join(allowed, " "), defaultScope) {
			return defaultScope, ""
		}
		return strings.Join(allowed, " "), ""
	}
	for _, a := range asked {
		if a != ScopeRead && a != ScopeWrite {
			return "", fmt.Sprintf("Unknown scope %s; this server knows %s and %s", quoteParam(a), ScopeRead, ScopeWrite)
		}
		if !hasScope(strings.Join(allowed, " "), a) {
			return "", fmt.Sprintf("The scope %s is not allowed: %s only %s", quoteParam(a), allowedLabel, quoteParam(strings.Join(allowed, " ")))
		}
	}
	return strings.Join(asked, " "), ""
}

// issue answers with a new access token for grant's user and client
// carrying scope, and a new refresh token that keeps grant's scope.
func (s *server) issue(w http.ResponseWriter, grant refreshGrant, scope string) {
	now := s.now()
	// JWT times are whole seconds (RFC 7519 §2 NumericDate); round the
	// lifetime up so a sub-second lifetime still lives.
	lifetime := int64((s.tokenLifetime + time.Second - 1) / time.Second)
	access := signToken(s.key, claims{
		Issuer:   Issuer,
		Subject:  grant.username,
		Audience: Audience,
		ClientID: grant.clientID,
		Scope:    scope,
		IssuedAt: now.Unix(),
		Expiry:   now.Unix() + lifetime,
		ID:       randomToken(12),
	})
	refresh := randomToken(32)
	grant.expires = now.Add(s.refreshLifetime)

	s.mu.Lock()
	s.pruneRefreshLocked(now)
	s.refresh[refresh] = grant
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken:  access,
		TokenType:    "Bearer",
		ExpiresIn:    lifetime,
		RefreshToken: refresh,
		Scope:        scope,
	})
}

// pruneRefreshLocked drops expired refresh tokens once the table is full,
// then arbitrary ones if it is still full. s.mu must be held.
func (s *server) pruneRefreshLocked(now time.Time) {
	if len(s.refresh) < maxRefreshTokens {
		return
	}
	for token, g := range s.refresh {
		if !now.Before(g.expires) {
			delete(s.refresh, token)
		}
	}
	for token := range s.refresh {
		if len(s.refresh) < maxRefreshTokens {
			break
		}
		delete(s.refresh, token)
	}
}
