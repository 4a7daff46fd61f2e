package collections

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// checkURL validates a fully known URL: absolute, http or https, with a
// host. The URL itself is not repeated in the message, since it may carry
// credentials in its user-info or query.
func checkURL(raw string) error {
	_, err := parseSendableURL(raw)
	return err
}

// parseSendableURL is checkURL returning the parsed URL, for a caller that
// needs more of it than its validity.
func parseSendableURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("not a valid URL: %v", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return nil, errors.New("not an absolute URL: it must start with http:// or https://")
	default:
		return nil, fmt.Errorf("unsupported scheme %q: keyway sends http and https only", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("URL has no host")
	}
	return u, nil
}

// isToken reports whether s is an RFC 9110 §5.6.2 token, the syntax of
// header field names (§5.1) and methods (§9.1).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// checkHeaderName validates a header field name (RFC 9110 §5.1).
func checkHeaderName(name string) error {
	if strings.ContainsAny(name, "\r\n") {
		return errors.New("header name contains a line break (CR or LF)")
	}
	if !isToken(name) {
		return fmt.Errorf("%q is not a valid header name (RFC 9110 §5.1: letters, digits and !#$%%&'*+-.^_`|~)", name)
	}
	return nil
}

// checkHeaderValue refuses CR, LF and NUL, which would end the field early
// and let the rest smuggle another header, and every other control
// character but tab, which a field value cannot hold either (RFC 9110
// §5.5) and which the send would refuse — after the run had promised
// that nothing unsendable was left. The value is not echoed: it may be a
// credential.
func checkHeaderValue(value string) error {
	if strings.ContainsAny(value, "\r\n") {
		return errors.New("value contains a line break (CR or LF), which is not allowed in a header (RFC 9110 §5.5)")
	}
	if strings.IndexByte(value, 0) >= 0 {
		return errors.New("value contains a NUL byte, which is not allowed in a header (RFC 9110 §5.5)")
	}
	if strings.ContainsFunc(value, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }) {
		return errors.New("value contains a control character, which is not allowed in a header (RFC 9110 §5.5)")
	}
	return nil
}

// checkUnencodedBasicClientID refuses a client id that client_auth =
// "basic-unencoded" cannot send: unencoded, its ':' would end the Basic
// user-id early (RFC 7617 §2). Form-encoded ("basic") it is %3A.
func checkUnencodedBasicClientID(id string) error {
	if strings.Contains(id, ":") {
		return fmt.Errorf("contains ':', which HTTP Basic cannot carry unencoded (RFC 7617 §2); use client_auth = %q or %q", authflow.ClientAuthBasic, authflow.ClientAuthBody)
	}
	return nil
}

// checkBasicUserID enforces RFC 7617 §2: the user-id and password are
// joined by the first ':', so a user-id containing one cannot be sent.
func checkBasicUserID(username string) error {
	if strings.Contains(username, ":") {
		return errors.New("a Basic user-id cannot contain ':' (RFC 7617 §2)")
	}
	return nil
}
