package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestKeychainSecretCommands runs `keyway secret set / list / rm` and a run
// that reads the secret against the real keychain of the session: only
// with KEYWAY_TEST_SECRET_SERVICE=1, which .ci/run sets inside a D-Bus
// session of its own with a throwaway gnome-keyring.
func TestKeychainSecretCommands(t *testing.T) {
	if os.Getenv("KEYWAY_TEST_SECRET_SERVICE") != "1" {
		t.Skip("set KEYWAY_TEST_SECRET_SERVICE=1 to use the session's real keychain (.ci/run does, with gnome-keyring)")
	}
	name := fmt.Sprintf("keyway-test-%d-cli", os.Getpid())
	t.Cleanup(func() { _ = keyring.Delete("keyway", name) })
	store := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv("KEYWAY_SECRETS_FILE", store)
	t.Setenv("KEYWAY_SECRETS_BACKEND", "auto")
	const canary = "cli-canary-keychain-secret-12"

	code, _, errOut := keyway(t, canary, "secret", "set", name, "--host", "127.0.0.1")
	if want := fmt.Sprintf("stored secret %q in the keychain, bound to 127.0.0.1\n", name); code != exitOK || errOut != want {
		t.Fatalf("set: exit %d, %q; want %q", code, errOut, want)
	}
	if code, out, _ := keyway(t, "", "secret", "list"); code != exitOK || strings.TrimSpace(out) != name+" (keychain; hosts: 127.0.0.1)" {
		t.Fatalf("list: exit %d, %q", code, out)
	}
	if b, err := os.ReadFile(store); err != nil || strings.Contains(string(b), canary) {
		t.Fatalf("the file holds the value (or cannot be read: %v):\n%s", err, b)
	}

	// A run reads the value from the keychain and sends exactly it.
	var got []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
	}))
	defer api.Close()
	path := writeFile(t, "kc.toml", `
[profile.token]
type = "bearer"
token = "{{secret:`+name+`}}"
[[request]]
name = "who"
url = "`+api.URL+`/who"
profile = "token"
`)
	code, out, errOut := keyway(t, "", "run", path)
	if code != exitOK || len(got) != 1 || got[0] != "Bearer "+canary {
		t.Fatalf("run: exit %d, server saw %q\n%s\n%s", code, got, out, errOut)
	}
	assertNoCanary(t, "output", out+errOut)

	if code, _, errOut := keyway(t, "", "secret", "rm", name); code != exitOK {
		t.Fatalf("rm: exit %d, %q", code, errOut)
	}
	if _, err := keyring.Get("keyway", name); err != keyring.ErrNotFound {
		t.Fatalf("keychain after rm: %v; want no item", err)
	}
}
