package secrets

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// realKeychain skips a test unless KEYWAY_TEST_SECRET_SERVICE=1: these
// tests write to the keychain of the session they run in. .ci/run runs
// them in a D-Bus session of their own with a throwaway gnome-keyring:
//
//	dbus-run-session -- sh -c 'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
//	    KEYWAY_TEST_SECRET_SERVICE=1 go test ./collections/store/secrets ./cmd/keyway -run Keychain'
//
// Run on a desktop, they add and remove items named keyway-test-* under
// the service "keyway".
func realKeychain(t *testing.T) string {
	t.Helper()
	if os.Getenv(envRealSecretService) != "1" {
		t.Skip("set " + envRealSecretService + "=1 to use the session's real keychain (.ci/run does, with gnome-keyring)")
	}
	name := fmt.Sprintf("keyway-test-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-"))
	t.Cleanup(func() { _ = keyring.Delete(KeychainService, name) })
	return name
}

// TestKeychainRealSecretService stores, reads, moves and removes a secret
// through the real Secret Service, and checks with libsecret's
// secret-tool, when installed, what the keychain holds.
func TestKeychainRealSecretService(t *testing.T) {
	name := realKeychain(t)
	const value = "canary-real-keychain-value"
	t.Setenv(EnvFile, filepath.Join(t.TempDir(), "secrets.toml"))
	t.Setenv(EnvBackend, "auto")

	// A secret the file held before moves to the keychain when set again.
	file, _ := Open(os.Getenv(EnvFile))
	if err := file.Set(name, "canary-old-file-value"); err != nil {
		t.Fatal(err)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBound(name, value, []string{"api.example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Fallback(); err != nil {
		t.Fatalf("the Secret Service did not take the secret: %v", err)
	}
	text := fileText(t, s)
	if strings.Contains(text, value) || strings.Contains(text, "canary-old-file-value") || !strings.Contains(text, "keychain = true") {
		t.Fatalf("file holds:\n%s", text)
	}
	fresh, _ := Open(s.Path())
	if v, err := fresh.Get(name); err != nil || v != value {
		t.Fatalf("Get from a fresh store = %q, %v", v, err)
	}
	if in, _ := fresh.InKeychain(name); !in {
		t.Fatal("not listed as in the keychain")
	}
	if got, _ := fresh.Hosts(name); !slices.Equal(got, []string{"api.example.com"}) {
		t.Fatalf("Hosts = %v", got)
	}

	if path, err := exec.LookPath("secret-tool"); err == nil {
		out, err := exec.Command(path, "lookup", "service", KeychainService, "username", name).Output()
		if err != nil || string(out) != value {
			t.Fatalf("secret-tool lookup = %q, %v; want the value", out, err)
		}
		out, _ = exec.Command(path, "search", "service", KeychainService, "username", name).CombinedOutput()
		if want := fmt.Sprintf("label = Password for '%s' on 'keyway'", name); !strings.Contains(string(out), want) {
			t.Fatalf("secret-tool search:\n%s\nwant %q", out, want)
		}
	} else {
		t.Log("secret-tool not installed: the item is checked through keyway only")
	}

	if err := fresh.Delete(name); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(KeychainService, name); err != keyring.ErrNotFound {
		t.Fatalf("keychain after Delete: %v; want no item", err)
	}
}
