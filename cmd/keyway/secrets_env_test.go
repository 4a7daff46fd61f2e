package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain gives every test a secret store of its own, kept in the file:
// no test reads the store of the user running the tests, or reaches their
// keychain, whatever KEYWAY_SECRETS_FILE and KEYWAY_SECRETS_BACKEND say
// in their shell. A test about the keychain sets both itself.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "keyway-test-secrets-")
	if err != nil {
		panic(err)
	}
	os.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(dir, "secrets.toml"))
	os.Setenv("KEYWAY_SECRETS_BACKEND", "file")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
