package demoapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// This file is the authorization endpoint (RFC 6749 §3.1, §4.1.1): GET
// shows a sign-in and consent page, POST takes its answer and sends the
// browser back to the client with a code, or with an error.

// authRequest is a checked authorization request.
type authRequest struct {
	client      client
	redirectURI string
	scope       []string
	state       string
	challenge   string // PKCE code_challenge (RFC 7636 §4.3)
	nonce       string // OpenID Connect Core §3.1.2.1
}

// authRequestParams are the parameters an authorization request carries
// from the page to its POST, in the order the page holds them.
var authRequestParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state",
	"code_challenge", "code_challenge_method", "nonce"}

// authorize is GET and POST /oauth/authorize.
func (s *server) authorize(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			writePage(w, http.StatusBadRequest, messagePage, page{Title: "Sign-in failed", Message: "The form could not be read."})
			return
		}
		params = r.PostForm
	}
	req, pageError, redirectError := checkAuthRequest(params)
	if pageError != "" {
		// RFC 6749 §4.1.2.1: with no valid client and redirect URI, the
		// server must not redirect, or it would be an open redirector
		// for anyone who crafts the URL. It tells the user instead.
		writePage(w, http.StatusBadRequest, messagePage, page{Title: "This sign-in link is not valid", Message: pageError})
		return
	}
	if redirectError != "" {
		s.redirectError(w, r, req, "invalid_request", redirectError)
		return
	}
	status := http.StatusSeeOther // after a POST, the browser follows with a GET
	var u user
	switch {
	case s.autoApproveAs != "" && r.Method == http.MethodGet:
		known := false
		if u, known = users[s.autoApproveAs]; !known {
			s.redirectError(w, r, req, "access_denied", "The test user to approve as does not exist")
			return
		}
		status = http.StatusFound
	case r.Method == http.MethodGet:
		s.consentPage(w, http.StatusOK, req, params, "")
		return
	case params.Get("consent") != "allow":
		// §4.1.2.1: the resource owner denied the request.
		s.redirectError(w, r, req, "access_denied", "The user denied the request")
		return
	default:
		known := false
		u, known = users[params.Get("username")]
		if !known || !equal(params.Get("password"), u.Password) {
			s.consentPage(w, http.StatusOK, req, params, "The username or password is wrong.")
			return
		}
	}
	scope, problem := grantScope(strings.Join(req.scope, " "), userScopes(u), u.Name+" may grant")
	if problem != "" {
		s.redirectError(w, r, req, "invalid_scope", problem)
		return
	}
	req.scope = strings.Fields(scope)
	s.grantCode(w, r, req, u, status)
}

// consentPage shows the sign-in and consent page for req.
func (s *server) consentPage(w http.ResponseWriter, status int, req authRequest, params url.Values, message string) {
	p := page{
		Title:   "Sign in to the keyway demo",
		Message: message,
		Client:  req.client.Name,
		Scopes:  describeScopes(req.scope),
		Sending: req.redirectURI,
		Action:  "/oauth/authorize",
		Hint:    demoHint,
	}
	for _, name := range authRequestParams {
		if params.Has(name) {
			p.Fields = append(p.Fields, field{name, params.Get(name)})
		}
	}
	writePage(w, status, authorizePage, p)
}

