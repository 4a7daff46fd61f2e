package authflow

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// The advice for a refused token request. The §5.2 error code says what
// kind of failure it is, but servers differ in which code they give which
// failure: authlib answers a wrong password with invalid_request, Auth0
// with access_denied, node-oauth2-server a missing client secret with
// invalid_request. Where the code is that generic (or not one of §5.2's),
// what error_description talks about decides the advice; a specific code
// (invalid_grant, invalid_client, …) is trusted over its description,
// which may be a library's stock text naming several causes at once.

const (
	noRetry = " keyway does not send a refused token request again: some servers lock an account after a few failures."

	hintWrongCredentials = "The username or password is wrong, the account is locked or disabled, or the password grant is not allowed for this user." + noRetry
	hintBadParameter     = "The server says a parameter is missing, repeated or malformed: check that token_url is the token endpoint and what it expects."
	hintUnauthorized     = "This client may not use the password grant: an administrator must allow it for this client_id."
	hintUnsupportedGrant = "The server does not allow the password grant (grant_type=password). Many servers disable it; " +
		"on Unqork, an administrator must enable it for the API user."
	hintServerFailed = "The authorization server failed: try again later or check its logs."
)

// tokenErrorHint says what a learner can do about a refused token request.
// grant is grantPassword or grantRefresh.
func tokenErrorHint(e *TokenError, p *Profile, grant string) string {
	hint := grantHint(e, p, grant)
	if note := basicEncodingNote(e, p); note != "" {
		hint += " " + note
	}
	return hint
}

func grantHint(e *TokenError, p *Profile, grant string) string {
	if grant == grantRefresh {
		if e.Code == "invalid_grant" || e.Code == "invalid_token" {
			return "The refresh token was refused: it may have expired or been revoked."
		}
		return "The refresh request failed for another reason than the refresh token (RFC 6749 §5.2), " +
			"so keyway does not send the password instead: check token_url and the client's credentials."
	}
	if e.StatusCode >= 500 {
		return hintServerFailed
	}
	switch e.Code {
	case "invalid_client":
		return clientHint(p)
	case "invalid_grant":
		return hintWrongCredentials
	case "unauthorized_client":
		return hintUnauthorized
	case "unsupported_grant_type":
		return hintUnsupportedGrant
	case "invalid_scope":
		return scopeHint(p)
	}
	switch describedTopic(e.Description) {
	case topicUser:
		return hintWrongCredentials
	case topicClient:
		return clientHint(p)
	case topicScope:
		return scopeHint(p)
	case topicGrantType:
		return hintUnsupportedGrant
	}
	switch e.Code {
	case "invalid_request":
		return hintBadParameter
	case "":
	default:
		return "See the server's description above and its documentation (error_uri, if given)."
	}
	switch {
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return "Set token_url to the address the server redirects to (see the Location header)."
	case e.StatusCode == http.StatusUnauthorized:
		return "The server refused the client authentication: check client_id and client_secret, or try another client_auth." + noRetry
	case e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed:
		return "There is no token endpoint at token_url: check the address."
	case e.StatusCode >= 200 && e.StatusCode < 300:
		return "The server reported an error with a success status (RFC 6749 §5.2 says 400): read its description."
	}
	return "The answer is not an RFC 6749 §5.2 error: check token_url and the server's documentation."
}

// clientHint is the advice when the client's authentication was refused.
func clientHint(p *Profile) string {
	if p.ClientID == "" {
		return "The server wants the client to authenticate: set client_id (and client_secret if it has one)."
	}
	var other string
	switch p.ClientAuth {
	case ClientAuthBody:
		other = fmt.Sprintf("client_auth = %q", ClientAuthBasic)
	case ClientAuthBasicUnencoded:
		other = fmt.Sprintf("client_auth = %q or %q", ClientAuthBasic, ClientAuthBody)
	default:
		other = fmt.Sprintf("client_auth = %q", ClientAuthBody)
	}
	return "Check client_id and client_secret; servers differ in how they accept them (RFC 6749 §2.3.1), so try " + other + "." + noRetry
}

func scopeHint(p *Profile) string {
	if len(p.Scopes) == 0 {
		return "The server wants a scope: set scopes to ones this client may request."
	}
	return fmt.Sprintf("One of the scopes %q is unknown or not allowed for this client or user: check them, or remove scopes to get the server's default.", strings.Join(p.Scopes, " "))
}

// basicEncodingNote explains a refusal that the form-encoding of RFC 6749
// §2.3.1 may have caused: the client authenticated with HTTP Basic, the
// encoding changed its id or secret (+ / = : space and the like), and the
// server refused the client (invalid_client, a bare 401) or failed (5xx,
// as go-oauth2 does when it looks up an id it did not decode). It names
// what changed, never the values.
func basicEncodingNote(e *TokenError, p *Profile) string {
	if p.ClientID == "" || (p.ClientAuth != "" && p.ClientAuth != ClientAuthBasic) {
		return ""
	}
	clientRefused := e.Code == "invalid_client" || (e.Code == "" && e.StatusCode == http.StatusUnauthorized)
	if !clientRefused && e.StatusCode < 500 {
		return ""
	}
	idChanged := url.QueryEscape(p.ClientID) != p.ClientID
	secretChanged := url.QueryEscape(p.ClientSecret) != p.ClientSecret
	var what string
	switch {
	case idChanged && secretChanged:
		what = "client_id and client_secret hold"
	case idChanged:
		what = "client_id holds"
	case secretChanged:
		what = "client_secret holds"
	default:
		return ""
	}
	note := fmt.Sprintf("The %s characters (such as + / = : or a space) that keyway form-encodes before Basic encoding, as RFC 6749 §2.3.1 asks; "+
		"many servers (go-oauth2, node-oauth2-server, authlib) do not decode them: try client_auth = %q, which sends them as they are (as curl -u does)",
		what, ClientAuthBasicUnencoded)
	if idChanged && strings.Contains(p.ClientID, ":") {
		note += fmt.Sprintf(" — except a client_id holding ':', which Basic cannot carry unencoded (RFC 7617 §2): use client_auth = %q", ClientAuthBody)
	}
	return note + "."
}

// topic is what an error_description talks about.
type topic int

const (
	topicNone      topic = iota
	topicUser            // the user's credentials: username, password
	topicClient          // the client's authentication
	topicScope           // the requested scope
	topicGrantType       // the grant type
)

// describedTopic reads what an error_description is about, by its words:
// authlib's 'Invalid "username" or "password" in request.' is about the
// user's credentials, node-oauth2-server's "Missing parameter:
// `client_secret`" about the client. A description naming both the user
// and the client is ambiguous, and says nothing.
func describedTopic(description string) topic {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(description), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-'
	}) {
		words[w] = true
	}
	has := func(list ...string) bool {
		for _, w := range list {
			if words[w] {
				return true
			}
		}
		return false
	}
	lower := strings.ToLower(description)
	user := has("username", "user_name", "password", "passwd", "user", "email", "e-mail", "account", "identifier", "login") ||
		strings.Contains(lower, "resource owner") || strings.Contains(lower, "user name")
	client := has("client", "client_id", "client_secret", "clientid", "client-id")
	switch {
	case user && !client:
		return topicUser
	case client && !user:
		return topicClient
	case user && client:
		return topicNone
	case has("scope", "scopes"):
		return topicScope
	case has("grant_type") || strings.Contains(lower, "grant type"):
		return topicGrantType
	case has("credentials", "credential"):
		return topicUser // "Bad credentials", with no client named
	}
	return topicNone
}
