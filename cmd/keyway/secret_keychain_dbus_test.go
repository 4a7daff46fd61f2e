//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretSetSaysNoKeychainAnswered: with no Secret Service to answer
// (the session bus address leads nowhere, as in a container), `keyway
// secret set` keeps the value in the owner-only file, says so once and
// why, and `secret list` says where it is.
func TestSecretSetSaysNoKeychainAnswered(t *testing.T) {
	if os.Getenv("KEYWAY_TEST_SECRET_SERVICE") == "1" {
		// The D-Bus library keeps the first session bus it reached for
		// the life of the process: here, the real one.
		t.Skip("this run has a real Secret Service")
	}
	store := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv("KEYWAY_SECRETS_FILE", store)
	t.Setenv("KEYWAY_SECRETS_BACKEND", "auto")
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	const canary = "cli-canary-fallback-secret-11"
	code, out, errOut := keyway(t, canary, "secret", "set", "api", "--host", "api.example.com")
	if code != exitOK {
		t.Fatalf("set: exit %d\n%s", code, errOut)
	}
	want := `); stored secret "api" in the owner-only file ` + store + `, bound to api.example.com`
	if !strings.HasPrefix(errOut, "no keychain answered (") || !strings.Contains(errOut, want) || strings.Count(errOut, "no keychain answered") != 1 {
		t.Fatalf("set said %q; want the fallback, once, ending %q", errOut, want)
	}
	assertNoCanary(t, "output", out+errOut)
	if code, out, _ := keyway(t, "", "secret", "list"); code != exitOK || strings.TrimSpace(out) != "api (file; hosts: api.example.com)" {
		t.Fatalf("list: exit %d, %q", code, out)
	}
}
