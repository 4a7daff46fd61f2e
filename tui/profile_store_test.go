package tui

import (
	"path/filepath"
	"testing"

	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// readOnlySecrets is a SecretSource without Set, as cmd/keyway passes.
type readOnlySecrets struct{}

func (readOnlySecrets) Get(string) (string, error) { return "", secrets.ErrNotFound }

// TestSecretStoreFallsBackToTheUserStore: when the app's secret source
// cannot be written to, typed secrets go to the user's own store (the file
// KEYWAY_SECRETS_FILE names), so the form can offer "type it now".
func TestSecretStoreFallsBackToTheUserStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv(secrets.EnvFile, path)
	if secretStore(nil) != nil {
		t.Error("no source should mean no store")
	}
	writable, _ := secrets.Open(filepath.Join(t.TempDir(), "other.toml"))
	if got := secretStore(writable); got != secretSetter(writable) {
		t.Error("a writable source should be used as it is")
	}
	got, ok := secretStore(readOnlySecrets{}).(*secrets.Store)
	if !ok || got.Path() != path {
		t.Fatalf("a read-only source fell back to %v, want the store at %s", got, path)
	}
	m := newProfilesModel(newCommon(testCollection(), "", newSession(nil, readOnlySecrets{}, nil), &fakeEngine{}))
	m.c.session.store = got
	if m.store() != secretSetter(got) {
		t.Error("the profiles screen does not write to the session's store")
	}
}
