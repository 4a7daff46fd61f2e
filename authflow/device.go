package authflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// grantDeviceCode is the grant_type of a device token request (RFC 8628
// §3.4).
const grantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"

// slowDownStep is what slow_down adds to the interval (RFC 8628 §3.5).
const slowDownStep = 5 * time.Second

// deviceCodeGrant walks the device authorization grant (RFC 8628): ask for
// a device code, show the user code and where to enter it, then poll the
// token endpoint until the person has approved, refused, or the code
// expired. Each poll is a step, shown as it happens.
func (r *sendRun) deviceCodeGrant(ctx context.Context) (*Token, error) {
	r.rec.note(Step{
		Title: "Why this grant",
		Why: "The device authorization grant logs in a program that has no browser, or a device with no " +
			"keyboard: keyway asks for a short user code, you enter it on a page on any other device and sign " +
			"in there, and meanwhile keyway asks the token endpoint, every few seconds, whether you are done. " +
			"keyway never sees your password.",
		RFC: "RFC 8628 §1, §3",
	})
	da, err := r.deviceAuthorizationStep(ctx)
	if err != nil {
		return nil, err
	}
	r.userCodeStep(da)
	return r.pollDeviceToken(ctx, da)
}

// deviceAuthorizationStep asks the device authorization endpoint for the
// codes (RFC 8628 §3.1), reading the recorded answer itself
// (ParseDeviceAuthorization) to explain every case. keyway sends the
// request itself: x/oauth2's DeviceAuth builds it without the context, so
// it could be neither cancelled nor recorded.
func (r *sendRun) deviceAuthorizationStep(ctx context.Context) (*DeviceAuthorization, error) {
	p := r.profile
	i := r.rec.begin(Step{
		Title: "Ask for a device code",
		Why: "keyway POSTs its client_id and the scopes to the device authorization endpoint, which answers " +
			"with a device_code (keyway's, secret), a short user_code (yours, to type), the verification_uri " +
			"to type it at, how long both live and how often keyway may ask for the token.",
		RFC: "RFC 8628 §3.1, §3.2",
		Fields: []Field{
			{Label: "device authorization endpoint", Value: "POST " + p.DeviceAuthorizationURL},
			{Label: "client_id", Value: p.ClientID},
			{Label: "scope", Value: scopeText(p.Scopes)},
		},
	})
	// The client authenticates here as at the token endpoint (RFC 8628
	// §3.1): its credentials may go only where the profile's limits let
	// them, whether the collection or a discovery document named the
	// endpoint.
	if err := checkLimits(p.Name, "client credentials", hostOf(p.DeviceAuthorizationURL), p.TokenLimits); err != nil {
		r.rec.fail(i, err, tokenHostHint)
		return nil, err
	}
	form := url.Values{"client_id": {p.ClientID}}
	if len(p.Scopes) > 0 {
		form.Set("scope", strings.Join(p.Scopes, " "))
	}
	assertion, err := r.signAssertion(p.DeviceAuthorizationURL)
	if err != nil {
		return nil, err
	}
	ex, libErr := r.exchangeWith(ctx, assertion, func(ctx context.Context, _ *oauth2.Config, client *http.Client) error {
		return postForm(ctx, client, p.DeviceAuthorizationURL, form, r.deviceClientAuth(form))
	})
	if ex == nil || ex.Response == nil {
		libErr = exchangeError(ex, libErr)
		hint, err := describeTransportError(libErr, r.client.timeout(0), r.secrets())
		r.rec.fail(i, err, hint)
		if i != noStep {
			r.flow.Steps[i].Exchange = ex
		}
		return nil, err
	}
	resp := ex.Response
	da, err := ParseDeviceAuthorization(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
	if i != noStep {
		r.flow.Steps[i].Exchange = ex
	}
	if err != nil {
		hint := "Check device_authorization_url and client_id."
		var tokenErr *TokenError
		if errors.As(err, &tokenErr) && tokenErr.Code != "" {
			hint = "The server refused: " + tokenErr.Code + ". " + hint
		} else if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			r.hideUnreadable(i, resp.Header.Get("Content-Type"), resp.Body)
		}
		r.rec.fail(i, err, hint)
		return nil, err
	}
	r.flow.Secrets = append(r.flow.Secrets, da.DeviceCode)
	r.rec.end(i, func(s *Step) {
		s.Fields = append(s.Fields,
			Field{Label: "status", Value: resp.Status},
			Field{Label: "device_code", Value: da.DeviceCode, Secret: true},
			Field{Label: "expires_in", Value: da.ExpiresIn.String()},
			Field{Label: "interval", Value: da.Interval.String()},
		)
	})
	return da, nil
}

