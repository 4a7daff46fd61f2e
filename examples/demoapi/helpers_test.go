package demoapi

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newDemo returns a demo API on a fake clock with a fixed signing key.
func newDemo(t *testing.T) (http.Handler, *fakeClock) {
	t.Helper()
	clock := newFakeClock()
	return New(Options{TokenLifetime: time.Minute, Clock: clock.Now, SigningKey: []byte("test-key")}), clock
}

// answer is a recorded response with its body decoded when it is JSON.
type answer struct {
	Status int
	Header http.Header
	Body   string
	JSON   map[string]any
}

// serve sends r to h and records the answer.
func serve(t *testing.T, h http.Handler, r *http.Request) answer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	a := answer{Status: res.StatusCode, Header: res.Header, Body: string(body)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(body, &a.JSON); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v\n%s", r.Method, r.URL, err, body)
		}
	}
	return a
}

// get sends a GET with the given headers.
func get(t *testing.T, h http.Handler, target string, header ...string) answer {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return serve(t, h, r)
}

// tokenRequest builds a token request with form as its body. With basic
// set, the client authenticates as RFC 6749 §2.3.1 says: HTTP Basic over
// the form-urlencoded id and secret.
func tokenRequest(form url.Values, basic bool) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/oauth/token", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		r.SetBasicAuth(url.QueryEscape(ClientID), url.QueryEscape(ClientSecret))
	}
	return r
}

// passwordForm is a password-grant form for name, password and scope.
func passwordForm(name, password, scope string) url.Values {
	f := url.Values{"grant_type": {"password"}, "username": {name}, "password": {password}}
	if scope != "" {
		f.Set("scope", scope)
	}
	return f
}

// login gets an access token for name with scope, or fails the test.
func login(t *testing.T, h http.Handler, name, password, scope string) (access, refresh string) {
	t.Helper()
	a := serve(t, h, tokenRequest(passwordForm(name, password, scope), true))
	if a.Status != http.StatusOK {
		t.Fatalf("login %s: status %d: %s", name, a.Status, a.Body)
	}
	return a.JSON["access_token"].(string), a.JSON["refresh_token"].(string)
}

// bearer is the Authorization header value for token.
func bearer(token string) string { return "Bearer " + token }
