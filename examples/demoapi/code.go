package demoapi

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// This file is the authorization code (RFC 6749 §4.1) from both ends:
// issued when the user allows a request, redeemed at the token endpoint
// with the PKCE verifier (RFC 7636 §4.5-4.6).

// CodeLifetime is how long an authorization code can be redeemed. RFC
// 6749 §4.1.2 recommends ten minutes at most; a client redeems it the
// moment the browser comes back, and a short life leaves a leaked code
// little time to be used.
const CodeLifetime = time.Minute

// maxCodes bounds the code table.
const maxCodes = 10000

// authCode is what an authorization code stands for.
type authCode struct {
	clientID    string
	redirectURI string
	username    string
	scope       string
	challenge   string
	nonce       string
	authTime    int64
	expires     time.Time
	// family is set once the code has been redeemed: a second attempt
	// revokes every token issued from it (RFC 6749 §4.1.2). Its id is
	// chosen before the tokens are issued, so a reuse racing the first
	// redemption still finds them.
	family string
	used   bool
}

// grantCode issues a code for req, granted by u, and sends the browser
// back with it (RFC 6749 §4.1.2).
func (s *server) grantCode(w http.ResponseWriter, r *http.Request, req authRequest, u user, status int) {
	now := s.now()
	code := randomToken(32)
	s.mu.Lock()
	pruneFull(s.codes, maxCodes, now, func(g *authCode) time.Time { return g.expires })
	s.codes[code] = &authCode{
		clientID: req.client.ID, redirectURI: req.redirectURI, username: u.Name,
		scope: strings.Join(req.scope, " "), challenge: req.challenge, nonce: req.nonce,
		authTime: now.Unix(), expires: now.Add(CodeLifetime),
	}
	s.mu.Unlock()
	s.redirectBack(w, r, req, status, url.Values{"code": {code}})
}

// authorizationCodeGrant redeems a code (RFC 6749 §4.1.3). A code works
// once: a second attempt means it leaked, and every token issued from it
// is revoked (§4.1.2). A failed attempt does not use the code up, so that
// an attacker who injects a stolen code without its verifier cannot spoil
// it for the client.
func (s *server) authorizationCodeGrant(w http.ResponseWriter, r *http.Request, form url.Values, c client) {
	presented := form.Get("code")
	if presented == "" {
		oauthError(w, "invalid_request", "The code parameter is missing")
		return
	}
	verifier := form.Get("code_verifier")
	now := s.now()

	s.mu.Lock()
	g := s.codes[presented]
	if g != nil && g.used && g.clientID == c.ID {
		s.revokeFamilyLocked(g.family)
		s.mu.Unlock()
		oauthError(w, "invalid_grant",
			"The authorization code was already used; the tokens issued with it are now revoked (RFC 6749 section 4.1.2)")
		return
	}
	problem := ""
	switch {
	case g == nil || g.used || g.clientID != c.ID:
		problem = "The authorization code is invalid, or was issued to another client"
	case !now.Before(g.expires):
		problem = "The authorization code expired: codes live one minute; sign in again"
	case form.Get("redirect_uri") != g.redirectURI:
		// §4.1.3: the same redirect_uri as in the authorization request.
		problem = "The redirect_uri differs from the one in the authorization request (RFC 6749 section 4.1.3)"
	case g.challenge == "" && verifier != "":
		// RFC 9700 §2.1.1: a verifier for a code issued without a
		// challenge is a downgrade attempt.
		problem = "A code_verifier was sent, but the authorization request had no code_challenge (RFC 9700 section 2.1.1)"
	case g.challenge != "" && verifier == "":
		problem = "The code_verifier is missing: the authorization request sent a code_challenge (RFC 7636 section 4.5)"
	case g.challenge != "" && !equal(s256(verifier), g.challenge):
		problem = "The code_verifier does not match the code_challenge: BASE64URL(SHA256(code_verifier)) differs (RFC 7636 section 4.6)"
	}
	var grant authCode
	if problem == "" {
		g.used = true
		g.family = randomToken(12)
		grant = *g
	}
	s.mu.Unlock()
	if problem != "" {
		oauthError(w, "invalid_grant", problem)
		return
	}
	s.issue(w, r, issuance{
		subject: grant.username, clientID: c.ID, scope: grant.scope, family: grant.family, refresh: true,
		idToken: true, nonce: grant.nonce, authTime: grant.authTime,
	})
}

// s256 is the S256 code challenge of verifier (RFC 7636 §4.2).
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return b64.EncodeToString(sum[:])
}

// isVerifierShaped reports whether v uses only the unreserved characters
// a code verifier and an S256 challenge are made of (RFC 7636 §4.1).
func isVerifierShaped(v string) bool {
	if v == "" {
		return false
	}
	for _, c := range v {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.ContainsRune("-._~", c):
		default:
			return false
		}
	}
	return true
}
