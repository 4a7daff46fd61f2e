package authflow

import (
	"fmt"
	"net/http"
	"strings"
)

// TokenError is a token request the authorization server refused or
// answered with something other than a token. It keeps what RFC 6749 §5.2
// gives (like x/oauth2's RetrieveError) so that a user interface can show
// it, and Hint says what a learner can try next.
type TokenError struct {
	// StatusCode is the HTTP status of the token response.
	StatusCode int
	// Code is the §5.2 "error" parameter, such as "invalid_grant"; empty
	// when the body held none.
	Code string
	// Description and URI are §5.2's "error_description" and "error_uri",
	// with the profile's secrets masked (a server may echo the password)
	// but not otherwise cleaned: pass them through Printable before
	// display. Error() does.
	Description string
	URI         string
	// Body is the response body as received (at most RecordLimit bytes),
	// unmasked like an Exchange: redact it before display.
	Body []byte
	// Excerpt is a short clean excerpt of a body that held no §5.2 error,
	// such as an HTML error page.
	Excerpt string
	// Hint says what to try next: the advice `keyway flow` shows under the
	// failed step. Error() ends with it, so that every rendering of the
	// error (run output, reports) gives the same advice.
	Hint string
}

// Error returns the status, the §5.2 error code, description and URI (or
// an excerpt of a body that held none), cleaned of control characters,
// then the hint.
func (e *TokenError) Error() string {
	msg := e.message()
	if e.Hint != "" {
		msg += "; hint: " + strings.Join(strings.Fields(Printable(e.Hint)), " ")
	}
	return msg
}

// withoutHint returns a copy of e whose Error() leaves the hint out, for a
// flow step, which shows the hint on a line of its own.
func (e *TokenError) withoutHint() *TokenError {
	copied := *e
	copied.Hint = ""
	return &copied
}

// message is Error() without the hint.
func (e *TokenError) message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "authflow: token endpoint answered %d", e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" && e.Code == "" {
		fmt.Fprintf(&b, " %s", text)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ": %s", shortText(Printable(e.Code), 80))
		if e.Description != "" {
			fmt.Fprintf(&b, ": %s", shortText(strings.Join(strings.Fields(Printable(e.Description)), " "), 300))
		}
		if e.URI != "" {
			fmt.Fprintf(&b, " (see %s)", shortText(Printable(e.URI), 200))
		}
	} else if e.Excerpt != "" {
		fmt.Fprintf(&b, ": %s", e.Excerpt)
	}
	return b.String()
}

// tokenErrorHint says what a learner can do about a refused token request.
// grant is "password" or "refresh_token".
func tokenErrorHint(e *TokenError, p *Profile, grant string) string {
	if grant == "refresh_token" {
		if e.Code == "invalid_grant" || e.Code == "invalid_token" {
			return "The refresh token was refused: it may have expired or been revoked."
		}
		return "The refresh request failed for another reason than the refresh token (RFC 6749 §5.2), " +
			"so keyway does not send the password instead: check token_url and the client's credentials."
	}
	const noRetry = " keyway does not retry a refused token request: some servers lock an account after a few failures."
	switch e.Code {
	case "invalid_client":
		if p.ClientID == "" {
			return "The server wants the client to authenticate: set client_id (and client_secret if it has one)."
		}
		other := ClientAuthBody
		if p.ClientAuth == ClientAuthBody {
			other = ClientAuthBasic
		}
		return fmt.Sprintf("Check client_id and client_secret; servers differ in how they accept them (RFC 6749 §2.3.1), so try client_auth = %q.", other)
	case "invalid_grant":
		return "The username or password is wrong, the account is locked or disabled, or the password grant is not allowed for this user." + noRetry
	case "unauthorized_client":
		return "This client may not use the password grant: an administrator must allow it for this client_id."
	case "unsupported_grant_type":
		return "The server does not allow the password grant (grant_type=password). Many servers disable it; " +
			"on Unqork, an administrator must enable it for the API user."
	case "invalid_scope":
		if len(p.Scopes) == 0 {
			return "The server wants a scope: set scopes to ones this client may request."
		}
		return fmt.Sprintf("One of the scopes %q is unknown or not allowed for this client or user: check them, or remove scopes to get the server's default.", strings.Join(p.Scopes, " "))
	case "invalid_request":
		return "The server says a parameter is missing or repeated: check that token_url is the token endpoint and what it expects."
	case "":
	default:
		return "See the server's description above and its documentation (error_uri, if given)."
	}
	switch {
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return "Set token_url to the address the server redirects to (see the Location header)."
	case e.StatusCode == http.StatusUnauthorized:
		return "The server refused the client authentication: check client_id and client_secret, or try the other client_auth." + noRetry
	case e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed:
		return "There is no token endpoint at token_url: check the address."
	case e.StatusCode >= 500:
		return "The authorization server failed: try again later or check its logs." + noRetry
	case e.StatusCode >= 200 && e.StatusCode < 300:
		return "The server reported an error with a success status (RFC 6749 §5.2 says 400): read its description."
	}
	return "The answer is not an RFC 6749 §5.2 error: check token_url and the server's documentation."
}
