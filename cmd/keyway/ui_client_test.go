package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/store/tokens"
)

// TestUIClientDemoSessionOnly: the demo's client keeps logins out of the
// user's token store and, without a login, points at the Flow screen (the
// demo has no file `keyway login` could take); a collection file's client
// keeps the store and names `keyway login`.
func TestUIClientDemoSessionOnly(t *testing.T) {
	t.Setenv(tokens.EnvFile, filepath.Join(t.TempDir(), "tokens.toml"))
	p := &authflow.Profile{Name: "browser-login", Type: authflow.TypeOAuth2AuthorizationCode}

	demo := uiClient("", "", true)
	if demo.Store != nil {
		t.Fatal("the demo's client writes to the user's token store")
	}
	err := demo.CheckLogin(p)
	if err == nil || !strings.Contains(err.Error(), "walk the profile in Flow (f)") || strings.Contains(err.Error(), "keyway login") {
		t.Fatalf("demo: %v", err)
	}

	file := uiClient("api.toml", "", false)
	if file.Store == nil {
		t.Fatal("a collection file's client has no token store")
	}
	err = file.CheckLogin(p)
	if err == nil || !strings.Contains(err.Error(), "run: keyway login api.toml --profile browser-login") {
		t.Fatalf("file: %v", err)
	}
}
