package authflow

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestConcurrentSendsShareOneTokenRequest(t *testing.T) {
	release := make(chan struct{})
	a := newTokenAPI(t, nil)
	a.tokenResponse = func(n int) (int, string) {
		<-release // hold the first token request until every send waits for a token
		return bearerToken(fmt.Sprintf("tok-%d", n), "3600")(n)
	}
	c := NewClient()
	p := oauthProfile(a)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	flows := make([]*Flow, n)
	started := make(chan struct{}, n)
	for i := range n {
		wg.Go(func() {
			opts := SendOptions{Observe: func(_ int, s Step) {
				if s.Title == "Why this grant" && s.Status == StepDone {
					started <- struct{}{}
				}
			}}
			_, flows[i], errs[i] = c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, opts)
		})
	}
	for range n {
		<-started
	}
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if got := a.tokenCalls.Load(); got != 1 {
		t.Errorf("%d token requests, want 1", got)
	}
	for _, r := range a.got() {
		if r.URL == "/api" && r.Header.Get("Authorization") != "Bearer tok-1" {
			t.Errorf("API request with %q", r.Header.Get("Authorization"))
		}
	}
	// Every flow shows where its token came from.
	for _, f := range flows {
		titles := strings.Join(stepTitles(f), "|")
		if !strings.Contains(titles, "Request a token") && !strings.Contains(titles, "Wait for the token request in flight") &&
			!strings.Contains(titles, "Reuse the cached token") {
			t.Errorf("flow without a token step: %s", titles)
		}
	}
}

func TestTokenCacheReuseAndRefresh(t *testing.T) {
	a := newTokenAPI(t, nil)
	a.tokenResponse = func(n int) (int, string) {
		return 200, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-%d"}`, n, n)
	}
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	p.ClientID, p.ClientSecret = "cid", "csecret"

	sendOK := func() *Flow {
		t.Helper()
		_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
		if err != nil {
			t.Fatal(err)
		}
		return flow
	}
	sendOK()
	clock.Advance(45 * time.Second)
	flow := sendOK()
	if s := flow.Steps[1]; s.Title != "Reuse the cached token" || len(s.Fields) != 1 ||
		!strings.HasSuffix(s.Fields[0].Value, " (in 15s)") || s.Fields[0].At.IsZero() {
		t.Errorf("second send step = %q %+v", s.Title, s.Fields)
	}
	clock.Advance(6 * time.Second) // 9 s left: inside the 10 s skew
	flow = sendOK()
	refresh := stepTitled(t, flow, "Refresh the token")
	if refresh.RFC != "RFC 6749 §6" || refresh.Exchange == nil {
		t.Errorf("refresh step = %+v", refresh)
	}
	reqs := a.tokenRequests()
	if len(reqs) != 2 {
		t.Fatalf("%d token requests, want 2", len(reqs))
	}
	form, _ := url.ParseQuery(reqs[1].Body)
	if form.Get("grant_type") != "refresh_token" || form.Get("refresh_token") != "refresh-1" || form.Has("password") {
		t.Errorf("refresh request body = %q", reqs[1].Body)
	}
	if reqs[1].Header.Get("Authorization") == "" {
		t.Error("refresh request without client authentication")
	}
	if got := a.got()[len(a.got())-1].Header.Get("Authorization"); got != "Bearer tok-2" {
		t.Errorf("API request after refresh used %q", got)
	}
	// The cache holds what the server returned, never the password.
	cached := c.Tokens.peek(p.TokenCacheKey())
	if strings.Contains(fmt.Sprintf("%+v", *cached), p.Password) {
		t.Error("the cache holds the password")
	}
}

