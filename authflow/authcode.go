package authflow

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"golang.org/x/oauth2"
)

// grantAuthorizationCode is the grant_type of the code exchange (RFC 6749
// §4.1.3).
const grantAuthorizationCode = "authorization_code"

// authorizationRequest is what keyway sent to the authorization endpoint,
// kept to check what comes back against it.
type authorizationRequest struct {
	url, state, verifier, challenge, method, nonce string
	redirectURI                                    string
}

// newAuthorizationRequest makes the request's random values: state (RFC
// 6749 §10.12), the PKCE verifier from x/oauth2 (RFC 7636 §4.1: 32 random
// bytes, 43 characters) and its challenge, and an OpenID Connect nonce
// when the scopes ask for openid (OIDC Core §3.1.2.1).
func newAuthorizationRequest(p *Profile) *authorizationRequest {
	a := &authorizationRequest{state: rand.Text()}
	switch p.PKCE {
	case PKCENone:
	case PKCEPlain:
		a.verifier = oauth2.GenerateVerifier()
		a.challenge, a.method = a.verifier, PKCEPlain
	default:
		a.verifier = oauth2.GenerateVerifier()
		a.challenge, a.method = oauth2.S256ChallengeFromVerifier(a.verifier), PKCES256
	}
	if slices.Contains(p.Scopes, "openid") {
		a.nonce = rand.Text()
	}
	return a
}

// authCodeOptions are the authorization URL's parameters beyond x/oauth2's
// own (response_type, client_id, redirect_uri, scope, state).
func (a *authorizationRequest) authCodeOptions() []oauth2.AuthCodeOption {
	var opts []oauth2.AuthCodeOption
	if a.method != "" {
		opts = append(opts, oauth2.SetAuthURLParam("code_challenge", a.challenge),
			oauth2.SetAuthURLParam("code_challenge_method", a.method))
	}
	if a.nonce != "" {
		opts = append(opts, oauth2.SetAuthURLParam("nonce", a.nonce))
	}
	return opts
}

// authorizationCodeGrant walks the authorization code grant with PKCE as
// a native app does (RFC 8252): listen on loopback, send the person's
// browser to the authorization endpoint, read the redirect, check its
// state, exchange the code with the verifier, read the token (and ID
// token).
func (r *sendRun) authorizationCodeGrant(ctx context.Context) (*Token, error) {
	p := r.profile
	r.rec.note(whyAuthorizationCodeStep(p))
	a := newAuthorizationRequest(p)
	r.flow.Secrets = append(r.flow.Secrets, a.verifier)

	lb, err := r.listenStep(a)
	if err != nil {
		return nil, err
	}
	defer lb.close()
	a.redirectURI = lb.redirectURI
	r.authorizationURLStep(a)

	res, err := r.signInStep(ctx, a, lb)
	if err != nil {
		return nil, err
	}
	if err := r.redirectStep(a, res); err != nil {
		return nil, err
	}
	token, err := r.codeExchange(ctx, a, res.callback.Code)
	if err != nil {
		return nil, err
	}
	if err := r.idTokenStep(token, a.nonce); err != nil {
		return nil, err
	}
	return token, nil
}

func whyAuthorizationCodeStep(p *Profile) Step {
	client := "a confidential client: it authenticates to the token endpoint with its secret"
	if p.ClientSecret == "" {
		client = "a public client: it has no secret, which a program on the user's machine could not keep; PKCE stands in for it"
	}
	return Step{
		Title: "Why this grant",
		Why: "In the authorization code grant the user signs in at the authorization server, in their own " +
			"browser: keyway never sees the password. The server sends the browser back to keyway with a " +
			"one-time code, which keyway trades for tokens at the token endpoint. PKCE (RFC 7636) binds " +
			"the code to this login: only the program that made the secret code_verifier can trade it, so a " +
			"code stolen on the way is worthless. keyway is " + client + ".",
		RFC: "RFC 6749 §4.1; RFC 7636; RFC 8252",
	}
}

// listenStep starts the loopback listener the redirect will come to.
func (r *sendRun) listenStep(a *authorizationRequest) (*loopback, error) {
	i := r.rec.begin(Step{
		Title: "Listen for the redirect on this machine",
		Why: "A native app receives the authorization response on a loopback address: a one-shot HTTP " +
			"listener on 127.0.0.1, on a free port unless redirect_uri names one (the server must accept " +
			"any port on a loopback redirect). It answers one redirect and closes.",
		RFC: "RFC 8252 §7.3, §8.3",
	})
	lb, err := listenLoopback(r.profile.RedirectURI, a.state)
	if err != nil {
		r.rec.fail(i, err, "Set redirect_uri to a loopback URI such as http://127.0.0.1/callback, or http://127.0.0.1:PORT/callback when the server registered a port.")
		return nil, err
	}
	r.rec.end(i, func(s *Step) {
		s.Fields = []Field{{Label: "redirect_uri", Value: lb.redirectURI}}
	})
	return lb, nil
}

