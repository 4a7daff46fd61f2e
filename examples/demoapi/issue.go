package demoapi

import (
	"net/http"
	"strings"
	"time"
)

// This file issues tokens and remembers enough about them to take them
// back. Every grant a user gave (a password login, a consent, an approved
// device) starts a family: the access tokens and the chain of rotated
// refresh tokens that come from it. Revoking a family revokes all of
// them, which is what a reused authorization code (RFC 6749 §4.1.2), a
// reused refresh token (RFC 9700 §4.14.2) and the revocation of a refresh
// token (RFC 7009 §2.1) call for.

// maxFamilies bounds the family table, as maxRefreshTokens bounds the
// refresh tokens.
const maxFamilies = 10000

// family is one grant and every token issued from it.
type family struct {
	subject  string // the user, or for a client credentials grant the client
	clientID string
	scope    string // as granted; a refresh may narrow it, never widen it
	revoked  bool
	// accessIDs are the jti of every access token issued in the family,
	// with its expiry, so that revoking the family revokes them too.
	accessIDs map[string]int64
	// expires is when the last token issued in the family stops working;
	// after that the family can be forgotten.
	expires time.Time
}

// refreshGrant is what a refresh token stands for. A used one is kept,
// spent, until it expires, so that its reuse is recognised.
type refreshGrant struct {
	family  string
	expires time.Time
	spent   bool
}

// issuance says what to issue.
type issuance struct {
	subject  string
	clientID string
	scope    string // of this access token; a new family keeps it as granted
	family   string // the family to add to; a new one if none has this id ("" for a random id)
	refresh  bool   // issue a refresh token too
	// idToken asks for an OpenID Connect ID token, for the client, with
	// nonce when the authorization request sent one.
	idToken  bool
	nonce    string
	authTime int64
}

// tokenResponse is the successful answer of RFC 6749 §5.1.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	IDToken      string `json:"id_token,omitempty"`
}

// issue answers r with new tokens as what says.
func (s *server) issue(w http.ResponseWriter, r *http.Request, what issuance) {
	now := s.now()
	// JWT times are whole seconds (RFC 7519 §2 NumericDate); round the
	// lifetime up so a sub-second lifetime still lives.
	lifetime := int64((s.tokenLifetime + time.Second - 1) / time.Second)
	jti := randomToken(12)
	access := signToken(s.key, claims{
		Issuer:   Issuer,
		Subject:  what.subject,
		Audience: Audience,
		ClientID: what.clientID,
		Scope:    what.scope,
		IssuedAt: now.Unix(),
		Expiry:   now.Unix() + lifetime,
		ID:       jti,
	})
	answer := tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: lifetime, Scope: what.scope}

	s.mu.Lock()
	fam := s.families[what.family]
	id := what.family
	if fam == nil {
		s.pruneFamiliesLocked(now)
		if id == "" {
			id = randomToken(12)
		}
		fam = &family{subject: what.subject, clientID: what.clientID, scope: what.scope, accessIDs: map[string]int64{}}
		s.families[id] = fam
	}
	fam.accessIDs[jti] = now.Unix() + lifetime
	fam.expires = later(fam.expires, time.Unix(now.Unix()+lifetime, 0))
	if what.refresh {
		answer.RefreshToken = randomToken(32)
		expires := now.Add(s.refreshLifetime)
		fam.expires = later(fam.expires, expires)
		s.pruneRefreshLocked(now)
		s.refresh[answer.RefreshToken] = refreshGrant{family: id, expires: expires}
	}
	s.mu.Unlock()

	if what.idToken && hasScope(what.scope, ScopeOpenID) {
		answer.IDToken = s.signIDToken(r, what, now, lifetime)
	}
	writeJSON(w, http.StatusOK, answer)
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// revokeFamilyLocked revokes every token of the family id: its refresh
// tokens stop working at once, its access tokens at their next use.
// s.mu must be held.
func (s *server) revokeFamilyLocked(id string) {
	fam := s.families[id]
	if fam == nil {
		return
	}
	fam.revoked = true
	for jti, exp := range fam.accessIDs {
		s.revokeAccessLocked(jti, exp)
	}
}

// accessRevoked reports whether the access token with this jti was
// revoked.
func (s *server) accessRevoked(jti string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, revoked := s.revoked[jti]
	return revoked
}

// revokeAccessLocked revokes one access token until it would have
// expired anyway. s.mu must be held.
func (s *server) revokeAccessLocked(jti string, exp int64) {
	now := s.now().Unix()
	if len(s.revoked) >= maxFamilies {
		for id, e := range s.revoked {
			if e <= now {
				delete(s.revoked, id)
			}
		}
	}
	s.revoked[jti] = exp
}

// pruneFull makes room in table, which holds at most limit entries:
// once it is full, the entries expired at now go, then arbitrary ones
// until one more fits, so that a client cannot grow the demo server's
// memory without bound.
func pruneFull[V any](table map[string]V, limit int, now time.Time, expires func(V) time.Time) {
	if len(table) < limit {
		return
	}
	for k, v := range table {
		if !now.Before(expires(v)) {
			delete(table, k)
		}
	}
	for k := range table {
		if len(table) < limit {
			break
		}
		delete(table, k)
	}
}

// pruneRefreshLocked drops expired refresh tokens once the table is full,
// then arbitrary ones if it is still full. s.mu must be held.
func (s *server) pruneRefreshLocked(now time.Time) {
	pruneFull(s.refresh, maxRefreshTokens, now, func(g refreshGrant) time.Time { return g.expires })
}

// pruneFamiliesLocked forgets families whose every token has expired,
// once the table is full, then arbitrary ones. The revoked access tokens
// are pruned with them. s.mu must be held.
func (s *server) pruneFamiliesLocked(now time.Time) {
	if len(s.families) < maxFamilies {
		return
	}
	pruneFull(s.families, maxFamilies, now, func(f *family) time.Time { return f.expires })
	for jti, exp := range s.revoked {
		if exp <= now.Unix() {
			delete(s.revoked, jti)
		}
	}
}

// scopeList joins scopes for a scope parameter (RFC 6749 §3.3).
func scopeList(scopes []string) string { return strings.Join(scopes, " ") }
