package authflow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// blockedTokenAPI is a token endpoint that signals each token request on
// arrived and answers only when release is closed.
func blockedTokenAPI(t *testing.T) (a *tokenAPI, arrived chan struct{}, release chan struct{}) {
	arrived, release = make(chan struct{}, 4), make(chan struct{})
	a = newTokenAPI(t, func(n int) (int, string) {
		arrived <- struct{}{}
		<-release
		return 200, fmt.Sprintf(`{"access_token":"shared-tok-%d","token_type":"Bearer","expires_in":600}`, n)
	})
	return a, arrived, release
}

// TestCancelledLeaderDoesNotCancelTheTokenFetch: the send that started a
// token request is cancelled; the token request goes on and its token
// serves the next send, with no second token request.
func TestCancelledLeaderDoesNotCancelTheTokenFetch(t *testing.T) {
	a, arrived, release := blockedTokenAPI(t)
	c := NewClient()
	p := oauthProfile(a)
	ctx, cancel := context.WithCancel(context.Background())
	leaderDone := make(chan error, 1)
	go func() {
		_, _, err := c.Send(ctx, p, Request{URL: a.URL + "/api"}, SendOptions{})
		leaderDone <- err
	}()
	<-arrived
	cancel()
	if err := <-leaderDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader err = %v, want context.Canceled", err)
	}
	close(release)
	resp, _, err := send(t, c, p, Request{URL: a.URL + "/api"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.tokenCalls.Load(); got != 1 {
		t.Errorf("%d token requests, want 1: the cancelled send's fetch should have served this one", got)
	}
	if !strings.Contains(string(resp.Body), "shared-tok-1") {
		t.Errorf("API saw %s", resp.Body)
	}
}

// TestCancelledWaiterStopsWaiting: a send waiting for another's token
// request stops when its own ctx is cancelled; the leader is unaffected.
func TestCancelledWaiterStopsWaiting(t *testing.T) {
	a, arrived, release := blockedTokenAPI(t)
	c := NewClient()
	p := oauthProfile(a)
	leaderDone := make(chan error, 1)
	go func() {
		_, _, err := c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{})
		leaderDone <- err
	}()
	<-arrived
	// The token request is in flight and cannot finish before release:
	// this send joins it, and its ctx is already cancelled.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, flow, err := c.Send(ctx, p, Request{URL: a.URL + "/api"}, SendOptions{})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "waiting for the token request") {
		t.Errorf("waiter err = %v", err)
	}
	if s := lastStep(flow); s.Title != "Wait for the token request in flight" || s.Status != StepFailed {
		t.Errorf("waiter's last step = %+v", s)
	}
	close(release)
	if err := <-leaderDone; err != nil {
		t.Errorf("leader err = %v", err)
	}
	if got := a.tokenCalls.Load(); got != 1 {
		t.Errorf("%d token requests, want 1", got)
	}
}

// TestLeaderObservesTheSharedFetchSteps: the steps of the token request a
// send leads reach its observer live and at the indexes they keep in its
// flow.
func TestLeaderObservesTheSharedFetchSteps(t *testing.T) {
	a := newTokenAPI(t, bearerToken("obs-token", "60"))
	seen := map[int]string{}
	_, flow, err := NewClient().Send(context.Background(), oauthProfile(a), Request{URL: a.URL + "/api"},
		SendOptions{Observe: func(i int, s Step) { seen[i] = s.Title }})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range flow.Steps {
		if seen[i] != s.Title {
			t.Errorf("step %d: observed %q, flow has %q", i, seen[i], s.Title)
		}
	}
	if len(seen) != len(flow.Steps) {
		t.Errorf("observed %d steps, flow has %d", len(seen), len(flow.Steps))
	}
}

// TestRefreshFailureFallsBackOnlyWhenTheRefreshTokenIsRefused: after a
// refresh refused for another reason than the refresh token (a server
// error, a refused client), the password is not sent.
func TestRefreshFailureFallsBackOnlyWhenTheRefreshTokenIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		fallback bool
	}{
		{"invalid_grant", 400, `{"error":"invalid_grant"}`, true},
		{"invalid_client", 401, `{"error":"invalid_client"}`, false},
		{"server error", 500, `{"error":"server_error"}`, false},
		{"not a token response", 502, `<html>bad gateway</html>`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTokenAPI(t, nil)
			a.tokenResponse = func(n int) (int, string) {
				if n == 2 {
					return tc.status, tc.body
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
			reqs := a.tokenRequests()
			if tc.fallback {
				if err != nil || len(reqs) != 3 || !strings.Contains(reqs[2].Body, "grant_type=password") {
					t.Fatalf("err %v, %d token requests; want the password grant after the refresh", err, len(reqs))
				}
				return
			}
			if err == nil || len(reqs) != 2 {
				t.Fatalf("err %v, %d token requests; want the refresh's error and no password grant", err, len(reqs))
			}
			for _, s := range flow.Steps {
				if strings.Contains(s.Hint, "falls back") {
					t.Errorf("step %q promises a fallback: %s", s.Title, s.Hint)
				}
			}
		})
	}
}
