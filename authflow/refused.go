package authflow

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// A 401 or 403 answering the request that carried the credentials means
// the server refused them (RFC 9110 §15.5.2, §15.5.4): the walk's last step
// failed, so that the TUI and `keyway flow` say so (and `keyway flow` exits
// 1). Whether a request was expected to be refused is the collection's
// business (expect.status), not the flow's: keyway run judges by that.

// credentialsRefused returns what to try and why the step that sent p's
// credentials failed, when resp refused them; a nil error otherwise. A
// request sent without credentials is not a refused credential: its 401
// only gets a note (refusedNote).
func credentialsRefused(p *Profile, resp *Response) (hint string, err error) {
	if p.Type == TypeNone || p.Type == "" {
		return "", nil
	}
	if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
		return "", nil
	}
	what, hint := refusedWhat(p.Type)
	var b strings.Builder
	if resp.StatusCode == http.StatusForbidden {
		fmt.Fprintf(&b, "the server answered %s: it took %s but does not allow this request with them (RFC 9110 §15.5.4)", resp.Status, what)
		hint = "Check that the credentials are allowed this request: a token may lack a scope, a user the role."
	} else {
		fmt.Fprintf(&b, "the server answered %s: it refused %s (RFC 9110 §15.5.2)", resp.Status, what)
	}
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		for _, c := range parseChallenges(v) {
			if d := describeChallenge(c); d != "" {
				b.WriteString("; " + d)
			}
		}
	}
	return hint, errors.New(b.String())
}

// refusedWhat names the credentials of a profile type and what to try
// when they are refused.
func refusedWhat(t Type) (what, hint string) {
	switch t {
	case TypeBasic:
		return "the user-id and password", "Check the user-id and password (RFC 7617 §2)."
	case TypeBearer:
		return "the bearer token", "The token may be wrong, expired or revoked: get a new one from whoever issues it."
	case TypeAPIKey:
		return "the API key", "Check the key's value and where it goes (in, name)."
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return "the access token", "Check that the token endpoint issues tokens for this API (its audience and scope)."
	}
	return "the credentials", "Check the credentials."
}

// describeChallenge says in plain words what one WWW-Authenticate
// challenge (RFC 7235 §4.1, RFC 9110 §11.6.1) asks for: its scheme and
// realm and, for Bearer, the error code of RFC 6750 §3 with its meaning.
// Server text is quoted as it came; renderers make it printable.
func describeChallenge(c challenge) string {
	if c.scheme == "" {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "its challenge asks for %s", schemeName(c.scheme))
	if realm, ok := c.params["realm"]; ok {
		fmt.Fprintf(&b, " in realm %q", realm)
	}
	if c.scheme == "bearer" {
		switch code := c.params["error"]; code {
		case "":
			// RFC 6750 §3.1: no error code when the request held no
			// token at all.
			b.WriteString(" and gives no error code: the server saw no token (RFC 6750 §3.1)")
		case "invalid_token":
			b.WriteString(`: error="invalid_token", the token is expired, revoked, malformed or not for this server (RFC 6750 §3.1)`)
		case "insufficient_scope":
			b.WriteString(`: error="insufficient_scope", the token lacks a scope this request needs (RFC 6750 §3.1)`)
			if scope, ok := c.params["scope"]; ok {
				fmt.Fprintf(&b, "; it needs scope %q", scope)
			}
		case "invalid_request":
			b.WriteString(`: error="invalid_request", the request is malformed, e.g. the token was sent twice (RFC 6750 §3.1)`)
		default:
			fmt.Fprintf(&b, ": error=%q", code)
		}
	}
	if desc, ok := c.params["error_description"]; ok {
		fmt.Fprintf(&b, " (%q)", desc)
	}
	return b.String()
}

// schemeName spells a lower-cased authentication scheme as its RFC does.
func schemeName(scheme string) string {
	switch scheme {
	case "basic":
		return "Basic"
	case "bearer":
		return "Bearer"
	case "digest":
		return "Digest"
	}
	return scheme
}
