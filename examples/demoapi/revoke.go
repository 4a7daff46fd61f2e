package demoapi

import (
	"net/http"
)

// revoke is POST /oauth/revoke (RFC 7009 §2.1): a client gives back a
// token it no longer needs, as a logout does. The answer is 200 for an
// unknown, expired or already revoked token too (§2.2): the client's goal,
// that the token no longer works, is reached either way, and the answer
// tells nobody which tokens exist.
func (s *server) revoke(w http.ResponseWriter, r *http.Request) {
	form, c, ok := clientPost(w, r)
	if !ok {
		return
	}
	token := form.Get("token")
	if token == "" {
		oauthError(w, "invalid_request", "The token parameter is missing (RFC 7009 section 2.1)")
		return
	}
	// token_type_hint only speeds up a lookup (§2.1); both tables are
	// searched whatever it says.
	s.mu.Lock()
	refused := false
	if g, found := s.refresh[token]; found {
		if fam := s.families[g.family]; fam != nil {
			if fam.clientID != c.ID {
				refused = true
			} else {
				// §2.1: revoking a refresh token revokes the access
				// tokens of the same grant too.
				s.revokeFamilyLocked(g.family)
			}
		}
	} else if claims, bad := verifyToken(s.key, token, s.now()); bad == nil {
		if claims.ClientID != c.ID {
			refused = true
		} else {
			s.revokeAccessLocked(claims.ID, claims.Expiry)
		}
	}
	s.mu.Unlock()
	if refused {
		// §2.1: a client may revoke only its own tokens.
		oauthError(w, "unauthorized_client", "The token was issued to another client, which alone may revoke it (RFC 7009 section 2.1)")
		return
	}
	w.WriteHeader(http.StatusOK)
}
