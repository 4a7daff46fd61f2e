package authflow

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// memoryStore is a TokenStore in memory.
type memoryStore struct {
	mu     sync.Mutex
	tokens map[string]Token
	saves  int
}

func (m *memoryStore) Load(key string) (*Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t, ok := m.tokens[key]; ok {
		return &t, nil
	}
	return nil, nil
}

func (m *memoryStore) Save(key string, t *Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tokens == nil {
		m.tokens = map[string]Token{}
	}
	m.tokens[key] = *t
	m.saves++
	return nil
}

func (m *memoryStore) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tokens, key)
	return nil
}

// TestInteractiveWithoutLogin: a send of an interactive profile with no
// kept token and nobody to log in sends nothing and names the command.
func TestInteractiveWithoutLogin(t *testing.T) {
	a := newAuthServer(t)
	c := NewClient()
	c.Store = &memoryStore{}
	c.LoginCommand = func(p string) string { return "keyway login api.toml --profile " + p }
	_, _, err := c.Send(context.Background(), a.profile(), Request{URL: a.URL + "/api"}, SendOptions{FreshToken: true})
	if !errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), "run: keyway login api.toml --profile browser") {
		t.Fatalf("err = %v; want a login required naming the command", err)
	}
	if got := a.got(); len(got) != 0 {
		t.Fatalf("sent %d requests without a login", len(got))
	}
	if err := c.CheckLogin(a.profile()); !errors.Is(err, ErrLoginRequired) {
		t.Fatalf("CheckLogin = %v", err)
	}
}

// TestLoginKeepsTokenForLaterSends: Login keeps the token in the store; a
// new client (a later run) uses it without a browser; once expired it is
// refreshed, and the rotated refresh token is saved back.
func TestLoginKeepsTokenForLaterSends(t *testing.T) {
	a := newAuthServer(t)
	store := &memoryStore{}
	p := a.profile()
	p.TokenLimits = []HostLimit{{Hosts: []string{"127.0.0.1"}}}
	login := NewClient()
	login.Store = store
	if _, err := login.Login(context.Background(), p, SendOptions{Interaction: &Interaction{OpenBrowser: followBrowser(t)}}); err != nil {
		t.Fatal(err)
	}
	kept, _ := store.Load(p.TokenCacheKey())
	if kept == nil || kept.AccessToken != "at-browser" || kept.RefreshToken != "rt-1" || len(kept.Limits) != 1 {
		t.Fatalf("kept %+v", kept)
	}

	later := NewClient()
	later.Store = store
	if err := later.CheckLogin(p); err != nil {
		t.Fatalf("CheckLogin after login: %v", err)
	}
	resp, _, err := later.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{Untraced: true})
	if err != nil || !strings.Contains(string(resp.Body), "Bearer at-browser") {
		t.Fatalf("later send: %v %s", err, resp.Body)
	}

	// Expired: refreshed with rotation.
	kept.Expiry = time.Now().Add(-time.Minute)
	store.Save(p.TokenCacheKey(), kept)
	refreshing := newTokenAPI(t, func(int) (int, string) {
		return 200, `{"access_token":"at-2","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2"}`
	})
	p.TokenURL = refreshing.URL + "/token"
	p.TokenLimits = nil
	rotated := *kept
	store.Save(p.TokenCacheKey(), &rotated)
	third := NewClient()
	third.Store = store
	resp, flow, err := third.Send(context.Background(), p, Request{URL: refreshing.URL + "/api"}, SendOptions{})
	if err != nil || !strings.Contains(string(resp.Body), "Bearer at-2") {
		t.Fatalf("send after expiry: %v\n%s", err, flowText(flow))
	}
	form, _ := url.ParseQuery(refreshing.tokenRequests()[0].Body)
	if form.Get("grant_type") != "refresh_token" || form.Get("refresh_token") != "rt-1" {
		t.Fatalf("refresh request %v", form)
	}
	saved, _ := store.Load(p.TokenCacheKey())
	if saved.AccessToken != "at-2" || saved.RefreshToken != "rt-2" || saved.IDToken != kept.IDToken {
		t.Fatalf("after refresh the store holds %+v; want the rotated refresh token", saved)
	}
}

