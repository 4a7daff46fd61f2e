package authflow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// The grant types keyway sends to a token endpoint.
const (
	grantPassword = "password"      // RFC 6749 §4.3.2
	grantRefresh  = "refresh_token" // RFC 6749 §6
)

// whyPasswordGrantStep explains the grant, and why it is deprecated.
func whyPasswordGrantStep() Step {
	return Step{
		Title: "Why this grant",
		Why: "In the resource owner password credentials grant the user hands their username and password " +
			"to this client, which trades them for an access token at the token endpoint; the API then sees " +
			"only the token. RFC 9700 (OAuth 2.0 Security Best Current Practice) says this grant MUST NOT be " +
			"used: the client sees the password and can leak or misuse it, the flow cannot offer multi-factor " +
			"or phishing-resistant login, and it teaches users to type passwords into apps. keyway supports " +
			"it to test APIs that still require it; new systems should use the authorization code grant with PKCE.",
		RFC: "RFC 6749 §4.3; RFC 9700 §2.4",
	}
}

// obtainToken returns a token for the profile: the cached one while it is
// valid (unless fresh), else a refreshed one, else one from the password
// grant. Sends needing a token for the same profile at once share one
// token request. That request belongs to none of them: it runs without
// the cancellation of the send that started it (within its own timeout,
// see exchangeToken), and each send waits for it only as long as its own
// ctx allows, so cancelling one send fails no other.
func (r *sendRun) obtainToken(ctx context.Context, fresh bool) (*Token, error) {
	cache := r.client.tokens()
	key := r.tokenKey()
	token, ok := cache.Get(key)
	person := r.profile.Type.Interactive() && r.opts.Interaction != nil
	switch {
	case person && fresh:
		// A walk of an interactive profile shows its grant: the login
		// runs with the person here, not inside the shared fetch, so
		// that cancelling the walk ends the wait for the browser.
		var err error
		if token, err = r.interactiveToken(ctx); err != nil {
			return nil, err
		}
	case ok && !fresh:
		r.reuseStep(cache, token)
	default:
		var err error
		token, err = r.sharedFetch(ctx, cache, key, fresh)
		if person && errors.Is(err, ErrLoginRequired) {
			token, err = r.interactiveToken(ctx)
		}
		if err != nil {
			return nil, err
		}
	}
	r.flow.Token = token
	r.flow.Secrets = append(r.flow.Secrets, token.AccessToken, token.RefreshToken, token.IDToken)
	return token, nil
}

// reuseStep shows that a cached token is used.
func (r *sendRun) reuseStep(cache *TokenCache, t *Token) {
	if !r.rec.on() {
		return
	}
	// The title says no time: the expires field does, which a live
	// renderer counts down with every other time on its screen.
	r.rec.note(Step{
		Title: "Reuse the cached token",
		Why: "A token from an earlier request for this profile is still valid, so no token request is " +
			"needed. keyway treats a token as expired " + cache.margin(t).String() + " early (at most " +
			cache.skew().String() + ", a quarter of a shorter-lived token's lifetime), so that it " +
			"does not expire on its way to the API.",
		RFC:    "RFC 6749 §5.1",
		Fields: expiryFields(cache, t),
	})
}

// fetchToken gets a new token: by refreshing the cached one when it has a
// refresh token (§6), falling back to the password grant if that fails.
// Only bearer tokens are cached, since no other kind will be sent.
func (r *sendRun) fetchToken(ctx context.Context, cache *TokenCache, key string, fresh bool) (*Token, error) {
	if r.profile.Type.Interactive() {
		return r.storedToken(ctx, cache, key)
	}
	if old := cache.peek(key); old != nil && old.RefreshToken != "" && !fresh {
		// The refresh token goes to the token endpoint: only where the
		// credentials that bought it may go.
		if err := r.checkTokenHost(old, "refresh token", hostOf(r.profile.TokenURL)); err != nil {
			r.rec.fail(r.rec.begin(Step{Title: "Refresh the token", Why: whyTokenHosts, RFC: "RFC 6749 §6, §10.4"}), err, tokenHostHint)
			return nil, err
		}
		token, err := r.tokenRequest(ctx, cache, grantRefresh, old.RefreshToken)
		if err == nil {
			if token.RefreshToken == "" {
				// §6: the server MAY issue a new refresh token; if not,
				// the old one stays usable.
				token.RefreshToken = old.RefreshToken
			}
			if token.IDToken == "" {
				// OpenID Connect Core 1.0 §12.2: a refresh may come
				// without a new ID token; the last one still says who
				// signed in.
				token.IDToken = old.IDToken
			}
			token.Limits = joinLimits(old.Limits, r.profile.TokenLimits)
			if token.IsBearer() {
				cache.Put(key, token)
			}
			return token, nil
		}
		// Only a refused refresh token (RFC 6749 §5.2 invalid_grant) is a
		// reason to log in again: after a timeout or a refused client the
		// password grant would fail the same way, or send the password
		// where something is wrong.
		if !refreshRejected(err) {
			return nil, err
		}
	}
	token, err := r.tokenRequest(ctx, cache, r.initialGrant(), "")
	if err != nil {
		return nil, err
	}
	token.Limits = r.profile.TokenLimits
	if token.IsBearer() {
		cache.Put(key, token)
	}
	return token, nil
}

