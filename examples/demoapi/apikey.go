package demoapi

import (
	"fmt"
	"net/http"
)

// keyPlace is where an API-key endpoint reads its key. API keys follow no
// RFC; the three places are the ones OpenAPI's apiKey scheme names.
type keyPlace int

const (
	keyInHeader keyPlace = iota
	keyInQuery
	keyInCookie
)

// String names the place as a learner would look for it.
func (p keyPlace) String() string {
	switch p {
	case keyInHeader:
		return fmt.Sprintf("the %s header", APIKeyHeader)
	case keyInQuery:
		return fmt.Sprintf("the %s query parameter", APIKeyQuery)
	default:
		return fmt.Sprintf("the %s cookie", APIKeyCookie)
	}
}

// key returns the key r carries at p, and whether it carries one.
func (p keyPlace) key(r *http.Request) (string, bool) {
	switch p {
	case keyInHeader:
		v := r.Header.Get(APIKeyHeader)
		return v, v != ""
	case keyInQuery:
		v := r.URL.Query().Get(APIKeyQuery)
		return v, v != ""
	default:
		c, err := r.Cookie(APIKeyCookie)
		if err != nil || c.Value == "" {
			return "", false
		}
		return c.Value, true
	}
}

// requireAPIKey lets a request through when it carries APIKey at place.
func (s *server) requireAPIKey(place keyPlace, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := place.key(r)
		if !ok {
			description := fmt.Sprintf("This endpoint expects an API key in %s", place)
			// A key sent to the wrong place is the usual mistake; say so.
			for _, other := range []keyPlace{keyInHeader, keyInQuery, keyInCookie} {
				if _, found := other.key(r); found && other != place {
					description += fmt.Sprintf(" (one came in %s, which this endpoint does not read)", other)
					break
				}
			}
			refuseAPIKey(w, place, "missing_api_key", description)
			return
		}
		if !equal(key, APIKey) {
			refuseAPIKey(w, place, "invalid_api_key", fmt.Sprintf("The API key in %s is not valid", place))
			return
		}
		next.ServeHTTP(w, r.WithContext(withCaller(r.Context(), "API key holder")))
	})
}

// refuseAPIKey answers 401 for a missing or wrong API key. RFC 9110
// §15.5.2 wants a challenge on every 401; there is no registered scheme
// for API keys, so this one is the demo's own, in the standard challenge
// syntax, naming where the key goes.
func refuseAPIKey(w http.ResponseWriter, place keyPlace, code, description string) {
	w.Header().Set("WWW-Authenticate", fmt.Sprintf("APIKey realm=%q, in=%q", Realm, place))
	writeError(w, http.StatusUnauthorized, code, description)
}