func TestRefreshFailureFallsBackToPasswordGrant(t *testing.T) {
	a := newTokenAPI(t, nil)
	a.tokenResponse = func(n int) (int, string) {
		if n == 2 {
			return 400, `{"error":"invalid_grant","error_description":"refresh token revoked"}`
		}
		return 200, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"Bearer","expires_in":60,"refresh_token":"r-%d"}`, n, n)
	}
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
	if err != nil {
		t.Fatal(err)
	}
	want := "Why this grant|Refresh the token|Read the token response|Request a token|Read the token response|Use the token|Send the request"
	if titles := strings.Join(stepTitles(flow), "|"); titles != want {
		t.Errorf("steps = %s\nwant    %s", titles, want)
	}
	if s := flow.Steps[2]; s.Status != StepFailed || !strings.Contains(s.Hint, "falls back to the password grant") {
		t.Errorf("failed refresh step = %+v", s)
	}
	if got := a.tokenCalls.Load(); got != 3 {
		t.Errorf("%d token requests, want 3", got)
	}
}

func TestInvalidTokenRetriesOnce(t *testing.T) {
	for _, tt := range []struct {
		name       string
		rejections int32
		wantStatus int
		wantTokens int32
	}{
		{"retry succeeds", 1, 200, 2},
		{"retry rejected too: no loop", 100, 401, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newTokenAPI(t, nil)
			a.tokenResponse = func(n int) (int, string) { return bearerToken(fmt.Sprintf("tok-%d", n), "3600")(n) }
			c := NewClient()
			p := oauthProfile(a)
			if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
				t.Fatal(err)
			}
			a.reject.Store(tt.rejections)
			resp, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := a.tokenCalls.Load(); got != tt.wantTokens {
				t.Errorf("%d token requests, want %d", got, tt.wantTokens)
			}
			titles := strings.Join(stepTitles(flow), "|")
			if !strings.HasPrefix(titles, "Why this grant|Reuse the cached token|") ||
				!strings.HasSuffix(titles, "|Use the token|Send the request|Drop the rejected token|Request a token|Read the token response|Use the token|Send the request again") {
				t.Errorf("steps = %s", titles)
			}
			apiCalls := 0
			for _, r := range a.got() {
				if r.URL == "/api" {
					apiCalls++
				}
			}
			if apiCalls != 3 {
				t.Errorf("%d API requests, want 3 (first send, rejected, one retry)", apiCalls)
			}
		})
	}
}

func TestFreshTokenBypassesCache(t *testing.T) {
	a := newTokenAPI(t, nil)
	a.tokenResponse = func(n int) (int, string) { return bearerToken(fmt.Sprintf("tok-%d", n), "3600")(n) }
	c := NewClient()
	p := oauthProfile(a)
	for range 2 {
		if _, _, err := c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{FreshToken: true}); err != nil {
			t.Fatal(err)
		}
	}
	if got := a.tokenCalls.Load(); got != 2 {
		t.Errorf("%d token requests, want 2", got)
	}
}

func TestTokenCacheKeyIgnoresPassword(t *testing.T) {
	p := &Profile{Name: "n", Type: TypeOAuth2Password, TokenURL: "https://a/t", Username: "u", Password: "hunter22"}
	if strings.Contains(p.TokenCacheKey(), "hunter22") {
		t.Error("cache key holds the password")
	}
	q := *p
	q.Username = "other"
	if p.TokenCacheKey() == q.TokenCacheKey() {
		t.Error("another user shares the cache key")
	}
}

func TestTokenCacheInvalidateAndForget(t *testing.T) {
	clock := newFakeClock()
	c := &TokenCache{Now: clock.Now}
	c.Put("k", &Token{AccessToken: "new", RefreshToken: "r", Expiry: clock.Now().Add(time.Minute)})
	c.Invalidate("k", "old") // a stale rejection must not drop a newer token
	if _, ok := c.Get("k"); !ok {
		t.Fatal("a newer token was invalidated")
	}
	c.Invalidate("k", "new")
	if _, ok := c.Get("k"); ok {
		t.Fatal("an invalidated token is still valid")
	}
	if old := c.peek("k"); old == nil || old.RefreshToken != "r" {
		t.Errorf("invalidation lost the refresh token: %+v", old)
	}
	c.Put("k2", &Token{AccessToken: "x"})
	if _, ok := c.Get("k2"); !ok {
		t.Error("a token of unknown lifetime is not kept")
	}
	c.Forget("k2")
	if _, ok := c.Get("k2"); ok {
		t.Error("Forget kept the token")
	}
	c.Forget("")
	if c.peek("k") != nil {
		t.Error("Forget(\"\") kept tokens")
	}
}

// TestShortLivedTokenIsReused: a token that lives 2 s serves three
// requests made within its first second. With a fixed 10 s early expiry it
// was expired on arrival: 1 password grant and 2 refreshes.
func TestShortLivedTokenIsReused(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		return 200, fmt.Sprintf(`{"access_token":"tok-%d","token_type":"Bearer","expires_in":2,"refresh_token":"refresh-%d"}`, n, n)
	})
	c := NewClient()
	clock := newFakeClock()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	for i := range 3 {
		if i > 0 {
			clock.Advance(500 * time.Millisecond)
		}
		if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(a.tokenRequests()); got != 1 {
		t.Errorf("%d token requests for 3 requests within a 2 s token's first second, want 1", got)
	}
	// Past three quarters of its life the token is renewed: the margin
	// still keeps it from expiring on its way to the API.
	clock.Advance(600 * time.Millisecond) // 1.6 s of 2 s
	if _, _, err := send(t, c, p, Request{URL: a.URL + "/api"}); err != nil {
		t.Fatal(err)
	}
	if got := len(a.tokenRequests()); got != 2 {
		t.Errorf("%d token requests after 1.6 s of a 2 s token, want 2 (a refresh)", got)
	}
}