// TestRefusedRefreshAsksForLogin: a refresh token the server refuses
// makes the send a login required, not a password grant; the kept token,
// echoed by the server, is masked in the error.
func TestRefusedRefreshAsksForLogin(t *testing.T) {
	api := newTokenAPI(t, func(int) (int, string) {
		return 400, `{"error":"invalid_grant","error_description":"refresh token rt-old-2f9c is revoked"}`
	})
	p := &Profile{Name: "browser", Type: TypeOAuth2AuthorizationCode, AuthorizeURL: api.URL + "/authorize",
		TokenURL: api.URL + "/token", ClientID: "cli"}
	store := &memoryStore{}
	store.Save(p.TokenCacheKey(), &Token{AccessToken: "old", RefreshToken: "rt-old-2f9c", Expiry: time.Now().Add(-time.Hour)})
	c := NewClient()
	c.Store = store
	_, _, err := c.Send(context.Background(), p, Request{URL: api.URL + "/api"}, SendOptions{})
	if !errors.Is(err, ErrLoginRequired) || !strings.Contains(err.Error(), "refused its refresh token") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "rt-old-2f9c") {
		t.Fatalf("the error shows the refresh token the server echoed: %v", err)
	}
	if n := len(api.tokenRequests()); n != 1 {
		t.Fatalf("%d token requests; want the one refresh", n)
	}
}

// TestDiscoveredLoginIsFoundAgain: a login whose endpoints come from the
// issuer's metadata is kept under the profile as configured, so that a
// later check before sending (which discovers nothing) and a later send
// find it.
func TestDiscoveredLoginIsFoundAgain(t *testing.T) {
	a := newAuthServer(t)
	p := &Profile{Name: "found", Type: TypeOAuth2AuthorizationCode, Issuer: a.URL, ClientID: "keyway-cli"}
	store := &memoryStore{}
	c := NewClient()
	c.Store = store
	if flow, err := c.Login(context.Background(), p, SendOptions{Interaction: &Interaction{OpenBrowser: followBrowser(t)}}); err != nil {
		t.Fatalf("Login: %v\n%s", err, flowText(flow))
	}
	later := NewClient()
	later.Store = store
	if err := later.CheckLogin(p); err != nil {
		t.Fatalf("CheckLogin after a discovered login: %v", err)
	}
	resp, _, err := later.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{})
	if err != nil || !strings.Contains(string(resp.Body), "Bearer at-browser") {
		t.Fatalf("send after a discovered login: %v", err)
	}
}

// TestExpiredTokenRereadsTheStore: a token this process holds that has
// expired is not refreshed when another process already refreshed it
// (the store holds a valid one): with rotation, the refresh token held
// here is spent.
func TestExpiredTokenRereadsTheStore(t *testing.T) {
	api := newTokenAPI(t, func(int) (int, string) { return 400, `{"error":"invalid_grant"}` })
	p := &Profile{Name: "browser", Type: TypeOAuth2AuthorizationCode, AuthorizeURL: api.URL + "/authorize",
		TokenURL: api.URL + "/token", ClientID: "cli"}
	store := &memoryStore{}
	c := NewClient()
	c.Store = store
	c.Tokens.Put(p.TokenCacheKey(), &Token{AccessToken: "old", RefreshToken: "rt-spent", Expiry: time.Now().Add(-time.Minute)})
	store.Save(p.TokenCacheKey(), &Token{AccessToken: "new-elsewhere", RefreshToken: "rt-new", Expiry: time.Now().Add(time.Hour)})
	resp, _, err := c.Send(context.Background(), p, Request{URL: api.URL + "/api"}, SendOptions{})
	if err != nil || !strings.Contains(string(resp.Body), "Bearer new-elsewhere") {
		t.Fatalf("send: %v", err)
	}
	if n := len(api.tokenRequests()); n != 0 {
		t.Fatalf("%d token requests; want none: the store had a valid token", n)
	}
}