// oauth2Config is the x/oauth2 configuration for the profile. AuthStyle is
// always explicit: x/oauth2's auto-detection would silently send the token
// request a second time, a retry that could lock the account and that the
// flow would not show. With no client_id nothing identifies the client: in
// params style x/oauth2 then adds neither client_id nor client_secret,
// whereas header style would send "Authorization: Basic Og==". x/oauth2's
// header style form-encodes the id and secret (RFC 6749 §2.3.1), so the
// unencoded Basic variant is params style with no client for x/oauth2,
// and unencodedBasicTransport sets the header.
func (r *sendRun) oauth2Config() *oauth2.Config {
	p := r.profile
	conf := &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.ClientSecret,
		Scopes:       p.Scopes,
		Endpoint:     oauth2.Endpoint{TokenURL: p.TokenURL, AuthStyle: oauth2.AuthStyleInHeader},
	}
	switch auth := p.EffectiveClientAuth(); {
	case p.ClientID == "" || auth == ClientAuthBody || auth == ClientAuthBasicUnencoded:
		conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
	case auth == ClientAuthNone || auth == ClientAuthPrivateKeyJWT:
		// client_id as a form field, no secret: a public client (RFC 6749
		// §2.1), or one whose assertion tokenFormTransport adds (RFC 7521
		// §4.2 allows client_id beside it).
		conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
		conf.ClientSecret = ""
	}
	if p.ClientID == "" {
		conf.ClientSecret = ""
	}
	if p.ClientAuth == ClientAuthBasicUnencoded {
		conf.ClientID, conf.ClientSecret = "", ""
	}
	return conf
}

// unencodedBasicTransport sets HTTP Basic client authentication with the
// client id and secret as they are (ClientAuthBasicUnencoded), on a clone
// of the request as the RoundTripper contract asks. It wraps the recording
// transport, so that the flow shows the header as sent.
type unencodedBasicTransport struct {
	id, secret string
	next       http.RoundTripper
}

func (t *unencodedBasicTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.SetBasicAuth(t.id, t.secret) // RFC 7617 §2: base64 of id ":" secret, nothing else
	return t.next.RoundTrip(req)
}

// clientAuthField says how the client authenticates (RFC 6749 §2.3.1).
func clientAuthField(p *Profile) Field {
	value := "HTTP Basic with client_id and client_secret, each form-urlencoded first (RFC 6749 §2.3.1)"
	switch auth := p.EffectiveClientAuth(); {
	case p.ClientID == "":
		value = "none: no client_id, so no client credentials are sent"
	case auth == ClientAuthNone:
		value = "none: client_id as a form field and no secret, as a public client (RFC 6749 §2.1, §3.2.1)"
	case auth == ClientAuthPrivateKeyJWT:
		value = "private_key_jwt: a JWT signed with assertion_key, sent as client_assertion (RFC 7523 §2.2, RFC 7521 §4.2)"
	case auth == ClientAuthBody:
		value = "client_id and client_secret as form fields (RFC 6749 §2.3.1)"
	case auth == ClientAuthBasicUnencoded:
		value = "HTTP Basic with client_id and client_secret as they are, not form-urlencoded first (client_auth = \"basic-unencoded\"; RFC 7617 §2)"
	}
	return Field{Label: "client authentication", Value: value}
}

