package demoapi

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// claims are the JWT claims of a demo access token, after RFC 9068 (JWT
// profile for OAuth 2.0 access tokens): who the token is for (sub), what
// it allows (scope), which client asked (client_id), and when it is valid
// (iat, exp; RFC 7519 §4.1).
type claims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Audience string `json:"aud"`
	ClientID string `json:"client_id"`
	Scope    string `json:"scope"`
	IssuedAt int64  `json:"iat"`
	Expiry   int64  `json:"exp"`
	ID       string `json:"jti"`
}

// jwtHeader is the JOSE header (RFC 7515 §4). typ "at+jwt" marks an access
// token (RFC 9068 §2.1) so an ID token cannot be replayed as one.
type jwtHeader struct {
	Alg string `json:"alg"`
	Typ string `json:"typ"`
}

// tokenError says why an access token was refused. Description goes to
// the client as error_description (RFC 6750 §3), so it is written for a
// learner, in the style of the RFC's own example.
type tokenError struct {
	Description string
}

func (e *tokenError) Error() string {
	return "demoapi: access token refused: " + e.Description
}

// The reasons an access token is refused.
var (
	errTokenMalformed = &tokenError{"The access token is not a well-formed JWT"}
	errTokenAlg       = &tokenError{"The access token must be signed with HS256"}
	errTokenSignature = &tokenError{"The access token signature is invalid"}
	errTokenClaims    = &tokenError{"The access token was not issued by this server for this API"}
	errTokenExpired   = &tokenError{"The access token expired"}
	errTokenRevoked   = &tokenError{"The access token was revoked"}
)

var b64 = base64.RawURLEncoding

// signToken returns c as a compact JWS (RFC 7515 §7.1) signed with
// HMAC-SHA256 under key.
func signToken(key []byte, c claims) string {
	header, _ := json.Marshal(jwtHeader{Alg: "HS256", Typ: "at+jwt"}) // plain structs: cannot fail
	payload, _ := json.Marshal(c)
	signingInput := b64.EncodeToString(header) + "." + b64.EncodeToString(payload)
	return signingInput + "." + b64.EncodeToString(mac(key, signingInput))
}

// verifyToken checks token's signature, issuer, audience and expiry at now
// and returns its claims. The order of the checks matters: nothing in the
// payload is trusted before the signature is (RFC 7519 §7.2), and the
// algorithm comes from this server, never from the token ("alg":"none" is
// refused like any other).
func verifyToken(key []byte, token string, now time.Time) (claims, *tokenError) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims{}, errTokenMalformed
	}
	headerJSON, err := b64.DecodeString(parts[0])
	if err != nil {
		return claims{}, errTokenMalformed
	}
	var h jwtHeader
	if err := json.Unmarshal(headerJSON, &h); err != nil {
		return claims{}, errTokenMalformed
	}
	if h.Alg != "HS256" {
		return claims{}, errTokenAlg
	}
	signature, err := b64.DecodeString(parts[2])
	if err != nil {
		return claims{}, errTokenMalformed
	}
	if !hmac.Equal(signature, mac(key, parts[0]+"."+parts[1])) {
		return claims{}, errTokenSignature
	}
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return claims{}, errTokenMalformed
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return claims{}, errTokenMalformed
	}
	if h.Typ != "at+jwt" || c.Issuer != Issuer || c.Audience != Audience || c.Subject == "" {
		return claims{}, errTokenClaims
	}
	// RFC 7519 §4.1.4: the token must not be accepted on or after exp.
	if now.Unix() >= c.Expiry {
		return claims{}, errTokenExpired
	}
	return c, nil
}

// mac is HMAC-SHA256 of input under key (RFC 7518 §3.2).
func mac(key []byte, input string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(input))
	return h.Sum(nil)
}

// randomToken returns n random bytes, base64url encoded: refresh tokens and
// token ids, unguessable as RFC 6749 §10.10 requires.
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return b64.EncodeToString(b)
}
