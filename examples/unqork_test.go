package examples_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// fakeUnqork answers like Unqork's API as its reference describes it: a
// password grant with no client authentication, then bearer-protected
// module endpoints. It fails the test on any token request that is not
// exactly what Unqork documents.
func fakeUnqork(t *testing.T, password string, tokenRequests *atomic.Int32) http.Handler {
	const token = "unqork-access-token"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/1.0/oauth2/access_token", func(w http.ResponseWriter, r *http.Request) {
		tokenRequests.Add(1)
		if auth := r.Header.Get("Authorization"); auth != "" {
			t.Errorf("token request carries client authentication %q; Unqork's password grant has none", auth)
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("token request: %v", err)
		}
		want := map[string]string{"grant_type": "password", "username": "ada@example.com", "password": password}
		for name, value := range want {
			if got := r.PostForm.Get(name); got != value {
				t.Errorf("token request %s = %q, want %q", name, got, value)
			}
		}
		for _, absent := range []string{"client_id", "client_secret", "scope"} {
			if r.PostForm.Has(absent) {
				t.Errorf("token request sends %s", absent)
			}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": token, "token_type": "Bearer", "expires_in": 3600})
	})
	guard := func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+token {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			next(w, r)
		}
	}
	mux.HandleFunc("GET /api/1.0/modules", guard(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`[{"id":"m1","name":"intake","title":"Intake"},{"id":"m2","name":"review","title":"Review"}]`))
	}))
	mux.HandleFunc("GET /api/1.0/modules/{id}", guard(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"id": r.PathValue("id"), "title": "Module " + r.PathValue("id")})
	}))
	mux.HandleFunc("PUT /api/1.0/modules/{id}/execute", guard(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Save bool }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Save {
			t.Errorf("execute body: save=%v, %v", in.Save, err)
		}
		json.NewEncoder(w).Encode(map[string]string{"moduleId": r.PathValue("id")})
	}))
	return mux
}

// TestUnqorkTemplateRuns runs unqork.toml against a fake Unqork, the
// password answered at the prompt: one token request, no client
// authentication, every request passing, and the password nowhere in the
// report.
func TestUnqorkTemplateRuns(t *testing.T) {
	const password = "canary-Pa55word"
	var tokenRequests atomic.Int32
	srv := httptest.NewServer(fakeUnqork(t, password, &tokenRequests))
	defer srv.Close()

	c, err := collections.Load("unqork.toml")
	if err != nil {
		t.Fatalf("load:\n%v", err)
	}
	var (
		mu      sync.Mutex
		prompts []string
	)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := run.Run(ctx, c, run.Options{Scope: collections.Scope{
		Vars: map[string]string{"base": srv.URL, "username": "ada@example.com", "module_id": "m7"},
		Prompt: func(label string) (string, error) {
			mu.Lock()
			defer mu.Unlock()
			prompts = append(prompts, label)
			return password, nil
		},
	}})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	var out strings.Builder
	for _, r := range rep.Results {
		rep.WriteText(&out, r)
	}
	if rep.Summary.Failed != 0 || rep.Summary.Passed != len(c.Requests) {
		t.Fatalf("not every request passed:\n%s", out.String())
	}
	if n := tokenRequests.Load(); n != 1 {
		t.Errorf("%d token requests, want 1 (the token is cached)", n)
	}
	if len(prompts) == 0 || prompts[0] != "Unqork password" {
		t.Errorf("prompts %q, want the label \"Unqork password\"", prompts)
	}
	var js strings.Builder
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), password) || strings.Contains(out.String(), password) {
		t.Error("the report holds the password")
	}
}
