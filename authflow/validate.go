package authflow

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
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

// Error returns "profile NAME: FIELD: problem".
func (e *FieldError) Error() string {
	if e.Profile == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("profile %q: %s: %s", e.Profile, e.Field, e.Msg)
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
			{"username", p.Username, true}, {"password", p.Password, false},
			{"client_id", p.ClientID, false}, {"client_secret", p.ClientSecret, false},
		}
	case TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		// Each needs a client_id: client credentials authenticates the
		// client (§4.4.2), the others send it (§4.1.1, RFC 8628 §3.1).
		checks = []check{{"client_id", p.ClientID, true}, {"client_secret", p.ClientSecret, false}}
	default:
		types := []string{string(TypeNone), string(TypeBasic), string(TypeBearer), string(TypeAPIKey)}
		for _, t := range OAuth2Types {
			types = append(types, string(t))
		}
		return fail("type", "unknown type %q (allowed: %s)", Printable(string(p.Type)), strings.Join(types, ", "))
	}
	// Validate runs on every send: the rarely set keys are added only
	// when set, so that the common profile costs no allocation here.
	if p.RedirectURI != "" || p.AssertionKID != "" {
		checks = append(checks, check{"redirect_uri", p.RedirectURI, false}, check{"assertion_kid", p.AssertionKID, false})
	}
	if len(p.Params) > 0 {
		for _, k := range slices.Sorted(maps.Keys(p.Params)) {
			checks = append(checks, check{"params", k, false}, check{"params", p.Params[k], false})
		}
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
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return p.validateOAuth2(fail)
	}
	return nil
}

