package authflow

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// An issued token goes only to the hosts its credentials may go to: the
// limits travel with the token through the cache, so a request to another
// host gets no token, fetched or cached, traced or not, and whatever the
// profile of the later send says.
func TestIssuedTokenStaysWithItsHosts(t *testing.T) {
	for _, untraced := range []bool{false, true} {
		name := "traced"
		if untraced {
			name = "untraced"
		}
		t.Run(name, func(t *testing.T) {
			a := newTokenAPI(t, func(n int) (int, string) {
				return 200, `{"access_token":"canary-access","token_type":"Bearer","expires_in":60,"refresh_token":"canary-refresh"}`
			})
			other := newRecordingServer(t, jsonHandler(200, `{}`))
			c := NewClient()
			p := oauthProfile(a)
			p.TokenLimits = []HostLimit{{Hosts: []string{hostOf(a.URL)}, Secret: "alice-pw"}}
			opts := SendOptions{Untraced: untraced}

			_, flow, err := c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, opts)
			if err != nil {
				t.Fatalf("allowed host: %v", err)
			}
			if len(flow.Token.Limits) != 1 || flow.Token.Limits[0].Secret != "alice-pw" {
				t.Errorf("token limits = %+v, want the profile's", flow.Token.Limits)
			}

			// The cached token, to another host: refused before sending.
			_, _, err = c.Send(context.Background(), p, Request{URL: other.URL + "/steal"}, opts)
			var he *TokenHostError
			if !errors.As(err, &he) || he.Host != hostOf(other.URL) || he.Token != "access token" {
				t.Fatalf("other host: error = %v, want a *TokenHostError for %s", err, hostOf(other.URL))
			}
			msg := err.Error()
			for _, want := range []string{`the access token of profile "o"`, "{{secret:alice-pw}}", "refusing to send it to " + hostOf(other.URL),
				"keyway secret set alice-pw --host " + hostOf(a.URL) + " --host " + hostOf(other.URL)} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, "canary") {
				t.Errorf("message leaks the token: %s", msg)
			}

			// A profile that sets no limits still cannot send a token
			// cached under them: the limits are the token's own.
			loose := *p
			loose.TokenLimits = nil
			if _, _, err := c.Send(context.Background(), &loose, Request{URL: other.URL + "/steal"}, opts); !errors.Is(err, ErrTokenHostNotAllowed) {
				t.Fatalf("cached token with a profile without limits: error = %v", err)
			}
			if got := other.got(); len(got) != 0 {
				t.Errorf("the other host received %d requests: %+v", len(got), got)
			}
			if got := len(a.tokenRequests()); got != 1 {
				t.Errorf("%d token requests, want 1", got)
			}
		})
	}
}

