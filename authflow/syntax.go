package authflow

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// The syntax of what a request puts on the wire, checked by one set of
// functions at every stage: collections calls them on what a file writes
// literally (when it is loaded, with FILE:LINE:COL) and on what references
// resolve to (in Prepare, before anything is sent, so that `keyway run`'s
// preflight finds it); newHTTPRequest calls them again when sending, as a
// last guard for callers that did neither. The messages never repeat a
// value: it may be a credential.

// ValidToken reports whether s is an RFC 9110 §5.6.2 token, the syntax of
// header field names (§5.1) and methods (§9.1). It is net/http's own test
// (httpguts), so that keyway refuses exactly what Go's client would.
func ValidToken(s string) bool { return httpguts.ValidHeaderFieldName(s) }

// CheckHeaderName validates a header field name (RFC 9110 §5.1).
func CheckHeaderName(name string) error {
	if ValidToken(name) {
		return nil
	}
	if strings.ContainsAny(name, "\r\n") {
		return errors.New("header name contains a line break (CR or LF)")
	}
	// The name is not repeated: an API key's header name may come from
	// the environment, and a literal one is named by the error's place.
	return errors.New("not a valid header name (RFC 9110 §5.1: letters, digits and !#$%&'*+-.^_`|~)")
}

// CheckHeaderValue refuses CR, LF and NUL, which would end the field early
// and let the rest smuggle another header, and every other control
// character but tab, which a field value cannot hold either (RFC 9110
// §5.5: field-vchar, obs-text and, within, SP and HTAB). The value is not
// echoed: it may be a credential.
func CheckHeaderValue(value string) error {
	if httpguts.ValidHeaderFieldValue(value) {
		return nil
	}
	if strings.ContainsAny(value, "\r\n") {
		return errors.New("value contains a line break (CR or LF), which is not allowed in a header (RFC 9110 §5.5)")
	}
	if strings.IndexByte(value, 0) >= 0 {
		return errors.New("value contains a NUL byte, which is not allowed in a header (RFC 9110 §5.5)")
	}
	return errors.New("value contains a control character, which is not allowed in a header (RFC 9110 §5.5)")
}

// ParseURL parses a URL keyway can send a request to: absolute, http or
// https (RFC 9110 §4.2), with a host. The URL itself is not repeated in
// the message, since it may carry credentials in its user-info or query.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, urlParseError(err)
	}
	return u, checkSendableURL(u)
}

// urlParseError words url.Parse's error without any part of the URL:
// url.Error quotes the whole URL, and the errors under it quote the piece
// they stopped at — the "port" after a user-info password that holds a
// "#" or "/", a bad escape — which may be part of a credential.
func urlParseError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var escape url.EscapeError
	var host url.InvalidHostError
	msg := err.Error()
	switch {
	case errors.As(err, &escape):
		msg = "a % in it is not followed by two hexadecimal digits"
	case errors.As(err, &host):
		msg = "its host holds a character a host name cannot"
	case strings.HasPrefix(msg, "invalid port"):
		msg = "what follows the host's colon is not a port number (a user-info password holding #, / or ? ends the host early)"
	case strings.ContainsAny(msg, "\"'`"):
		msg = "it cannot be parsed" // never repeat a quoted piece of it
	}
	return fmt.Errorf("not a valid URL: %s", msg)
}

// CheckURL is ParseURL for a caller that needs only the verdict.
func CheckURL(raw string) error {
	_, err := ParseURL(raw)
	return err
}

// checkSendableURL is ParseURL's test of a parsed URL; the send, which
// has net/http parse the URL, calls it alone.
func checkSendableURL(u *url.URL) error {
	// url.Parse lowers the scheme (RFC 3986 §3.1: it is case-insensitive).
	switch u.Scheme {
	case "http", "https":
	case "":
		return errors.New("not an absolute URL: it must start with http:// or https://")
	default:
		return fmt.Errorf("unsupported scheme %q: keyway sends http and https only", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("URL has no host")
	}
	return nil
}