// checkAuthRequest checks an authorization request (RFC 6749 §4.1.1).
// pageError says why it cannot even be answered by redirect: no known
// client, or a redirect URI not registered for it. redirectError says
// what else is wrong, to be sent back to the client as invalid_request.
func checkAuthRequest(params url.Values) (req authRequest, pageError, redirectError string) {
	for _, name := range []string{"client_id", "redirect_uri"} {
		if len(params[name]) > 1 {
			return req, fmt.Sprintf("The parameter %s appears more than once (RFC 6749 section 3.1).", name), ""
		}
	}
	id := params.Get("client_id")
	c, known := clients[id]
	switch {
	case id == "":
		return req, "The link names no client: client_id is missing.", ""
	case !known:
		return req, fmt.Sprintf("No client %s is registered here.", quoteParam(id)), ""
	}
	req.client = c
	uri := params.Get("redirect_uri")
	switch {
	case uri == "":
		// §3.1.2.3 would let a client with one registered URI leave it
		// out; a loopback client's port differs each time, so it must
		// say which (and OAuth 2.1 requires it of everyone).
		return req, "The link has no redirect_uri: the server cannot tell where to send you back.", ""
	case !redirectAllowed(c.RedirectURIs, uri):
		hint := ""
		if u, err := url.Parse(uri); err == nil && u.Hostname() == "localhost" {
			hint = " Use 127.0.0.1 rather than localhost (RFC 8252 section 8.3)."
		}
		return req, fmt.Sprintf("The redirect_uri %s is not registered for the client %s. Registered: %s, on any port (RFC 8252 section 7.3).%s",
			quoteParam(uri), c.ID, strings.Join(c.RedirectURIs, " and "), hint), ""
	}
	req.redirectURI = uri
	req.state = params.Get("state")
	for _, name := range authRequestParams {
		if len(params[name]) > 1 {
			return req, "", fmt.Sprintf("The parameter %s appears more than once (RFC 6749 section 3.1)", name)
		}
	}
	switch rt := params.Get("response_type"); {
	case rt == "":
		return req, "", "The response_type parameter is missing"
	case rt != "code":
		return req, "", fmt.Sprintf("This server answers response_type code only, not %s", quoteParam(rt))
	}
	if !c.may(GrantAuthorizationCode) {
		return req, "", fmt.Sprintf("The client %s is not registered for the authorization code grant", c.ID)
	}
	req.scope = strings.Fields(params.Get("scope"))
	if len(req.scope) == 0 {
		req.scope = []string{defaultScope}
	}
	for _, sc := range req.scope {
		if _, known := scopeMeanings[sc]; !known {
			return req, "", fmt.Sprintf("Unknown scope %s; this server knows %s", quoteParam(sc), strings.Join(knownScopes, ", "))
		}
	}
	req.challenge = params.Get("code_challenge")
	req.nonce = params.Get("nonce")
	method := params.Get("code_challenge_method")
	switch {
	case req.challenge == "" && method != "":
		return req, "", "code_challenge_method was sent without a code_challenge (RFC 7636 section 4.3)"
	case req.challenge == "" && c.public():
		// RFC 7636 §4.4.1, RFC 9700 §2.1.1: a public client has no
		// secret, so without PKCE a stolen code would be as good as a
		// token to whoever stole it.
		return req, "", fmt.Sprintf("The public client %s must use PKCE: send code_challenge and code_challenge_method=S256 (RFC 7636)", c.ID)
	case req.challenge == "":
	case method != "S256":
		// RFC 7636 §4.2 keeps plain for clients that cannot compute
		// SHA-256; every client can now, and plain puts the verifier
		// itself in the browser's URL, where PKCE is meant to keep it
		// out of reach. Missing means plain (§4.3), so it is refused
		// too.
		return req, "", "This server accepts code_challenge_method S256 only, not plain (RFC 7636 section 4.2, RFC 9700 section 2.1.1)"
	case !isVerifierShaped(req.challenge) || len(req.challenge) != 43:
		return req, "", "The code_challenge must be BASE64URL(SHA256(code_verifier)): 43 characters (RFC 7636 section 4.2)"
	}
	return req, "", ""
}

// redirectError sends the browser back to the client with an error
// (RFC 6749 §4.1.2.1), the state echoed so the client can match it to
// its request.
func (s *server) redirectError(w http.ResponseWriter, r *http.Request, req authRequest, code, description string) {
	s.redirectBack(w, r, req, http.StatusSeeOther, url.Values{
		"error":             {code},
		"error_description": {challengeSafe(description)},
	})
}

// redirectBack sends the browser to the client's redirect URI with
// params, state and iss added to the query it already has (RFC 6749
// §3.1.2 keeps it). iss names this server, so a client talking to several
// can tell which one answered (RFC 9207 §2).
func (s *server) redirectBack(w http.ResponseWriter, r *http.Request, req authRequest, status int, params url.Values) {
	u, _ := url.Parse(req.redirectURI) // checked by redirectAllowed
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	q.Set("iss", s.base(r))
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, u.String(), status)
}
