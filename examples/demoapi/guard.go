package demoapi

import (
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// This file holds the checks in front of protected endpoints, one per
// method: Basic, a static Bearer token, an API key, and OAuth2 access
// tokens with scopes.

// basicChallenge is the Basic challenge of RFC 7617 §2; charset="UTF-8"
// (§2.1) tells the client to encode the user-id and password as UTF-8.
var basicChallenge = fmt.Sprintf(`Basic realm=%q, charset="UTF-8"`, Realm)

// requireBasic lets a request through when its Authorization header holds
// the user-id and password of a demo user (RFC 7617).
func (s *server) requireBasic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, password, ok := parseBasic(r.Header.Get("Authorization"))
		if !ok {
			w.Header().Set("WWW-Authenticate", basicChallenge)
			writeError(w, http.StatusUnauthorized, "unauthorized",
				"This endpoint expects HTTP Basic credentials: Authorization: Basic base64(user-id:password) (RFC 7617 section 2)")
			return
		}
		u, known := users[name]
		if !known || !equal(password, u.Password) {
			// One answer for an unknown user and a wrong password, so the
			// demo does not teach user enumeration.
			w.Header().Set("WWW-Authenticate", basicChallenge)
			writeError(w, http.StatusUnauthorized, "unauthorized", "The user-id or password is wrong")
			return
		}
		next.ServeHTTP(w, r.WithContext(withCaller(r.Context(), u.Name)))
	})
}

// parseBasic decodes "Basic base64(user-id:password)" (RFC 7617 §2): the
// scheme is case-insensitive, the user-id ends at the first colon, and
// both parts must be UTF-8 as the challenge's charset asks.
func parseBasic(header string) (name, password string, ok bool) {
	scheme, encoded, found := strings.Cut(header, " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil || !utf8.Valid(decoded) {
		return "", "", false
	}
	name, password, found = strings.Cut(string(decoded), ":")
	if !found {
		return "", "", false
	}
	return name, password, true
}

// bearerChallenge builds a Bearer challenge (RFC 6750 §3). With no code it
// only names the realm: §3.1 says a request without credentials gets no
// error code.
func bearerChallenge(code, description, scope string) string {
	c := fmt.Sprintf("Bearer realm=%q", Realm)
	if code != "" {
		c += fmt.Sprintf(", error=%q", code)
	}
	if code != "" && description != "" {
		c += fmt.Sprintf(", error_description=%q", challengeSafe(description))
	}
	if scope != "" {
		c += fmt.Sprintf(", scope=%q", scope)
	}
	return c
}

// challengeSafe keeps only the characters RFC 6750 §3 allows in
// error_description (%x20-21 / %x23-5B / %x5D-7E: printable ASCII without
// '"' and '\'), so a quoted value never needs escaping.
func challengeSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, s)
}

// refuseBearer answers a request whose bearer token is missing, malformed
// or refused, with the status RFC 6750 §3.1 gives each error code.
func refuseBearer(w http.ResponseWriter, status int, code, description, scope string) {
	w.Header().Set("WWW-Authenticate", bearerChallenge(code, description, scope))
	if code == "" {
		code = "unauthorized"
	}
	writeError(w, status, code, description)
}

// bearerToken extracts the token of "Authorization: Bearer <b64token>"
// (RFC 6750 §2.1). It answers the request itself and returns false when
// there is no usable token.
func bearerToken(w http.ResponseWriter, r *http.Request) (string, bool) {
	header := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(header, " ")
	if header == "" || !strings.EqualFold(scheme, "Bearer") {
		refuseBearer(w, http.StatusUnauthorized, "",
			"This endpoint expects Authorization: Bearer <token> (RFC 6750 section 2.1)", "")
		return "", false
	}
	if !isB64Token(token) {
		refuseBearer(w, http.StatusBadRequest, "invalid_request",
			"The Authorization header must be Bearer, one space, then the token", "")
		return "", false
	}
	return token, true
}

// isB64Token reports whether t matches b64token of RFC 6750 §2.1:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(t string) bool {
	body := strings.TrimRight(t, "=")
	if body == "" {
		return false
	}
	for _, c := range body {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.ContainsRune("-._~+/", c):
		default:
			return false
		}
	}
	return true
}

// requireStaticBearer lets a request through when it carries BearerToken.
func (s *server) requireStaticBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(w, r)
		if !ok {
			return
		}
		if !equal(token, BearerToken) {
			refuseBearer(w, http.StatusUnauthorized, "invalid_token", "The access token is not valid", "")
			return
		}
		next.ServeHTTP(w, r.WithContext(withCaller(r.Context(), "static token holder")))
	})
}

// requireToken lets a request through when it carries an access token
// from /oauth/token that has not expired and, unless scope is empty,
// grants scope. next receives the token's claims.
func (s *server) requireToken(scope string, next func(http.ResponseWriter, *http.Request, claims)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(w, r)
		if !ok {
			return
		}
		c, refused := verifyToken(s.key, token, s.now())
		if refused == nil && s.accessRevoked(c.ID) {
			refused = errTokenRevoked
		}
		if refused != nil {
			refuseBearer(w, http.StatusUnauthorized, "invalid_token", refused.Description, "")
			return
		}
		if scope != "" && !hasScope(c.Scope, scope) {
			// RFC 6750 §3.1: 403, and the scope needed, so the client
			// knows what to ask for.
			refuseBearer(w, http.StatusForbidden, "insufficient_scope",
				"The access token lacks the scope "+scope, scope)
			return
		}
		next(w, r.WithContext(withCaller(r.Context(), c.Subject)), c)
	})
}

// hasScope reports whether the space-separated list granted holds want
// (RFC 6749 §3.3).
func hasScope(granted, want string) bool {
	for _, s := range strings.Fields(granted) {
		if s == want {
			return true
		}
	}
	return false
}

// equal compares a presented secret with the expected one in constant
// time, so timing does not leak how much of it matched.
func equal(presented, expected string) bool {
	return subtle.ConstantTimeCompare([]byte(presented), []byte(expected)) == 1
}