// clientAuthFields are clientAuthField and, for HTTP Basic client
// authentication, the text that is base64-encoded into the header: with
// client_auth = "basic" the id and the secret each form-urlencoded first
// (RFC 6749 §2.3.1, as x/oauth2 does: "demo+secret 42" travels as
// demo%2Bsecret+42), with "basic-unencoded" as they are. Masked, the
// secret's part reads as the mask.
func clientAuthFields(p *Profile) []Field {
	fields := []Field{clientAuthField(p)}
	switch auth := p.EffectiveClientAuth(); {
	case p.ClientID == "" || auth != ClientAuthBasic && auth != ClientAuthBasicUnencoded:
	case auth == ClientAuthBasicUnencoded:
		fields = append(fields, Field{Label: "id:secret as they are, before base64",
			Value: p.ClientID + ":" + p.ClientSecret, Masked: p.ClientID + ":" + Mask, Secret: true})
	default:
		id := url.QueryEscape(p.ClientID)
		fields = append(fields, Field{Label: "id:secret form-urlencoded, before base64",
			Value: id + ":" + url.QueryEscape(p.ClientSecret), Masked: id + ":" + Mask, Secret: true})
	}
	return fields
}

// tokenRequest sends one token request through x/oauth2 and reads the
// answer: two steps. x/oauth2 builds and sends the request, its HTTP
// client injected through the oauth2.HTTPClient context key so that the
// recording transport sees every byte; keyway then reads the recorded
// response itself, so that it can explain every §5.1 and §5.2 case (a
// string expires_in, an unknown token_type, an HTML error page) rather than
// x/oauth2's summary (doc.go says why it does not take x/oauth2's Token or
// RetrieveError). The request is never retried and a redirect from the
// token endpoint is never followed: it would carry the password elsewhere.
func (r *sendRun) tokenRequest(ctx context.Context, cache *TokenCache, grant, refreshToken string) (*Token, error) {
	p := r.profile
	step, sent := tokenRequestStep(p, grant, refreshToken)
	if u, err := url.Parse(p.TokenURL); err == nil {
		step.Fields = append(step.Fields, transportWarnings(u, tlsSettings{insecure: p.Insecure, files: p.TLS}, sent)...)
		r.warnClearText(u, sent)
	}
	assertion, err := r.signAssertion(p.TokenURL)
	if err != nil {
		return nil, err
	}
	if assertion != nil {
		step.Fields = append(step.Fields, assertionFields(assertion)...)
	}
	i := r.rec.begin(step)
	ex, libErr := r.exchangeToken(ctx, grant, refreshToken, assertion)
	return r.readTokenExchange(cache, i, grant, ex, libErr)
}

// readTokenExchange reads the answer to the token request of step i, sent
// as ex (libErr is x/oauth2's error, used when no response arrived): it
// ends step i and adds the step that reads the response.
func (r *sendRun) readTokenExchange(cache *TokenCache, i int, grant string, ex *Exchange, libErr error) (*Token, error) {
	p := r.profile
	if ex == nil || ex.Response == nil || ex.Err != nil {
		libErr = exchangeError(ex, libErr)
		hint, err := describeTransportError(libErr, r.client.timeout(0), r.secrets())
		if ex != nil && ex.Response != nil {
			hint, err = describeBodyError(ex.Err, int64(len(ex.Response.Body)), -1, r.client.timeout(0))
		}
		r.rec.fail(i, err, hint+fallbackNote(p, grant, err))
		if i != noStep {
			r.flow.Steps[i].Exchange = ex
		}
		return nil, err
	}
	r.rec.end(i, func(s *Step) {
		s.Exchange = ex
		s.Fields = append(s.Fields, Field{Label: "status", Value: ex.Response.Status})
	})

	j := r.rec.begin(Step{
		Title: "Read the token response",
		Why: "A successful answer is JSON with access_token and token_type (case-insensitive), usually " +
			"expires_in (seconds) and sometimes refresh_token and scope. An error is JSON with error, " +
			"error_description and error_uri.",
		RFC: "RFC 6749 §5.1, §5.2",
	})
	status, contentType, body := ex.Response.StatusCode, ex.Response.Header.Get("Content-Type"), ex.Response.Body
	if ex.Response.Truncated {
		err := fmt.Errorf("token response larger than %d bytes; not a token response (the body is not shown, as it may hold tokens)", RecordLimit)
		if status >= 200 && status <= 299 {
			r.hideUnreadable(j, contentType, body)
		}
		r.rec.fail(j, err, "Check that token_url is the token endpoint."+fallbackNote(p, grant, err))
		return nil, err
	}
	// A server may echo what it was sent, the password included.
	red := NewRedactor(r.secrets()...)
	resp, err := parseTokenResponse(status, contentType, body, cache.now(), red)
	if err != nil {
		hint := "Check that token_url is the token endpoint."
		stepErr := err
		var tokenErr *TokenError
		if errors.As(err, &tokenErr) {
			tokenErr.Description = red.Redact(tokenErr.Description)
			tokenErr.URI = red.Redact(tokenErr.URI)
			tokenErr.Hint = tokenErrorHint(tokenErr, p, grant)
			hint = tokenErr.Hint
			// The error returned carries the hint (run output and
			// reports show only the error); the step shows it apart.
			stepErr = tokenErr.withoutHint()
		} else {
			// A 2xx that is not a token response (parseTokenResponse).
			r.hideUnreadable(j, contentType, body)
		}
		r.rec.fail(j, stepErr, hint+fallbackNote(p, grant, err))
		return nil, err
	}
	resp.useJWTExpiry()
	r.rec.end(j, func(s *Step) { s.Fields = tokenFields(cache, resp) })
	// The authorization code grant checks its ID token itself, with the
	// nonce it sent.
	if grant != "authorization_code" {
		if err := r.checkIDToken(&resp.Token, ""); err != nil {
			return nil, err
		}
	}
	return &resp.Token, nil
}