// authorizationURLStep builds the authorization URL and explains each of
// its parameters.
func (r *sendRun) authorizationURLStep(a *authorizationRequest) {
	p := r.profile
	conf := r.oauth2Config()
	conf.Endpoint.AuthURL = p.AuthorizeURL
	conf.RedirectURL = a.redirectURI
	a.url = conf.AuthCodeURL(a.state, a.authCodeOptions()...)
	fields := []Field{
		{Label: "authorization URL", Value: a.url},
		{Label: "response_type", Value: "code — ask for an authorization code (RFC 6749 §4.1.1)"},
		{Label: "client_id", Value: p.ClientID + " — which application asks (RFC 6749 §2.2)"},
		{Label: "redirect_uri", Value: a.redirectURI + " — where the browser brings the answer: keyway's listener (RFC 8252 §7.3)"},
		{Label: "scope", Value: scopeText(p.Scopes) + " — what the token may do (RFC 6749 §3.3)"},
		{Label: "state", Value: a.state + " — random; must come back unchanged, so that keyway knows the redirect answers this login (RFC 6749 §10.12)"},
	}
	if a.method != "" {
		fields = append(fields,
			Field{Label: "code_verifier", Value: a.verifier, Secret: true},
			Field{Label: "code_challenge", Value: a.challenge + " — " + challengeText(a.method) + " (RFC 7636 §4.2)"},
			Field{Label: "code_challenge_method", Value: a.method + " (RFC 7636 §4.3)"},
		)
	} else {
		fields = append(fields, Field{Label: "PKCE", Value: "none (pkce = \"none\"): a code stolen on its way could be traded by anyone; RFC 9700 §2.1.1 says to use PKCE"})
	}
	if a.nonce != "" {
		fields = append(fields, Field{Label: "nonce", Value: a.nonce + " — random; the ID token must carry it back, so that it cannot be replayed from another login (OpenID Connect Core §3.1.2.1)"})
	}
	r.rec.note(Step{
		Title: "Build the authorization URL",
		Why: "keyway sends the browser to the authorization endpoint with the request in the query. The " +
			"code_verifier stays in keyway; only its challenge goes out, so that whoever sees the URL cannot " +
			"trade the code.",
		RFC:    "RFC 6749 §4.1.1; RFC 7636 §4.3",
		Fields: fields,
	})
}

func challengeText(method string) string {
	if method == PKCEPlain {
		return "the code_verifier itself (plain)"
	}
	return "BASE64URL(SHA256(code_verifier))"
}

// signInStep opens the browser and waits for the redirect.
func (r *sendRun) signInStep(ctx context.Context, a *authorizationRequest, lb *loopback) (callbackResult, error) {
	in := r.opts.Interaction
	browser := "not opened: open the URL above yourself"
	if in != nil && in.OpenBrowser != nil {
		browser = "opened with the URL (if nothing opened, open it yourself)"
		if err := in.OpenBrowser(a.url); err != nil {
			browser = err.Error()
		}
	}
	timeout := in.timeout()
	i := r.rec.begin(Step{
		Title: "Wait for you to sign in",
		Why: "Sign in and consent in the browser. The authorization server then redirects the browser to " +
			"redirect_uri, where keyway is listening, with the code (or an error) in the query. keyway waits " +
			timeout.String() + " at most; cancelling stops the wait.",
		RFC: "RFC 6749 §4.1.1, §4.1.2",
		Fields: []Field{
			{Label: "open", Value: a.url},
			{Label: "browser", Value: browser},
		},
	})
	wctx, cancel := context.WithTimeoutCause(ctx, timeout, fmt.Errorf("no redirect arrived within %s", timeout))
	defer cancel()
	res, err := lb.wait(wctx)
	if err != nil {
		err = fmt.Errorf("waiting for the sign-in: %w", err)
		r.rec.fail(i, err, "If the browser shows an error about the redirect URI, the server does not accept "+
			a.redirectURI+": register it, or set redirect_uri to the one it has (RFC 8252 §7.3 asks servers to "+
			"accept any port on a loopback redirect). Otherwise sign in sooner, or run the login again.")
		return res, err
	}
	r.rec.end(i, nil)
	return res, nil
}

