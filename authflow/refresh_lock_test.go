package authflow

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockingStore is a memoryStore whose refresh lock is a mutex; the
// processes of the test are clients with caches of their own.
type lockingStore struct {
	memoryStore
	lock     sync.Mutex
	attempts chan struct{}
}

func (s *lockingStore) LockRefresh() (func(), error) {
	s.attempts <- struct{}{}
	s.lock.Lock()
	return s.lock.Unlock, nil
}

// TestConcurrentRefreshKeepsTheRotatedToken: two processes find the kept
// token expired at once, against a server that rotates refresh tokens and
// refuses (and revokes the grant on) a reused one, as RFC 9700 §4.14.2
// suggests. The second waits for the first's refresh, reads the store
// again and uses the token it saved: one refresh reaches the server, and
// neither process is logged out.
func TestConcurrentRefreshKeepsTheRotatedToken(t *testing.T) {
	var mu sync.Mutex
	spent := map[string]bool{}
	second := make(chan struct{}, 4)
	firstHeld := make(chan struct{})
	var once sync.Once
	api := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/token" {
			io.WriteString(w, `{"auth":"`+r.Header.Get("Authorization")+`"}`)
			return
		}
		_ = r.ParseForm()
		rt := r.PostForm.Get("refresh_token")
		w.Header().Set("Content-Type", "application/json")
		first := false
		once.Do(func() { first = true })
		if first {
			close(firstHeld)
			// Answer the first refresh only once the other process is
			// under way: waiting for the lock, or refreshing as well.
			<-second
		} else {
			// Without the lock: the other process's refresh lets the
			// first go, so that the test reports rather than hangs.
			second <- struct{}{}
		}
		mu.Lock()
		reused := spent[rt]
		spent[rt] = true
		mu.Unlock()
		if reused || rt != "rt-1" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant","error_description":"refresh token reused"}`)
			return
		}
		io.WriteString(w, `{"access_token":"at-2","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2"}`)
	})
	p := &Profile{Name: "browser", Type: TypeOAuth2AuthorizationCode, AuthorizeURL: api.URL + "/authorize",
		TokenURL: api.URL + "/token", ClientID: "cli"}
	store := &lockingStore{attempts: make(chan struct{}, 4)}
	store.Save(p.TokenCacheKey(), &Token{AccessToken: "at-1", TokenType: "Bearer", RefreshToken: "rt-1", Expiry: time.Now().Add(-time.Minute)})
	go func() {
		// The first lock attempt is the first process's; the second
		// process's attempt lets the server answer.
		<-store.attempts
		<-store.attempts
		second <- struct{}{}
	}()
	send := func() (string, error) {
		c := NewClient()
		c.Store = store
		resp, _, err := c.Send(context.Background(), p, Request{URL: api.URL + "/api"}, SendOptions{Untraced: true})
		if err != nil {
			return "", err
		}
		return string(resp.Body), nil
	}
	type result struct {
		body string
		err  error
	}
	results := make(chan result, 2)
	go func() { b, err := send(); results <- result{b, err} }()
	<-firstHeld
	go func() { b, err := send(); results <- result{b, err} }()
	for range 2 {
		r := <-results
		if r.err != nil || !strings.Contains(r.body, "Bearer at-2") {
			t.Errorf("a process got %q, %v; want the rotated token at-2", r.body, r.err)
		}
	}
	refreshes := 0
	for _, r := range api.got() {
		if r.URL == "/token" {
			refreshes++
		}
	}
	if refreshes != 1 {
		t.Errorf("%d refreshes reached the server; want 1", refreshes)
	}
	if kept, _ := store.Load(p.TokenCacheKey()); kept == nil || kept.RefreshToken != "rt-2" {
		t.Errorf("the store keeps %+v; want the rotated refresh token rt-2", kept)
	}
}
