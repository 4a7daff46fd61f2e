package secrets

import (
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// envRealSecretService runs the tests of the real Secret Service
// (keychain_real_test.go) instead of go-keyring's mock; .ci/run sets it
// inside a D-Bus session of its own with gnome-keyring.
const envRealSecretService = "KEYWAY_TEST_SECRET_SERVICE"

// envRealProvider is set for child processes that must use the real
// go-keyring provider with a D-Bus address that leads nowhere (or to a
// silent test listener): they show what keyway does when no keychain
// answers, and cannot reach the user's keychain.
const envRealProvider = "KEYWAY_TEST_REAL_KEYRING_PROVIDER"

// TestMain keeps every test away from the user's own keychain: unless told
// to use a real Secret Service, go-keyring talks to its in-memory mock.
// The backend and store variables of the user running the tests are
// cleared, so that the tests choose their own.
func TestMain(m *testing.M) {
	if os.Getenv(envRealSecretService) != "1" && os.Getenv(envRealProvider) != "1" {
		keyring.MockInit()
	}
	if os.Getenv(envRealProvider) != "1" {
		os.Unsetenv(EnvBackend)
		os.Unsetenv(EnvFile)
	}
	os.Exit(m.Run())
}

// mockedKeychain skips a test that needs go-keyring's mock when the
// package runs against a real Secret Service.
func mockedKeychain(t *testing.T) {
	t.Helper()
	if os.Getenv(envRealSecretService) == "1" || os.Getenv(envRealProvider) == "1" {
		t.Skip("uses go-keyring's mock; this run uses the real Secret Service")
	}
	keyring.MockInit() // a fresh, empty mock keychain
	// The mock needs no D-Bus session.
	old := noKeychainHere
	noKeychainHere = func() error { return nil }
	t.Cleanup(func() { noKeychainHere = old })
}
