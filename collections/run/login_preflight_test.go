package run

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
)

const interactiveTOML = `
name = "Interactive"
version = 1

[profile.browser]
type = "oauth2-authorization-code"
authorize_url = "{{base_url}}/authorize"
token_url = "{{base_url}}/token"
client_id = "keyway-cli"

[[request]]
name = "Health"
url = "{{base_url}}/health"

[[request]]
name = "Me"
url = "{{base_url}}/me"
profile = "browser"
`

// memoryTokens is an authflow.TokenStore in memory.
type memoryTokens map[string]authflow.Token

func (m memoryTokens) Load(key string) (*authflow.Token, error) {
	if t, ok := m[key]; ok {
		return &t, nil
	}
	return nil, nil
}
func (m memoryTokens) Save(key string, t *authflow.Token) error { m[key] = *t; return nil }
func (m memoryTokens) Delete(key string) error                  { delete(m, key); return nil }

// TestPreflightNeedsLogin: a run with a request whose profile needs an
// interactive login, and no kept token, sends nothing (not even the
// requests without that profile) and names keyway login; with a kept
// token it runs and sends it.
func TestPreflightNeedsLogin(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(r.Header.Get("Authorization")))
	})
	c := parse(t, interactiveTOML)
	opts := options(srv.URL)
	opts.Preflight = true
	store := memoryTokens{}
	opts.Client.Store = store
	opts.Client.LoginCommand = func(p string) string { return "keyway login test.toml --profile " + p }
	_, err := Run(context.Background(), c, opts)
	var pe *PreflightError
	if !errors.As(err, &pe) || !errors.Is(err, authflow.ErrLoginRequired) || !strings.Contains(err.Error(), "run: keyway login test.toml --profile browser") {
		t.Fatalf("Run = %v; want a preflight error naming keyway login", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests sent before the login", hits.Load())
	}

	profile, _, err := c.ResolveProfile("browser", &opts.Scope)
	if err != nil {
		t.Fatal(err)
	}
	store[profile.TokenCacheKey()] = authflow.Token{AccessToken: "kept-token", TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}
	var outcomes []Outcome
	opts.OnResult = func(_ int, o Outcome) { outcomes = append(outcomes, o) }
	rep := mustRun(t, context.Background(), c, opts)
	if rep.Summary.Failed != 0 || string(outcomes[1].Response.Body) != "Bearer kept-token" {
		t.Fatalf("with a kept token: %+v %q", rep.Summary, outcomes[1].Response.Body)
	}
}
