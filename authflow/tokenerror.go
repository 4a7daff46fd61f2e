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
	fmt.Fprintf(&b, "token endpoint answered %d", e.StatusCode)
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