// userCodeStep shows the person what to do: the user code, large enough
// to read across a desk, the page to enter it at and, when the server gave
// one, a QR code of the page with the code filled in (as TVs show).
func (r *sendRun) userCodeStep(da *DeviceAuthorization) {
	fields := []Field{
		{Label: "user_code", Value: da.UserCode},
		{Label: "user code, large", Value: "\n" + BigText(da.UserCode)},
		{Label: "verification_uri", Value: da.VerificationURI},
	}
	if da.VerificationURIComplete != "" {
		fields = append(fields, Field{Label: "verification_uri_complete", Value: da.VerificationURIComplete})
		if qr, err := QRText(da.VerificationURIComplete); err == nil {
			fields = append(fields, Field{Label: "QR code of verification_uri_complete", Value: "\n" + qr})
		}
	}
	fields = append(fields, Field{Label: "expires", Value: "in " + da.ExpiresIn.String()})
	r.rec.note(Step{
		Title: "Enter the code " + da.UserCode + " at " + da.VerificationURI,
		Why: "On any device, open the verification URI, type the user code and sign in. The code is " +
			"short and made to be typed; check that the page asks for this code before approving — " +
			"someone who sends you a code is trying to get you to log them in.",
		RFC:    "RFC 8628 §3.3, §5.4",
		Fields: fields,
	})
}

// pollDeviceToken asks the token endpoint for the token every interval
// until it comes, the person refuses, or the code expires (RFC 8628 §3.4,
// §3.5). The first poll comes after one interval.
func (r *sendRun) pollDeviceToken(ctx context.Context, da *DeviceAuthorization) (*Token, error) {
	interval := da.Interval
	deadline := time.Now().Add(da.ExpiresIn)
	pending := pendingPolls{step: noStep}
	for n := 1; ; n++ {
		if err := r.opts.Interaction.wait(ctx, interval); err != nil {
			err = fmt.Errorf("stopped waiting for the device login: %w", err)
			r.rec.fail(r.rec.begin(Step{Title: "Wait for the login", Why: "keyway was waiting to poll again.", RFC: "RFC 8628 §3.5"}), err, "")
			return nil, err
		}
		if time.Now().After(deadline) {
			err := errors.New("the device code expired before the sign-in was finished (RFC 8628 §3.5 expired_token)")
			r.rec.fail(r.rec.begin(Step{Title: "Wait for the login", Why: "The codes live expires_in seconds.", RFC: "RFC 8628 §3.2"}), err, "Run the login again, and enter the new code sooner.")
			return nil, err
		}
		token, next, err := r.pollOnce(ctx, n, da, interval, &pending)
		if err != nil || token != nil {
			return token, err
		}
		interval = next
	}
}

// pendingPolls folds the polls answered authorization_pending in a row
// into one step, which counts them and holds the latest exchange: a minute
// of waiting would otherwise be a dozen identical steps. A poll with any
// other answer (a token, slow_down, an error) is a step of its own.
type pendingPolls struct {
	step  int  // the folded step, or noStep
	count int  // the polls in it
	done  Step // the folded step as it ended, to put back
}

