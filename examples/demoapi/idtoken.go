package demoapi

import (
	"encoding/json"
	"net/http"
	"time"
)

// idClaims are the claims of an OpenID Connect ID token (OpenID Connect
// Core 1.0 §2): who signed in (sub), at which issuer (iss), for which
// client (aud), when (auth_time), and the nonce the client sent in its
// authorization request, which the client checks to know the token
// answers its own request (§3.1.3.7, step 11).
type idClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Audience string `json:"aud"`
	Expiry   int64  `json:"exp"`
	IssuedAt int64  `json:"iat"`
	AuthTime int64  `json:"auth_time,omitempty"`
	Nonce    string `json:"nonce,omitempty"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
}

// signIDToken returns the ID token for what, signed like an access token
// but typed "JWT", so that verifyToken, which wants "at+jwt", never takes
// it for one (RFC 9068 §2.1). OpenID Connect Core §10.1 would have an
// HS256 ID token signed with the client's secret; the demo uses its own
// key, as public clients have no secret and keyway only decodes the token.
func (s *server) signIDToken(r *http.Request, what issuance, now time.Time, lifetime int64) string {
	c := idClaims{
		Issuer:   s.base(r),
		Subject:  what.subject,
		Audience: what.clientID,
		Expiry:   now.Unix() + lifetime,
		IssuedAt: now.Unix(),
		AuthTime: what.authTime,
		Nonce:    what.nonce,
	}
	if u, ok := users[what.subject]; ok {
		c.Name, c.Email = u.Name, u.Email
	}
	header, _ := json.Marshal(jwtHeader{Alg: "HS256", Typ: "JWT"}) // plain structs: cannot fail
	payload, _ := json.Marshal(c)
	signingInput := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	return signingInput + "." + b64.EncodeToString(mac(s.key, signingInput))
}