func (p *Profile) validateAPIKey(fail func(string, string, ...any) error) error {
	switch p.In {
	case InHeader, "":
		if !ValidToken(p.KeyName) {
			return fail("name", "is not a valid header name (RFC 9110 §5.1)")
		}
	case InQuery:
	case InCookie:
		if !ValidToken(p.KeyName) {
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

// oauth2Endpoints are the endpoint fields of an OAuth2 profile, in the
// order they are checked, with the types that need each one.
func (p *Profile) oauth2Endpoints() []struct {
	field, value string
	needed       bool
} {
	type endpoint = struct {
		field, value string
		needed       bool
	}
	return []endpoint{
		{"issuer", p.Issuer, false},
		{"token_url", p.TokenURL, true},
		{"authorize_url", p.AuthorizeURL, p.Type == TypeOAuth2AuthorizationCode},
		{"device_authorization_url", p.DeviceAuthorizationURL, p.Type == TypeOAuth2DeviceCode},
		{"revocation_url", p.RevocationURL, false},
		{"introspection_url", p.IntrospectionURL, false},
	}
}

func (p *Profile) validateOAuth2(fail func(string, string, ...any) error) error {
	for _, e := range p.oauth2Endpoints() {
		if e.value == "" {
			// With an issuer, a missing endpoint is discovered (RFC 8414).
			if e.needed && p.Issuer == "" {
				return fail(e.field, "is required for type %q (or give issuer, to discover it)", p.Type)
			}
			continue
		}
		if CheckURL(e.value) != nil {
			return fail(e.field, "is not an http:// or https:// URL")
		}
	}
	if p.RedirectURI != "" {
		if err := checkRedirectURI(p.RedirectURI); err != nil {
			return fail("redirect_uri", "%v", err)
		}
	}
	switch p.PKCE {
	case "", PKCES256, PKCEPlain, PKCENone:
	default:
		return fail("pkce", "unknown value %q (allowed: %s)", Printable(p.PKCE), strings.Join(PKCEMethods, ", "))
	}
	if err := p.validateClientAuth(fail); err != nil {
		return err
	}
	for i, s := range p.Scopes {
		// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
		if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == '"' || r == '\\' || r >= 0x7f }) {
			return fail("scopes", "scope %d is empty or has a space, quote, backslash or non-ASCII character (RFC 6749 §3.3)", i+1)
		}
	}
	for k := range p.Params {
		if k == "" {
			return fail("params", "has an empty parameter name")
		}
		if slices.Contains(reservedParams, k) {
			return fail("params", "%q is set by keyway itself (from the profile's other keys); it cannot be a parameter", Printable(k))
		}
	}
	return nil
}

// reservedParams are the token-request parameters keyway sets from the
// profile itself: params may not override them (RFC 6749 §4, RFC 7521
// §4.2, RFC 7636 §4.5).
var reservedParams = []string{"grant_type", "client_id", "client_secret", "username", "password", "scope",
	"refresh_token", "code", "code_verifier", "redirect_uri", "device_code", "client_assertion", "client_assertion_type"}

// checkRedirectURI checks a redirect_uri: an absolute http(s) URL with no
// fragment (RFC 6749 §3.1.2).
func checkRedirectURI(s string) error {
	if CheckURL(s) != nil {
		return errors.New("is not an http:// or https:// URL")
	}
	if strings.Contains(s, "#") {
		return errors.New("has a fragment (#…), which RFC 6749 §3.1.2 does not allow")
	}
	return nil
}

// EffectiveClientAuth is the client authentication the profile uses:
// ClientAuth, or when it is empty ClientAuthNone for an interactive grant
// with no client secret (a public client, RFC 8252 §8.4) and
// ClientAuthBasic otherwise.
func (p *Profile) EffectiveClientAuth() string {
	switch {
	case p.ClientAuth != "":
		return p.ClientAuth
	case p.Type.Interactive() && p.ClientSecret == "":
		return ClientAuthNone
	}
	return ClientAuthBasic
}

// validateClientAuth checks client_auth against the type and the other
// client keys (RFC 6749 §2.3, RFC 7523 §2.2).
func (p *Profile) validateClientAuth(fail func(string, string, ...any) error) error {
	switch p.EffectiveClientAuth() {
	case ClientAuthBasic, ClientAuthBody, ClientAuthBasicUnencoded:
		if p.Type == TypeOAuth2ClientCredentials && p.ClientSecret == "" {
			// §4.4: only a confidential client may use this grant.
			return fail("client_secret", "is required for type %q with client_auth %q (RFC 6749 §4.4: only a confidential client may use this grant); or use client_auth = %q, or %q with a TLS client certificate",
				p.Type, cmp.Or(p.ClientAuth, ClientAuthBasic), ClientAuthPrivateKeyJWT, ClientAuthNone)
		}
	case ClientAuthNone:
		if p.ClientSecret != "" {
			return fail("client_secret", "is set but client_auth is %q, which sends no secret", ClientAuthNone)
		}
	case ClientAuthPrivateKeyJWT:
		if p.ClientSecret != "" {
			return fail("client_secret", "is set but client_auth is %q, which signs an assertion with assertion_key instead", ClientAuthPrivateKeyJWT)
		}
		if p.ClientID == "" {
			return fail("client_id", "is required with client_auth %q: it is the assertion's iss and sub (RFC 7523 §3)", ClientAuthPrivateKeyJWT)
		}
		if p.AssertionKey == "" {
			return fail("assertion_key", "is required with client_auth %q: the PEM private key that signs the assertion", ClientAuthPrivateKeyJWT)
		}
		if p.AssertionAlg != "" && !slices.Contains(AssertionAlgs, p.AssertionAlg) {
			return fail("assertion_alg", "unknown value %q (allowed: %s)", Printable(p.AssertionAlg), strings.Join(AssertionAlgs, ", "))
		}
	default:
		return fail("client_auth", "unknown value %q (allowed: %s)", Printable(p.ClientAuth), strings.Join(ClientAuths, ", "))
	}
	if p.ClientAuth == ClientAuthBasicUnencoded && strings.Contains(p.ClientID, ":") {
		return fail("client_id", "contains ':', which HTTP Basic cannot carry unencoded (RFC 7617 §2: the first ':' ends the user-id); use client_auth = %q or %q", ClientAuthBasic, ClientAuthBody)
	}
	if p.ClientAuth != ClientAuthPrivateKeyJWT && (p.AssertionKey != "" || p.AssertionAlg != "" || p.AssertionKID != "") {
		return fail("assertion_key", "assertion_key, assertion_alg and assertion_kid apply only with client_auth = %q", ClientAuthPrivateKeyJWT)
	}
	if p.ClientID == "" && p.ClientSecret != "" {
		return fail("client_secret", "is set but client_id is empty; with no client_id no client authentication is sent")
	}
	return nil
}

// isControl reports ASCII control characters and DEL.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// isCookieOctet reports RFC 6265 §4.1.1 cookie-octet characters.
func isCookieOctet(r rune) bool {
	return r == 0x21 || (r >= 0x23 && r <= 0x2b) || (r >= 0x2d && r <= 0x3a) ||
		(r >= 0x3c && r <= 0x5b) || (r >= 0x5d && r <= 0x7e)
}