// pollOnce sends poll n and reads its answer: a token, the interval to
// wait before the next poll, or why polling ends.
func (r *sendRun) pollOnce(ctx context.Context, n int, da *DeviceAuthorization, interval time.Duration, pending *pendingPolls) (*Token, time.Duration, error) {
	p := r.profile
	i := r.rec.restart(pending.step, Step{
		Title: fmt.Sprintf("Poll for the token (%d)", n),
		Why: "keyway POSTs the device_code to the token endpoint with grant_type " + grantDeviceCode + ". " +
			"Until you finish, the server answers authorization_pending (ask again after the interval) or " +
			"slow_down (ask 5 s less often from now on).",
		RFC: "RFC 8628 §3.4, §3.5",
		Fields: []Field{
			{Label: "token endpoint", Value: "POST " + p.TokenURL},
			{Label: "grant_type", Value: grantDeviceCode},
			{Label: "device_code", Value: da.DeviceCode, Secret: true},
			clientAuthField(p),
		},
	})
	assertion, err := r.signAssertion(p.TokenURL)
	if err != nil {
		return nil, 0, err
	}
	ex, libErr := r.exchangeWith(ctx, assertion, func(ctx context.Context, _ *oauth2.Config, client *http.Client) error {
		form := url.Values{"grant_type": {grantDeviceCode}, "device_code": {da.DeviceCode}}
		return postForm(ctx, client, p.TokenURL, form, r.deviceClientAuth(form))
	})
	if i != noStep {
		r.flow.Steps[i].Exchange = ex
	}
	// unfold gives a poll that did not answer authorization_pending a step
	// of its own, after the folded ones.
	unfold := func() {
		if pending.step == noStep || i != pending.step {
			return
		}
		this := r.flow.Steps[i]
		r.rec.put(i, pending.done)
		pending.step = noStep
		i = r.rec.begin(this)
	}
	if ex == nil || ex.Response == nil {
		unfold()
		libErr = exchangeError(ex, libErr)
		hint, err := describeTransportError(libErr, r.client.timeout(0), r.secrets())
		r.rec.fail(i, err, hint)
		return nil, 0, err
	}
	resp := ex.Response
	red := NewRedactor(r.secrets()...)
	cache := r.client.tokens()
	tr, err := parseTokenResponse(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body, cache.now(), red)
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || tokenErr.Code != "authorization_pending" {
		unfold()
	}
	if err == nil {
		tr.useJWTExpiry()
		r.flow.Secrets = append(r.flow.Secrets, tr.AccessToken, tr.RefreshToken, tr.IDToken)
		r.rec.end(i, func(s *Step) {
			s.Fields = append(s.Fields, Field{Label: "answer", Value: "a token: you approved the login"})
			s.Fields = append(s.Fields, tokenFields(cache, tr)...)
		})
		token := tr.Token
		if err := r.checkIDToken(&token, ""); err != nil {
			return nil, 0, err
		}
		return &token, 0, nil
	}
	if tokenErr == nil {
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
			r.hideUnreadable(i, resp.Header.Get("Content-Type"), resp.Body)
		}
		r.rec.fail(i, err, "Check that token_url is the token endpoint.")
		return nil, 0, err
	}
	switch tokenErr.Code {
	case "authorization_pending":
		pending.count++
		if pending.step == noStep {
			pending.count = 1
		}
		r.rec.end(i, func(s *Step) {
			if pending.count > 1 {
				s.Title = fmt.Sprintf("Polls %d-%d: pending", n-pending.count+1, n)
			}
			s.Fields = append(s.Fields, Field{Label: "answer", Value: "authorization_pending: you have not finished signing in yet; keyway asks again in " + interval.String()})
			if pending.count > 1 {
				s.Fields = append(s.Fields, Field{Label: "polls", Value: fmt.Sprintf("%d in a row answered authorization_pending; the bytes below are the latest", pending.count)})
			}
		})
		if i != noStep {
			pending.step, pending.done = i, r.flow.Steps[i]
		}
		return nil, interval, nil
	case "slow_down":
		next := interval + slowDownStep
		r.rec.end(i, func(s *Step) {
			s.Fields = append(s.Fields, Field{Label: "answer", Value: "slow_down: keyway polled too often; the interval grows by 5 s to " + next.String() + " for this and every later poll (RFC 8628 §3.5)"})
		})
		return nil, next, nil
	}
	tokenErr.Description = red.Redact(tokenErr.Description)
	var hint string
	switch tokenErr.Code {
	case "access_denied":
		err = fmt.Errorf("the login was refused on the verification page (access_denied, RFC 8628 §3.5): %w", tokenErr.withoutHint())
		hint = "Run the login again and approve it, if that was a mistake."
	case "expired_token":
		err = fmt.Errorf("the device code expired before the sign-in was finished (expired_token, RFC 8628 §3.5): %w", tokenErr.withoutHint())
		hint = "Run the login again, and enter the new code sooner."
	default:
		hint = tokenErrorHint(tokenErr, p, grantDeviceCode)
	}
	r.rec.fail(i, err, hint)
	return nil, 0, err
}

// deviceClientAuth adds the client's authentication to a request of the
// device grant, which keyway sends itself (x/oauth2's DeviceAuth builds
// its request without the context, and DeviceAccessToken polls inside
// itself on its own timer: each poll could be neither a step nor tested
// without sleeping). As for the other grants: HTTP Basic (the id and
// secret form-encoded first, RFC 6749 §2.3.1, or as they are), both in the
// form, or client_id alone — a public client, or private_key_jwt, whose
// assertion clientFormTransport adds. It sets form's client fields and
// returns what sets the header, if any.
func (r *sendRun) deviceClientAuth(form url.Values) func(*http.Request) {
	p := r.profile
	switch auth := p.EffectiveClientAuth(); {
	case p.ClientSecret != "" && (auth == ClientAuthBasic || auth == ClientAuthBasicUnencoded):
		id, secret := url.QueryEscape(p.ClientID), url.QueryEscape(p.ClientSecret)
		if auth == ClientAuthBasicUnencoded {
			id, secret = p.ClientID, p.ClientSecret
		}
		return func(req *http.Request) { req.SetBasicAuth(id, secret) }
	case auth == ClientAuthBody && p.ClientSecret != "":
		form.Set("client_id", p.ClientID)
		form.Set("client_secret", p.ClientSecret)
	default:
		form.Set("client_id", p.ClientID)
	}
	return nil
}

// postForm POSTs form to endpoint with client, reading the answer to its
// end so that the recording transport keeps it; setAuth, when set, adds
// client authentication.
func postForm(ctx context.Context, client *http.Client, endpoint string, form url.Values, setAuth func(*http.Request)) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if setAuth != nil {
		setAuth(req)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, RecordLimit+1))
	return resp.Body.Close()
}
