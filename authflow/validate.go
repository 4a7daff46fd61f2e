package authflow

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// FieldError is a problem with one field of a profile. Field is the name
// the collection format uses (username, token_url, …) so that callers can
// point at the right line. The message never contains the field's value,
// which may be a secret.
type FieldError struct {
	Profile string
	Field   string
	Msg     string
}

// Error returns "authflow: profile NAME: FIELD: problem".
func (e *FieldError) Error() string {
	if e.Profile == "" {
		return fmt.Sprintf("authflow: %s: %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("authflow: profile %q: %s: %s", e.Profile, e.Field, e.Msg)
}

// Validate reports the first problem that would stop the profile from
// being applied: an unknown type, a missing field, a value that is not
// allowed (listing the allowed ones) or a control character (such as CR or
// LF, which would split an HTTP header). The error is a *FieldError.
func (p *Profile) Validate() error {
	fail := func(field, format string, args ...any) error {
		return &FieldError{Profile: p.Name, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	type check struct {
		field, value string
		required     bool
	}
	var checks []check
	switch p.Type {
	case TypeNone, "":
	case TypeBasic:
		checks = []check{{"username", p.Username, true}, {"password", p.Password, false}}
	case TypeBearer:
		checks = []check{{"token", p.Token, true}}
	case TypeAPIKey:
		checks = []check{{"name", p.KeyName, true}, {"value", p.KeyValue, true}}
	case TypeOAuth2Password:
		checks = []check{
			{"token_url", p.TokenURL, true}, {"username", p.Username, true},
			{"password", p.Password, false}, {"client_id", p.ClientID, false},
			{"client_secret", p.ClientSecret, false},
		}
	case TypeOAuth2AuthorizationCode:
		checks = []check{
			{"authorize_url", p.AuthorizeURL, true}, {"token_url", p.TokenURL, true},
			{"client_id", p.ClientID, true}, {"client_secret", p.ClientSecret, false},
			{"redirect_uri", p.RedirectURI, false},
		}
	case TypeOAuth2DeviceCode:
		checks = []check{
			{"device_authorization_url", p.DeviceAuthorizationURL, true}, {"token_url", p.TokenURL, true},
			{"client_id", p.ClientID, true}, {"client_secret", p.ClientSecret, false},
		}
	default:
		return fail("type", "unknown type %q (allowed: %s, %s, %s, %s, %s)", Printable(string(p.Type)),
			TypeNone, TypeBasic, TypeBearer, TypeAPIKey, TypeOAuth2Password)
	}
	for _, c := range checks {
		if c.required && c.value == "" {
			return fail(c.field, "is required for type %q", p.Type)
		}
		// RFC 7617 §2 forbids control characters in user-id and password;
		// in any other value CR or LF would split a header or a form.
		if strings.ContainsFunc(c.value, isControl) {
			return fail(c.field, "contains a control character (such as CR or LF), which is not allowed")
		}
		// RFC 7617 §2.1 and the form encoding of RFC 6749 §B both carry
		// UTF-8.
		if !utf8.ValidString(c.value) {
			return fail(c.field, "is not valid UTF-8")
		}
	}
	switch p.Type {
	case TypeBasic:
		if strings.Contains(p.Username, ":") {
			return fail("username", "contains ':', which RFC 7617 §2 does not allow in a Basic user-id")
		}
	case TypeAPIKey:
		return p.validateAPIKey(fail)
	case TypeOAuth2Password:
		return p.validateOAuth2(fail)
	case TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return p.validateInteractive(fail)
	}
	return nil
}

// validateInteractive checks what the interactive grants add to the
// token endpoint's settings.
func (p *Profile) validateInteractive(fail func(string, string, ...any) error) error {
	if err := p.validateOAuth2(fail); err != nil {
		return err
	}
	for _, f := range []struct{ field, value string }{{"authorize_url", p.AuthorizeURL}, {"device_authorization_url", p.DeviceAuthorizationURL}} {
		if f.value == "" {
			continue
		}
		if u, err := url.Parse(f.value); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fail(f.field, "is not an http:// or https:// URL")
		}
	}
	switch p.PKCE {
	case "", PKCES256, PKCEPlain, PKCENone:
	default:
		return fail("pkce", "unknown value %q (allowed: %s, %s, %s)", Printable(p.PKCE), PKCES256, PKCEPlain, PKCENone)
	}
	return nil
}

func (p *Profile) validateAPIKey(fail func(string, string, ...any) error) error {
	switch p.In {
	case InHeader, "":
		if !isToken(p.KeyName) {
			return fail("name", "is not a valid header name (RFC 9110 §5.1)")
		}
	case InQuery:
	case InCookie:
		if !isToken(p.KeyName) {
			return fail("name", "is not a valid cookie name (RFC 6265 §4.1.1)")
		}
		if strings.ContainsFunc(p.KeyValue, func(r rune) bool { return !isCookieOctet(r) }) {
			return fail("value", "has characters a cookie value cannot hold (space, quote, comma, semicolon or backslash; RFC 6265 §4.1.1)")
		}
	default:
		return fail("in", "unknown value %q (allowed: %s, %s, %s)", Printable(p.In), InHeader, InQuery, InCookie)
	}
	return nil
}

func (p *Profile) validateOAuth2(fail func(string, string, ...any) error) error {
	u, err := url.Parse(p.TokenURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail("token_url", "is not an http:// or https:// URL")
	}
	switch p.ClientAuth {
	case "", ClientAuthBasic, ClientAuthBody:
	case ClientAuthBasicUnencoded:
		if strings.Contains(p.ClientID, ":") {
			return fail("client_id", "contains ':', which HTTP Basic cannot carry unencoded (RFC 7617 §2: the first ':' ends the user-id); use client_auth = %q or %q", ClientAuthBasic, ClientAuthBody)
		}
	default:
		return fail("client_auth", "unknown value %q (allowed: %s)", Printable(p.ClientAuth), strings.Join(ClientAuths, ", "))
	}
	if p.ClientID == "" && p.ClientSecret != "" {
		return fail("client_secret", "is set but client_id is empty; with no client_id no client authentication is sent")
	}
	for i, s := range p.Scopes {
		// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
		if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == '"' || r == '\\' || r >= 0x7f }) {
			return fail("scopes", "scope %d is empty or has a space, quote, backslash or non-ASCII character (RFC 6749 §3.3)", i+1)
		}
	}
	return nil
}

// isControl reports ASCII control characters and DEL.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// isToken reports whether s is an RFC 9110 §5.6.2 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// isCookieOctet reports RFC 6265 §4.1.1 cookie-octet characters.
func isCookieOctet(r rune) bool {
	return r == 0x21 || (r >= 0x23 && r <= 0x2b) || (r >= 0x2d && r <= 0x3a) ||
		(r >= 0x3c && r <= 0x5b) || (r >= 0x5d && r <= 0x7e)
}
