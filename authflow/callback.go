package authflow

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Callback is the authorization response as it arrived at the loopback
// redirect URI (RFC 6749 §4.1.2): a code and the state on success, or an
// error code (§4.1.2.1) with an optional description and URI.
type Callback struct {
	Code             string
	State            string
	Error            string
	ErrorDescription string
	ErrorURI         string
	// Issuer is the iss parameter of RFC 9207, when the server sends it.
	Issuer string
}

// maxCallbackValue bounds one parameter of the redirect: codes and states
// are short; anything far longer is not an authorization response.
const maxCallbackValue = 4096

// ParseCallback reads the query of the redirect the browser followed.
// RFC 6749 §3.1 says a parameter is never sent twice; a redirect with
// neither code nor error is not an authorization response (§4.1.2). The
// error never quotes the code, which is a credential until it is spent.
func ParseCallback(rawQuery string) (Callback, error) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return Callback{}, errors.New("the redirect's query could not be read (it is not form-encoded)")
	}
	var cb Callback
	for name, vs := range values {
		if len(vs) > 1 {
			return Callback{}, fmt.Errorf("the redirect holds %s %d times; RFC 6749 §3.1 allows each parameter once", shortText(Printable(name), 40), len(vs))
		}
		v := vs[0]
		if len(v) > maxCallbackValue || !utf8.ValidString(v) || strings.ContainsFunc(v, isControl) {
			return Callback{}, fmt.Errorf("the redirect's %s is not a printable value of at most %d bytes", shortText(Printable(name), 40), maxCallbackValue)
		}
		switch name {
		case "code":
			cb.Code = v
		case "state":
			cb.State = v
		case "error":
			cb.Error = v
		case "error_description":
			cb.ErrorDescription = v
		case "error_uri":
			cb.ErrorURI = v
		case "iss":
			cb.Issuer = v
		}
	}
	if cb.Code == "" && cb.Error == "" {
		return Callback{}, errors.New("the redirect has neither code nor error: it is not an authorization response (RFC 6749 §4.1.2)")
	}
	return cb, nil
}

// checkState compares the state that came back with the one sent, in
// constant time (RFC 6749 §10.12: a forged redirect carrying an
// attacker's code would otherwise log the user in as the attacker).
func checkState(sent, got string) error {
	if got == "" {
		return errors.New("the redirect has no state; the one sent must come back unchanged (RFC 6749 §4.1.2, §10.12)")
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(got)) != 1 {
		return errors.New("the redirect's state is not the one sent: this redirect did not come from the login started here (RFC 6749 §10.12); nothing was exchanged")
	}
	return nil
}

// AuthorizationError is an error redirect from the authorization endpoint
// (RFC 6749 §4.1.2.1), such as access_denied when the user declined.
type AuthorizationError struct {
	Code        string
	Description string
	URI         string
}

// Error says what the server answered, in its own words where it gave
// some, and what it means.
func (e *AuthorizationError) Error() string {
	msg := fmt.Sprintf("the authorization server answered error=%s", shortText(Printable(e.Code), 60))
	if e.Description != "" {
		msg += ": " + shortText(Printable(e.Description), 200)
	}
	return msg + " (" + e.Meaning() + ")"
}

// Meaning explains the error code (RFC 6749 §4.1.2.1) to a person.
func (e *AuthorizationError) Meaning() string {
	switch e.Code {
	case "access_denied":
		return "the sign-in was cancelled or consent was declined, in the browser or by the server's policy"
	case "invalid_request":
		return "the authorization request was malformed: a parameter is missing, repeated or invalid (check redirect_uri and pkce)"
	case "unauthorized_client":
		return "this client may not use the authorization code grant: check the client's registration"
	case "unsupported_response_type":
		return "the server does not issue authorization codes here"
	case "invalid_scope":
		return "a requested scope is unknown or not allowed: check scopes"
	case "server_error":
		return "the authorization server failed; try again later"
	case "temporarily_unavailable":
		return "the authorization server is busy or down for maintenance; try again later"
	}
	return "an error the server defines; its description says more"
}

// callbackResult is what the loopback listener hands to the waiting
// grant: the parsed redirect and the raw request line, or why the
// redirect was not an authorization response.
type callbackResult struct {
	callback Callback
	// target is the redirect's path and query as it arrived.
	target string
	err    error
}