// A refresh token goes to the token endpoint only when its limits allow
// it, and a refreshed token keeps the limits of the one it replaces.
func TestRefreshKeepsTokenLimits(t *testing.T) {
	a := newTokenAPI(t, func(n int) (int, string) {
		return 200, `{"access_token":"canary-access-2","token_type":"Bearer","expires_in":60}`
	})
	other := newRecordingServer(t, jsonHandler(200, `{}`))
	clock := newFakeClock()
	c := NewClient()
	c.Tokens.Now = clock.Now
	p := oauthProfile(a)
	key := p.TokenCacheKey()
	expired := &Token{AccessToken: "canary-access-1", RefreshToken: "canary-refresh", Expiry: clock.Now().Add(-time.Minute)}

	// Limits that do not cover the token endpoint: no refresh is sent.
	stale := *expired
	stale.Limits = []HostLimit{{Hosts: []string{"id.example.com"}}}
	c.Tokens.Put(key, &stale)
	_, flow, err := send(t, c, p, Request{URL: a.URL + "/api"})
	var he *TokenHostError
	if !errors.As(err, &he) || he.Token != "refresh token" {
		t.Fatalf("refresh to a host outside the limits: error = %v", err)
	}
	if !strings.Contains(err.Error(), "--allow-host id.example.com") {
		t.Errorf("message %q does not name the allowed host", err)
	}
	if s := lastStep(flow); s.Status != StepFailed || s.Hint == "" {
		t.Errorf("last step %+v: want a failed step with a hint", s)
	}
	if got := len(a.got()); got != 0 {
		t.Fatalf("%d requests reached the token endpoint or the API, want none", got)
	}

	// Limits that cover it: refreshed, and the new token keeps them.
	kept := *expired
	kept.Limits = []HostLimit{{Hosts: []string{hostOf(a.URL)}, Secret: "client-secret"}}
	c.Tokens.Put(key, &kept)
	_, flow, err = send(t, c, p, Request{URL: a.URL + "/api"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.tokenRequests(); len(got) != 1 || !strings.Contains(got[0].Body, "grant_type=refresh_token") {
		t.Fatalf("token requests %+v, want one refresh", got)
	}
	if len(flow.Token.Limits) != 1 || flow.Token.Limits[0].Secret != "client-secret" {
		t.Errorf("refreshed token limits = %+v, want the old token's", flow.Token.Limits)
	}
	if _, _, err := send(t, c, p, Request{URL: other.URL + "/x"}); !errors.Is(err, ErrTokenHostNotAllowed) {
		t.Errorf("refreshed token to another host: error = %v", err)
	}
	if got := other.got(); len(got) != 0 {
		t.Errorf("the other host received %+v", got)
	}
}

// The retry after a 401 invalid_token checks the new token too.
func TestRetryChecksTokenHosts(t *testing.T) {
	a := newTokenAPI(t, bearerToken("canary-access", "3600"))
	a.reject.Store(1)
	c := NewClient()
	p := oauthProfile(a)
	p.TokenLimits = []HostLimit{{Hosts: []string{hostOf(a.URL)}}}
	resp, _, err := send(t, c, p, Request{URL: a.URL + "/api"})
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("retry to the allowed host: %v %v", resp, err)
	}
}

func TestDisplayHost(t *testing.T) {
	cases := map[string]string{
		"api.example.com":        "api.example.com",
		"127.0.0.1:8080":         "127.0.0.1:8080",
		"аpi.example.com":        "аpi.example.com (xn--pi-6kc.example.com)",
		"аpi.example.com:8443":   "аpi.example.com:8443 (xn--pi-6kc.example.com:8443)",
		"bücher.example":         "bücher.example (xn--bcher-kva.example)",
		"ａｐｉ.example.com":        "ａｐｉ.example.com (api.example.com)",
		"bad\u202eexample.com":   "bad\u202eexample.com (not a valid host name)",
		"[::1]:8080":             "[::1]:8080",
		"xn--pi-6kc.example.com": "xn--pi-6kc.example.com",
	}
	for host, want := range cases {
		if got := DisplayHost(host); got != want {
			t.Errorf("DisplayHost(%q) = %q, want %q", host, got, want)
		}
	}
}

// Hosts compare in the form they are sent as: a look-alike is not the
// host it imitates, and the Unicode and ASCII forms of one name match.
func TestHostAllowedComparesWireForms(t *testing.T) {
	cases := []struct {
		host     string
		patterns []string
		want     bool
	}{
		{"аpi.example.com", []string{"api.example.com"}, false},
		{"аpi.example.com", []string{"xn--pi-6kc.example.com"}, true},
		{"xn--pi-6kc.example.com", []string{"аpi.example.com"}, true},
		{"ａｐｉ.example.com", []string{"api.example.com"}, true},
		{"x.bücher.example:443", []string{"*.xn--bcher-kva.example"}, true},
		{"x.xn--bcher-kva.example", []string{"*.bücher.example"}, true},
	}
	for _, tc := range cases {
		if got := HostAllowed(tc.host, tc.patterns); got != tc.want {
			t.Errorf("HostAllowed(%q, %q) = %v, want %v", tc.host, tc.patterns, got, tc.want)
		}
	}
}
