package demoapi

import (
	"net/http"
	"strings"
)

// introspection is the answer of RFC 7662 §2.2. An inactive token gets
// {"active":false} and nothing else, so the answer tells nothing about a
// token that does not work (§2.2).
type introspection struct {
	Active    bool   `json:"active"`
	Scope     string `json:"scope,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	Username  string `json:"username,omitempty"`
	TokenType string `json:"token_type,omitempty"`
	Expiry    int64  `json:"exp,omitempty"`
	IssuedAt  int64  `json:"iat,omitempty"`
	Subject   string `json:"sub,omitempty"`
	Audience  string `json:"aud,omitempty"`
	Issuer    string `json:"iss,omitempty"`
	ID        string `json:"jti,omitempty"`
}

// introspect is POST /oauth/introspect (RFC 7662 §2.1): whether a token
// is active, and what it stands for. Only a confidential client may ask,
// as the resource servers that use this endpoint are: the answer names
// the user, which is not for anyone who found a token (§2.1, §4). Any
// such client may ask about any token, as a resource server must.
func (s *server) introspect(w http.ResponseWriter, r *http.Request) {
	form, c, ok := clientPost(w, r)
	if !ok {
		return
	}
	if c.public() {
		oauthError(w, "invalid_client", "Introspection needs a client that authenticates with a secret; "+c.ID+
			" is a public client (RFC 7662 section 2.1)")
		return
	}
	token := form.Get("token")
	if token == "" {
		oauthError(w, "invalid_request", "The token parameter is missing (RFC 7662 section 2.1)")
		return
	}
	writeJSON(w, http.StatusOK, s.lookUp(token))
}

// lookUp introspects token: an access token that verifies and was not
// revoked, or a refresh token that is live.
func (s *server) lookUp(token string) introspection {
	now := s.now()
	if c, bad := verifyToken(s.key, token, now); bad == nil {
		if s.accessRevoked(c.ID) {
			return introspection{}
		}
		out := introspection{
			Active: true, Scope: c.Scope, ClientID: c.ClientID, TokenType: "Bearer",
			Expiry: c.Expiry, IssuedAt: c.IssuedAt, Subject: c.Subject, Audience: c.Audience, Issuer: c.Issuer, ID: c.ID,
		}
		if _, isUser := users[c.Subject]; isUser {
			out.Username = c.Subject
		}
		return out
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, found := s.refresh[token]
	fam := s.families[g.family]
	if !found || g.spent || fam == nil || fam.revoked || !now.Before(g.expires) {
		return introspection{}
	}
	out := introspection{Active: true, Scope: fam.scope, ClientID: fam.clientID, Expiry: g.expires.Unix(), Subject: fam.subject}
	if _, isUser := users[fam.subject]; isUser {
		out.Username = fam.subject
	}
	out.Scope = strings.TrimSpace(out.Scope)
	return out
}