// hideUnreadable takes a 2xx token response that keyway could not read as
// one for secret (unreadableSecrets): step j shows its body as a secret
// field, masked until the user reveals it, and its values are masked
// wherever they show.
func (r *sendRun) hideUnreadable(j int, contentType string, body []byte) {
	secrets := unreadableSecrets(contentType, body)
	r.flow.Secrets = append(r.flow.Secrets, secrets...)
	if j != noStep {
		// Shown when the step fails, which it does next.
		s := &r.flow.Steps[j]
		s.Fields = append(s.Fields, Field{Label: "body (not a token response; may hold tokens)", Value: string(body), Secret: true})
	}
}

// exchangeToken performs the token request through x/oauth2 and returns
// the recorded exchange, with x/oauth2's error (used only when no response
// arrived).
func (r *sendRun) exchangeToken(ctx context.Context, grant, refreshToken string, assertion *clientAssertion) (*Exchange, error) {
	return r.exchangeWith(ctx, assertion, func(ctx context.Context, conf *oauth2.Config, _ *http.Client) error {
		var err error
		switch grant {
		case grantRefresh:
			// A token with no access token is invalid, so the token source
			// goes straight to the refresh request.
			_, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: refreshToken}).Token()
		case grantClientCredentials:
			_, err = clientCredentialsConfig(conf).Token(ctx)
		default:
			_, err = conf.PasswordCredentialsToken(ctx, r.profile.Username, r.profile.Password)
		}
		return err
	})
}

