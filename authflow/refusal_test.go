package authflow

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
)

// refusingTokenAPI answers every token request with status and body.
func refusingTokenAPI(t *testing.T, status int, body string) *tokenAPI {
	return newTokenAPI(t, func(int) (int, string) { return status, body })
}

const invalidGrantBody = `{"error":"invalid_grant","error_description":"Invalid resource owner credentials"}`

// TestRefusedTokenRequestIsNotSentAgain: twenty sends, one after another
// and then eight at a time, for a profile whose password is refused: one
// token request reaches the server (before: 20, and 3 to 4 at a time), and
// every send fails with the first refusal, its hint included.
func TestRefusedTokenRequestIsNotSentAgain(t *testing.T) {
	for _, concurrency := range []int{1, 8} {
		a := refusingTokenAPI(t, 400, invalidGrantBody)
		c := NewClient()
		p := oauthProfile(a)
		errs := make([]error, 20)
		var wg sync.WaitGroup
		slots := make(chan struct{}, concurrency)
		for i := range errs {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				_, _, errs[i] = c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{Untraced: true})
			}()
		}
		wg.Wait()
		if got := len(a.tokenRequests()); got != 1 {
			t.Errorf("concurrency %d: %d token requests reached the server, want 1", concurrency, got)
		}
		if got := len(a.got()) - len(a.tokenRequests()); got != 0 {
			t.Errorf("concurrency %d: %d API requests sent", concurrency, got)
		}
		var refusedEarlier int
		for i, err := range errs {
			var tokenErr *TokenError
			if !errors.As(err, &tokenErr) || tokenErr.Code != "invalid_grant" || !strings.Contains(err.Error(), "Invalid resource owner credentials") {
				t.Fatalf("concurrency %d: send %d: err = %v, want the first refusal", concurrency, i, err)
			}
			if errors.As(err, new(*RefusedEarlierError)) {
				refusedEarlier++
			}
		}
		// Sends that joined the one token request in flight share its
		// error; the others were refused without sending.
		if refusedEarlier == 0 {
			t.Errorf("concurrency %d: no send was refused from memory", concurrency)
		}
	}
}

// TestRefusalIsForgottenWhenTheCredentialsChange: the refusal holds for
// the credentials refused; a new password (typed in the TUI, say) or
// another client_auth is sent, and Forget clears it.
func TestRefusalIsForgottenWhenTheCredentialsChange(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		if n == 1 {
			return 401, `{"error":"invalid_client"}`
		}
		return 400, invalidGrantBody
	})
	c := NewClient()
	p := oauthProfile(a)
	p.ClientID, p.ClientSecret = "cid", "csecret"
	sendN := func(n int) {
		t.Helper()
		for range n {
			if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err == nil {
				t.Fatal("send succeeded")
			}
		}
	}
	sendN(3)
	p.ClientAuth = ClientAuthBody // invalid_client: try the other client authentication
	sendN(3)
	p.Password = "another password"
	sendN(3)
	if got := len(a.tokenRequests()); got != 3 {
		t.Errorf("%d token requests, want 3: one per set of credentials", got)
	}
	c.Tokens.Forget(p.TokenCacheKey())
	sendN(1)
	if got := len(a.tokenRequests()); got != 4 {
		t.Errorf("%d token requests after Forget, want 4", got)
	}
	// The flow says why nothing was sent.
	_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
	s := lastStep(flow)
	if s.Title != "Token request not sent again" || s.Status != StepFailed || s.Exchange != nil {
		t.Errorf("last step = %+v", s)
	}
	if !strings.HasPrefix(err.Error(), "token request not sent again, these credentials were refused earlier: token endpoint answered 400: invalid_grant") {
		t.Errorf("err = %v", err)
	}
}

// TestRefusalFingerprintHoldsNoCredential: the cache keeps no credential
// in clear, nor a hash that could be checked against guesses without the
// cache's own random key.
func TestRefusalFingerprintHoldsNoCredential(t *testing.T) {
	p := &Profile{Type: TypeOAuth2Password, Password: "hunter2-password", ClientSecret: "client-secret-x"}
	a, b := &TokenCache{}, &TokenCache{}
	a.recordOutcome("k", p, &TokenError{StatusCode: 400, Code: "invalid_grant"})
	b.recordOutcome("k", p, &TokenError{StatusCode: 400, Code: "invalid_grant"})
	fa, fb := a.refusals["k"].fingerprint, b.refusals["k"].fingerprint
	if fa == fb {
		t.Error("two caches give the same fingerprint: it does not depend on a key of the cache's own")
	}
	for _, v := range []string{p.Password, p.ClientSecret} {
		if strings.Contains(fa, v) {
			t.Errorf("fingerprint holds %q", v)
		}
	}
}

// TestWhatCountsAsARefusal: a refusal of the request itself is
// remembered; a server failure, a rate limit or a "try again" is not.
func TestWhatCountsAsARefusal(t *testing.T) {
	tests := []struct {
		status int
		code   string
		want   bool
	}{
		{400, "invalid_grant", true},
		{401, "invalid_client", true},
		{400, "invalid_client", true},
		{400, "unauthorized_client", true},
		{400, "invalid_request", true}, // authlib's wrong password
		{400, "unsupported_grant_type", true},
		{400, "invalid_scope", true},
		{200, "invalid_grant", true}, // an error with a success status
		{401, "", true},              // client authentication refused, no §5.2 body
		{403, "", true},
		{400, "", true}, // {"message": "Invalid credentials"}, an HTML page
		{404, "", false},
		{405, "", false},
		{408, "", false},
		{302, "", false},
		{500, "server_error", false},
		{503, "temporarily_unavailable", false},
		{400, "temporarily_unavailable", false},
		{429, "slow_down", false},
		{429, "", false},
		{400, "authorization_pending", false}, // RFC 8628 §3.5: poll again
		{400, "slow_down", false},
	}
	for _, tt := range tests {
		_, got := refusedCredentials(&TokenError{StatusCode: tt.status, Code: tt.code})
		if got != tt.want {
			t.Errorf("%d %q: refusal = %v, want %v", tt.status, tt.code, got, tt.want)
		}
	}
	for _, err := range []error{errors.New("connection refused"), ErrTimeout, nil} {
		if _, got := refusedCredentials(err); got {
			t.Errorf("%v counted as a refusal", err)
		}
	}
}

// TestServerFailureIsNotRemembered: a 500 is not a refusal of the
// credentials, so the next send asks again.
func TestServerFailureIsNotRemembered(t *testing.T) {
	a := refusingTokenAPI(t, 500, `{"error":"server_error"}`)
	c := NewClient()
	p := oauthProfile(a)
	for range 3 {
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err == nil {
			t.Fatal("send succeeded")
		}
	}
	if got := len(a.tokenRequests()); got != 3 {
		t.Errorf("%d token requests, want 3", got)
	}
}
