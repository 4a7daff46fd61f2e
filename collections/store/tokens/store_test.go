package tokens

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
)

func testToken() *authflow.Token {
	return &authflow.Token{
		AccessToken: "at-secret", TokenType: "Bearer", RefreshToken: "rt-secret", IDToken: "id-secret",
		Scope: "read", Expiry: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Obtained: time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC),
		Limits: []authflow.HostLimit{{Hosts: []string{"api.example.com"}, Secret: "pw"}},
	}
}

// TestRoundTrip: a saved token loads back as it was, host limits
// included; the file is owner-only; Delete forgets it.
func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyway", "tokens.toml")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := s.Load("k"); tok != nil || err != nil {
		t.Fatalf("empty store Load = %v, %v", tok, err)
	}
	key := "/c.toml#browser@\x00https://id/token\x00cli\x00\x00openid"
	if err := s.Save(key, testToken()); err != nil {
		t.Fatal(err)
	}
	if err := s.Save("other", &authflow.Token{AccessToken: "x"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(key)
	if err != nil || !reflect.DeepEqual(got, testToken()) {
		t.Fatalf("Load = %+v, %v; want %+v", got, err, testToken())
	}
	info, err := os.Stat(s.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", info.Mode(), err)
	}
	if err := s.Delete(key); err != nil {
		t.Fatal(err)
	}
	if tok, _ := s.Load(key); tok != nil {
		t.Fatal("Delete kept the token")
	}
	if tok, _ := s.Load("other"); tok == nil {
		t.Fatal("Delete dropped another key's token")
	}
}

// TestRefusesOpenFile: a store others can read is refused, as the secret
// store is, with the chmod to run.
func TestRefusesOpenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.toml")
	if err := os.WriteFile(path, []byte("[[token]]\nkey = \"k\"\naccess_token = \"at\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	s, _ := Open(path)
	_, err := s.Load("k")
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("Load of a 0644 store = %v; want a refusal naming chmod 600", err)
	}
	if err := s.Save("k", testToken()); err == nil {
		t.Fatal("Save over a 0644 store succeeded")
	}
}

// TestBadFileQuotesNoToken: an unreadable store is named with its
// position, never quoted.
func TestBadFileQuotesNoToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.toml")
	os.WriteFile(path, []byte("[[token]]\naccess_token = \"at-leak\" junk\n"), 0o600)
	s, _ := Open(path)
	_, err := s.Load("k")
	if err == nil || strings.Contains(err.Error(), "at-leak") || !strings.Contains(err.Error(), ":2:") {
		t.Fatalf("Load = %v", err)
	}
}

// TestConcurrentSaves: saves of many keys at once (each with the lock
// every process takes) lose none.
func TestConcurrentSaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.toml")
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, _ := Open(path) // a store per writer, as separate processes have
			if err := s.Save(fmt.Sprint("k", i), &authflow.Token{AccessToken: fmt.Sprint("t", i)}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	s, _ := Open(path)
	for i := range 16 {
		if tok, err := s.Load(fmt.Sprint("k", i)); err != nil || tok == nil || tok.AccessToken != fmt.Sprint("t", i) {
			t.Errorf("k%d = %v, %v", i, tok, err)
		}
	}
}

// TestDefaultBesideSecretStore: with only KEYWAY_SECRETS_FILE set, the
// token store is beside it; KEYWAY_TOKENS_FILE wins.
func TestDefaultBesideSecretStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(dir, "secrets.toml"))
	t.Setenv(EnvFile, "")
	s, err := Default()
	if err != nil || s.Path() != filepath.Join(dir, "tokens.toml") {
		t.Fatalf("Default = %v, %v", s.Path(), err)
	}
	t.Setenv(EnvFile, filepath.Join(dir, "elsewhere.toml"))
	if s, _ := Default(); s.Path() != filepath.Join(dir, "elsewhere.toml") {
		t.Fatalf("Default with %s = %s", EnvFile, s.Path())
	}
}

// TestRefreshLockIsHeldWhileSaving: a process refreshing a kept token
// holds the refresh lock while it saves the new token, so the lock is not
// the one Save takes (which would wait for itself until it gave up), and
// a second taker of the refresh lock is refused while it is held.
func TestRefreshLockIsHeldWhileSaving(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "tokens.toml"))
	if err != nil {
		t.Fatal(err)
	}
	release, err := s.LockRefresh()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save("k", testToken()); err != nil {
		t.Fatalf("Save under the refresh lock: %v", err)
	}
	release()
	if _, err := os.Stat(filepath.Join(filepath.Dir(s.Path()), ".tokens.toml.refresh.lock")); err != nil {
		t.Fatalf("no refresh lock file beside the store: %v", err)
	}
}
