package secrets

import (
	"fmt"
	"os"
)

// EnvBackend is the environment variable that says where a stored
// secret's value goes: file, keychain or auto.
const EnvBackend = "KEYWAY_SECRETS_BACKEND"

// Backend says where Set keeps a secret's value. The store's file lists
// every secret and its host bindings whatever the backend.
type Backend string

const (
	// BackendAuto keeps values in the OS keychain when one answers, and
	// in the owner-only file otherwise (CI, containers): the first Set
	// asks the keychain, and Fallback says why it did not take a value.
	BackendAuto Backend = "auto"
	// BackendKeychain keeps values in the OS keychain; Set fails when
	// it does not answer.
	BackendKeychain Backend = "keychain"
	// BackendFile keeps values in the owner-only file, as keyway did
	// before it used the keychain.
	BackendFile Backend = "file"
)

// BackendFromEnv reads KEYWAY_SECRETS_BACKEND. Unset, it is auto — or
// file when KEYWAY_SECRETS_FILE names the store, since a store named on
// purpose (tests, CI) is one whose file holds the values.
func BackendFromEnv() (Backend, error) {
	switch v := os.Getenv(EnvBackend); v {
	case "":
		if os.Getenv(EnvFile) != "" {
			return BackendFile, nil
		}
		return BackendAuto, nil
	case string(BackendAuto), string(BackendKeychain), string(BackendFile):
		return Backend(v), nil
	default:
		return "", fmt.Errorf("secrets: %s=%q: use file, keychain or auto", EnvBackend, v)
	}
}