// exchangeWith runs one exchange with the authorization server through
// send, which gets the profile's x/oauth2 configuration and a context (and
// client) whose transport records the exchange, adds the profile's params
// and client assertion (clientFormTransport) and follows no redirect. It
// returns the recorded exchange, with send's error (used only when no
// response arrived).
func (r *sendRun) exchangeWith(ctx context.Context, assertion *clientAssertion, send func(ctx context.Context, conf *oauth2.Config, client *http.Client) error) (*Exchange, error) {
	base, err := r.client.transportFor(tlsSettings{insecure: r.profile.Insecure, files: r.profile.TLS})
	if err != nil {
		return nil, err
	}
	var ex *Exchange
	hooks := &exchangeHooks{done: func(e *Exchange) { ex = e }}
	transport := r.clientFormTransport(&recordingTransport{base: base}, assertion)
	httpClient := &http.Client{
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	ctx, cancel := context.WithTimeout(ctx, r.client.timeout(0))
	defer cancel()
	ctx = context.WithValue(withExchangeHooks(ctx, hooks), oauth2.HTTPClient, httpClient)
	err = send(ctx, r.oauth2Config(), httpClient)
	return ex, err
}

// fallbackNote says, after a failed token request, whether keyway now
// tries the password grant: only after a refused refresh token.
func fallbackNote(p *Profile, grant string, err error) string {
	if grant == grantRefresh && refreshRejected(err) && p.Type == TypeOAuth2Password {
		return " keyway now falls back to the password grant."
	}
	return ""
}

// refreshRejected reports whether a failed refresh request was refused
// because the refresh token is invalid, expired or revoked: §5.2's
// invalid_grant, or the invalid_token some servers answer instead (RFC
// 6750 §3.1).
func refreshRejected(err error) bool {
	var tokenErr *TokenError
	return errors.As(err, &tokenErr) && (tokenErr.Code == "invalid_grant" || tokenErr.Code == "invalid_token")
}

// useToken attaches the access token as a bearer token (RFC 6750 §2.1), or
// refuses a token of another type rather than sending it as one.
func (r *sendRun) useToken(req *http.Request, t *Token) error {
	i := r.rec.begin(Step{
		Title: "Use the token",
		Why: "The access token goes in the Authorization header with the Bearer scheme. Whoever holds " +
			"it can use it until it expires, so it is as secret as the password.",
		RFC: "RFC 6750 §2.1",
	})
	if err := r.checkTokenHost(t, "access token", req.URL.Host); err != nil {
		r.rec.fail(i, err, tokenHostHint)
		return err
	}
	if !t.IsBearer() {
		err := fmt.Errorf("token_type %q is not Bearer; keyway sends only bearer tokens (RFC 6750) and will not send this one", shortText(Printable(t.TokenType), 40))
		r.rec.fail(i, err, "The server issued a token type keyway does not implement: check whether it can issue Bearer tokens.")
		return err
	}
	credential, _ := r.profile.Credential(t.AccessToken)
	credential.put(req)
	r.rec.end(i, func(s *Step) {
		// The scheme is no secret, and a learner should see it: only the
		// token is masked, so the header reads "Bearer ••••••".
		s.Fields = []Field{{Label: "Authorization scheme", Value: "Bearer"}, {Label: "access token", Value: t.AccessToken, Secret: true}}
	})
	return nil
}

// whyTokenHosts and tokenHostHint explain a token refused to a host.
const (
	whyTokenHosts = "An issued token is as secret as the credentials that bought it: whoever holds it acts as " +
		"the user. It goes only to the hosts those credentials may go to (--allow-host, or the hosts a stored " +
		"secret is bound to)."
	tokenHostHint = "Nothing was sent. If the host is right, allow it as the message says; otherwise check the request's URL."
)

// tokenFields are what the token response said.
func tokenFields(cache *TokenCache, tr *tokenResponse) []Field {
	tokenType := tr.TokenType
	if tr.IsBearer() {
		tokenType += " (used as a Bearer token)"
	} else {
		tokenType += " (not Bearer: keyway will not send it)"
	}
	expiresIn := tr.ExpiresIn
	if expiresIn == "" {
		expiresIn = "(not sent)"
	}
	scope := tr.Scope
	if scope == "" {
		scope = "(not sent: as requested, RFC 6749 §5.1)"
	}
	refresh := "none"
	if tr.RefreshToken != "" {
		refresh = "present (used to refresh, RFC 6749 §6)"
	}
	fields := []Field{
		{Label: "token_type", Value: strings.TrimSpace(tokenType)},
		{Label: "expires_in", Value: shortText(Printable(expiresIn), 40)},
	}
	fields = append(fields, expiryFields(cache, &tr.Token)...)
	fields = append(fields,
		Field{Label: "scope", Value: scope},
		Field{Label: "access_token", Value: tr.AccessToken, Secret: true},
		Field{Label: "refresh_token", Value: refresh},
	)
	if tr.IDToken != "" {
		fields = append(fields, Field{Label: "id_token", Value: "present (OpenID Connect: checked in the next step)"})
	}
	for _, n := range tr.Notes {
		fields = append(fields, Field{Label: "note", Value: n})
	}
	return append(fields, jwtFields(tr.AccessToken)...)
}

// expiryFields say when a token expires.
func expiryFields(cache *TokenCache, t *Token) []Field {
	if t.Expiry.IsZero() {
		return []Field{{Label: "expires", Value: "unknown: kept until the API rejects it"}}
	}
	return []Field{{Label: "expires", At: t.Expiry, Value: fmt.Sprintf("%s (in %s)",
		t.Expiry.Format(time.RFC3339), t.Expiry.Sub(cache.now()).Round(time.Second))}}
}

func scopeText(scopes []string) string {
	if len(scopes) == 0 {
		return "(none requested: the server's default)"
	}
	return strings.Join(scopes, " ")
}
