package demoapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMe(t *testing.T) {
	h, clock := newDemo(t)
	access, _ := login(t, h, Username, Password, "read")
	a := get(t, h, "/me", "Authorization", bearer(access))
	if a.Status != http.StatusOK || a.JSON["id"] != "u1" || a.JSON["name"] != Username ||
		a.JSON["token_scope"] != "read" || a.JSON["client_id"] != ClientID {
		t.Fatalf("/me: %d %s", a.Status, a.Body)
	}

	clock.Advance(time.Minute)
	a = get(t, h, "/me", "Authorization", bearer(access))
	const expired = `Bearer realm="keyway demo", error="invalid_token", error_description="The access token expired"`
	if a.Status != http.StatusUnauthorized || a.Header.Get("WWW-Authenticate") != expired || a.JSON["error"] != "invalid_token" {
		t.Fatalf("/me with an expired token: %d %q %s", a.Status, a.Header.Get("WWW-Authenticate"), a.Body)
	}
}

func TestTokenGuard(t *testing.T) {
	h, _ := newDemo(t)
	tests := []struct {
		name          string
		authorization string
		status        int
		challenge     string
	}{
		{"no token", "", 401, `Bearer realm="keyway demo"`},
		{"the static token is no access token", bearer(BearerToken), 401,
			`Bearer realm="keyway demo", error="invalid_token", error_description="The access token is not a well-formed JWT"`},
		{"forged token", bearer(signToken([]byte("guess"), validClaims(time.Now()))), 401,
			`Bearer realm="keyway demo", error="invalid_token", error_description="The access token signature is invalid"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := get(t, h, "/me", "Authorization", tt.authorization)
			if a.Status != tt.status || a.Header.Get("WWW-Authenticate") != tt.challenge {
				t.Fatalf("status %d, WWW-Authenticate %q; want %d %q", a.Status, a.Header.Get("WWW-Authenticate"), tt.status, tt.challenge)
			}
		})
	}
}

func TestInsufficientScope(t *testing.T) {
	h, _ := newDemo(t)
	readOnly, _ := login(t, h, Username, Password, "read")
	const challenge = `Bearer realm="keyway demo", error="insufficient_scope", error_description="The access token lacks the scope write", scope="write"`
	for _, r := range []*http.Request{
		jsonRequest(http.MethodPost, "/notes", `{"title":"t"}`),
		httptest.NewRequest(http.MethodDelete, "/admin/notes/n1", nil),
		httptest.NewRequest(http.MethodPost, "/admin/reset", nil),
	} {
		r.Header.Set("Authorization", bearer(readOnly))
		a := serve(t, h, r)
		if a.Status != http.StatusForbidden || a.Header.Get("WWW-Authenticate") != challenge || a.JSON["error"] != "insufficient_scope" {
			t.Errorf("%s %s: %d %q %s", r.Method, r.URL, a.Status, a.Header.Get("WWW-Authenticate"), a.Body)
		}
	}
}

func jsonRequest(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestNotesCaptureChain(t *testing.T) {
	h, _ := newDemo(t)
	access, _ := login(t, h, Username, Password, "read write")
	auth := func(r *http.Request) *http.Request { r.Header.Set("Authorization", bearer(access)); return r }

	a := serve(t, h, auth(jsonRequest(http.MethodPost, "/notes", `{"title":"groceries","body":"tea"}`)))
	if a.Status != http.StatusCreated || a.JSON["id"] != "n1" || a.Header.Get("Location") != "/notes/n1" ||
		a.JSON["owner"] != Username || a.JSON["created"] != "2026-01-02T03:04:05Z" {
		t.Fatalf("create: %d %v %s", a.Status, a.Header, a.Body)
	}
	a = get(t, h, "/notes/n1", "Authorization", bearer(access))
	if a.Status != http.StatusOK || a.JSON["title"] != "groceries" || a.JSON["body"] != "tea" {
		t.Fatalf("get: %d %s", a.Status, a.Body)
	}
	serve(t, h, auth(jsonRequest(http.MethodPost, "/notes", `{"title":"second"}`)))
	a = get(t, h, "/notes", "Authorization", bearer(access))
	if a.JSON["count"] != 2.0 || !strings.Contains(a.Body, `"id": "n1"`) {
		t.Fatalf("list: %s", a.Body)
	}
	if a := serve(t, h, auth(httptest.NewRequest(http.MethodDelete, "/admin/notes/n1", nil))); a.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	if a := get(t, h, "/notes/n1", "Authorization", bearer(access)); a.Status != http.StatusNotFound {
		t.Fatalf("get after delete: %d %s", a.Status, a.Body)
	}
	if a := serve(t, h, auth(httptest.NewRequest(http.MethodDelete, "/admin/notes/n1", nil))); a.Status != http.StatusNotFound {
		t.Fatalf("delete twice: %d %s", a.Status, a.Body)
	}
	if a := serve(t, h, auth(httptest.NewRequest(http.MethodPost, "/admin/reset", nil))); a.Status != http.StatusNoContent {
		t.Fatalf("reset: %d", a.Status)
	}
	if a := get(t, h, "/notes", "Authorization", bearer(access)); a.JSON["count"] != 0.0 {
		t.Fatalf("list after reset: %s", a.Body)
	}
}

func TestCreateNoteRejects(t *testing.T) {
	h, _ := newDemo(t)
	access, _ := login(t, h, Username, Password, "write")
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		says        string
	}{
		{"form body", "application/x-www-form-urlencoded", "title=x", 415, "Content-Type: application/json"},
		{"empty", "application/json", "", 400, "empty"},
		{"broken JSON", "application/json", `{"title":`, 400, "not a note"},
		{"syntax error", "application/json", `{"title" "x"}`, 400, "invalid JSON at byte"},
		{"wrong type", "application/json", `{"title":7}`, 400, `"title" must be a string`},
		{"unknown field", "application/json", `{"title":"x","tags":[]}`, 400, `unknown field "tags"`},
		{"no title", "application/json", `{"body":"x"}`, 400, "non-empty"},
		{"two values", "application/json", `{"title":"x"}{"title":"y"}`, 400, "more than one"},
		{"too large", "application/json", `{"title":"` + strings.Repeat("x", maxNoteBytes) + `"}`, 400, "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/notes", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.contentType)
			r.Header.Set("Authorization", bearer(access))
			a := serve(t, h, r)
			if a.Status != tt.status || !strings.Contains(a.JSON["error_description"].(string), tt.says) {
				t.Fatalf("%d %s; want %d saying %q", a.Status, a.Body, tt.status, tt.says)
			}
		})
	}
}

func TestUsers(t *testing.T) {
	h, _ := newDemo(t)
	access, _ := login(t, h, ReadOnlyUsername, ReadOnlyPassword, "")
	if a := get(t, h, "/users/u1", "Authorization", bearer(access)); a.Status != http.StatusOK || a.JSON["name"] != Username {
		t.Fatalf("/users/u1: %d %s", a.Status, a.Body)
	}
	if a := get(t, h, "/users/u2", "Authorization", bearer(access)); a.JSON["name"] != ReadOnlyUsername {
		t.Fatalf("/users/u2: %s", a.Body)
	}
	if a := get(t, h, "/users/u9", "Authorization", bearer(access)); a.Status != http.StatusNotFound || a.JSON["error"] != "not_found" {
		t.Fatalf("/users/u9: %d %s", a.Status, a.Body)
	}
}

func TestConcurrentUse(t *testing.T) {
	h, _ := newDemo(t)
	const workers = 8
	ids := make(chan string, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			access, refresh := loginQuiet(h)
			r := jsonRequest(http.MethodPost, "/notes", fmt.Sprintf(`{"title":"note %d"}`, i))
			r.Header.Set("Authorization", bearer(access))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			ids <- rec.Header().Get("Location")
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, tokenRequest(refreshForm(refresh, ""), true))
			if rec.Code != http.StatusOK {
				ids <- "refresh failed"
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if id == "" || seen[id] || !strings.HasPrefix(id, "/notes/n") {
			t.Fatalf("note location %q missing, repeated or a failure", id)
		}
		seen[id] = true
	}
	if len(seen) != workers {
		t.Fatalf("%d notes, want %d", len(seen), workers)
	}
}

// loginQuiet is login for goroutines, where t.Fatal must not be called.
func loginQuiet(h http.Handler) (access, refresh string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, tokenRequest(passwordForm(Username, Password, "read write"), true))
	body := rec.Body.String()
	return jsonField(body, "access_token"), jsonField(body, "refresh_token")
}

// jsonField returns a string field of the indented JSON the demo writes.
func jsonField(body, name string) string {
	_, rest, _ := strings.Cut(body, `"`+name+`": "`)
	value, _, _ := strings.Cut(rest, `"`)
	return value
}