// redirectStep shows the redirect as it arrived and checks it: an error
// from the server (§4.1.2.1), then the state (§10.12).
func (r *sendRun) redirectStep(a *authorizationRequest, res callbackResult) error {
	cb := res.callback
	// The code is a credential until it is traded: masked like a token.
	r.flow.Secrets = append(r.flow.Secrets, cb.Code)
	i := r.rec.begin(Step{
		Title: "Read the redirect",
		Why: "The browser brought the authorization response to keyway's listener: code and state on " +
			"success, error (and error_description) when the server refused.",
		RFC: "RFC 6749 §4.1.2, §4.1.2.1",
		// The code field comes first, so that a renderer masks it in the
		// redirect line too (StepSecrets).
		Fields: []Field{{Label: "code", Value: cb.Code, Secret: true}, {Label: "redirect", Value: "GET " + res.target}},
	})
	var authErr *AuthorizationError
	switch {
	case errors.As(res.err, &authErr):
		r.rec.fail(i, res.err, authorizationErrorHint(authErr))
		return res.err
	case res.err != nil && cb.Code == "" && cb.Error == "":
		r.rec.fail(i, res.err, "The redirect was not an authorization response: run the login again.")
		return res.err
	}
	r.rec.end(i, func(s *Step) {
		if cb.Issuer != "" {
			s.Fields = append(s.Fields, Field{Label: "iss", Value: cb.Issuer + " (RFC 9207)"})
		}
	})
	j := r.rec.begin(Step{
		Title: "Check the state",
		Why: "The state that came back must be the one keyway sent. Otherwise the redirect was not caused " +
			"by this login — a page could have sent the browser here with an attacker's code, logging keyway " +
			"in as the attacker (cross-site request forgery).",
		RFC:    "RFC 6749 §10.12",
		Fields: []Field{{Label: "state sent", Value: a.state}, {Label: "state received", Value: cb.State}},
	})
	if err := checkState(a.state, cb.State); err != nil {
		r.rec.fail(j, err, "Run the login again, from this keyway, and finish it in the browser it opens.")
		return err
	}
	r.rec.end(j, func(s *Step) {
		s.Fields = append(s.Fields, Field{Label: "result", Value: "the same: the redirect answers this login"})
	})
	return nil
}

// authorizationErrorHint says what to do about an error redirect.
func authorizationErrorHint(e *AuthorizationError) string {
	switch e.Code {
	case "access_denied":
		return "Run the login again and approve the request, or check with the server's administrator that this user may use the client."
	case "invalid_request":
		return "Check authorize_url, client_id, redirect_uri (the server may not accept it) and pkce."
	case "invalid_scope":
		return "Check scopes against what the server offers this client."
	case "server_error", "temporarily_unavailable":
		return "Try again later."
	}
	return "See the server's description, and error_uri if it gave one."
}

// codeExchange trades the code for tokens (RFC 6749 §4.1.3) with the
// code_verifier (RFC 7636 §4.5), showing the PKCE computation the server
// makes.
func (r *sendRun) codeExchange(ctx context.Context, a *authorizationRequest, code string) (*Token, error) {
	p := r.profile
	fields := []Field{
		{Label: "token endpoint", Value: "POST " + p.TokenURL},
		{Label: "grant_type", Value: grantAuthorizationCode},
		{Label: "code", Value: code, Secret: true},
		{Label: "redirect_uri", Value: a.redirectURI + " (the same as in the authorization request, RFC 6749 §4.1.3)"},
		clientAuthField(p),
	}
	if a.method != "" {
		computed := a.verifier
		if a.method == PKCES256 {
			computed = oauth2.S256ChallengeFromVerifier(a.verifier)
		}
		match := "== code_challenge: the server lets the code be traded"
		if computed != a.challenge {
			match = "!= code_challenge: the server will refuse the code"
		}
		fields = append(fields,
			Field{Label: "code_verifier", Value: a.verifier, Secret: true},
			Field{Label: challengeText(a.method), Value: computed},
			Field{Label: "code_challenge sent", Value: a.challenge},
			Field{Label: "check", Value: match + " (RFC 7636 §4.6)"},
		)
	}
	assertion, err := r.signAssertion(p.TokenURL)
	if err != nil {
		return nil, err
	}
	if assertion != nil {
		fields = append(fields, assertionFields(assertion)...)
	}
	i := r.rec.begin(Step{
		Title: "Trade the code for a token",
		Why: "keyway POSTs the code to the token endpoint with the code_verifier. The server computes the " +
			"challenge from the verifier as keyway did and compares it with the code_challenge of the " +
			"authorization request: only the program that started the login can trade its code.",
		RFC:    "RFC 6749 §4.1.3; RFC 7636 §4.5, §4.6",
		Fields: fields,
	})
	ex, libErr := r.exchangeWith(ctx, assertion, func(ctx context.Context, conf *oauth2.Config, _ *http.Client) error {
		conf.RedirectURL = a.redirectURI
		var opts []oauth2.AuthCodeOption
		if a.method != "" {
			opts = append(opts, oauth2.VerifierOption(a.verifier))
		}
		_, err := conf.Exchange(ctx, code, opts...)
		return err
	})
	token, err := r.readTokenExchange(r.client.tokens(), i, grantAuthorizationCode, ex, libErr)
	if err != nil {
		return nil, err
	}
	r.flow.Secrets = append(r.flow.Secrets, token.AccessToken, token.RefreshToken, token.IDToken)
	return token, nil
}

// idTokenStep checks the ID token with the nonce sent (checkIDToken;
// OpenID Connect Core §3.1.3.7), or says that none came although openid
// was asked for.
func (r *sendRun) idTokenStep(t *Token, nonce string) error {
	if t.IDToken == "" {
		if nonce != "" {
			r.rec.note(Step{
				Title: "No ID token",
				Why:   "The scopes asked for openid, but the token response held no id_token: the server may not speak OpenID Connect.",
				RFC:   "OpenID Connect Core §3.1.3.3",
			})
		}
		return nil
	}
	return r.checkIDToken(t, nonce)
}
