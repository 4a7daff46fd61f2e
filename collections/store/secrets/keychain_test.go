package secrets

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// openBackend opens a store in a temporary folder with the given backend.
func openBackend(t *testing.T, b Backend) *Store {
	t.Helper()
	s, err := OpenBackend(filepath.Join(t.TempDir(), "keyway", "secrets.toml"), b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fileText is the store's file, for checking what it holds.
func fileText(t *testing.T, s *Store) string {
	t.Helper()
	b, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestKeychainKeepsValuesOutOfTheFile: with a keychain, the value is in
// the keychain (service keyway, account = the name) and the file lists
// the name and its hosts only; a fresh store reads the value back, and
// rm removes both.
func TestKeychainKeepsValuesOutOfTheFile(t *testing.T) {
	for _, backend := range []Backend{BackendKeychain, BackendAuto} {
		t.Run(string(backend), func(t *testing.T) {
			mockedKeychain(t)
			s := openBackend(t, backend)
			hosts := []string{"api.example.com", "*.example.org"}
			if err := s.SetBound("api-key", canary, hosts); err != nil {
				t.Fatal(err)
			}
			if err := s.Fallback(); err != nil {
				t.Fatalf("Fallback() = %v with a keychain that answers", err)
			}
			if got, err := keyring.Get(KeychainService, "api-key"); err != nil || got != canary {
				t.Fatalf("keychain item = %q, %v; want the value", got, err)
			}
			text := fileText(t, s)
			if strings.Contains(text, canary) || !strings.Contains(text, "keychain = true") || !strings.Contains(text, "api.example.com") {
				t.Fatalf("file holds:\n%s\nwant the name and hosts, no value", text)
			}
			fresh, _ := Open(s.Path())
			if v, err := fresh.Get("api-key"); err != nil || v != canary {
				t.Fatalf("Get from a fresh store = %q, %v", v, err)
			}
			if got, _ := fresh.Hosts("api-key"); !slices.Equal(got, hosts) {
				t.Fatalf("Hosts = %v, want %v", got, hosts)
			}
			if in, err := fresh.InKeychain("api-key"); err != nil || !in {
				t.Fatalf("InKeychain = %v, %v", in, err)
			}
			if names, _ := fresh.List(); !slices.Equal(names, []string{"api-key"}) {
				t.Fatalf("List = %v", names)
			}
			if err := fresh.Delete("api-key"); err != nil {
				t.Fatal(err)
			}
			if _, err := keyring.Get(KeychainService, "api-key"); !errors.Is(err, keyring.ErrNotFound) {
				t.Fatalf("keychain item after Delete: %v; want none", err)
			}
			if names, _ := fresh.List(); len(names) != 0 {
				t.Fatalf("List after Delete = %v", names)
			}
		})
	}
}

// TestFileSecretsStillReadAndMoveWhenSetAgain: a store written before the
// keychain (values in the file) keeps working without asking the
// keychain; setting a secret again moves it, and the old value leaves the
// file.
func TestFileSecretsStillReadAndMoveWhenSetAgain(t *testing.T) {
	mockedKeychain(t)
	old := openTemp(t)
	if err := old.Set("legacy", "canary-legacy-value"); err != nil {
		t.Fatal(err)
	}
	if err := old.SetBound("moving", "canary-old-value", []string{"api.example.com"}); err != nil {
		t.Fatal(err)
	}

	s, _ := OpenBackend(old.Path(), BackendAuto)
	kc := &fakeKeychain{err: errors.New("must not be asked")}
	s.kc = kc
	if v, err := s.Get("legacy"); err != nil || v != "canary-legacy-value" {
		t.Fatalf("Get(legacy) = %q, %v", v, err)
	}
	if kc.count() != 0 {
		t.Fatalf("reading a value the file holds asked the keychain %d times", kc.count())
	}

	s.kc = osKeychain{}
	if err := s.SetBound("moving", "canary-new-value", []string{"api.example.com"}); err != nil {
		t.Fatal(err)
	}
	text := fileText(t, s)
	if strings.Contains(text, "canary-old-value") || strings.Contains(text, "canary-new-value") || !strings.Contains(text, "canary-legacy-value") {
		t.Fatalf("file after the move:\n%s", text)
	}
	if v, err := s.Get("moving"); err != nil || v != "canary-new-value" {
		t.Fatalf("Get(moving) = %q, %v", v, err)
	}
	if got, _ := s.Hosts("moving"); !slices.Equal(got, []string{"api.example.com"}) {
		t.Fatalf("Hosts(moving) = %v", got)
	}
}

// TestFileBackendTakesASecretBackFromTheKeychain: KEYWAY_SECRETS_BACKEND=file
// puts the value in the file and removes the keychain's copy.
func TestFileBackendTakesASecretBackFromTheKeychain(t *testing.T) {
	mockedKeychain(t)
	s := openBackend(t, BackendKeychain)
	if err := s.Set("k", "canary-in-keychain"); err != nil {
		t.Fatal(err)
	}
	file, _ := Open(s.Path())
	if err := file.Set("k", "canary-in-file"); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(KeychainService, "k"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("keychain copy after moving to the file: %v; want none", err)
	}
	if v, err := file.Get("k"); err != nil || v != "canary-in-file" {
		t.Fatalf("Get = %q, %v", v, err)
	}
}

// TestAutoFallsBackWhenNoKeychainAnswers: auto asks the keychain once; when
// it fails, values go to the file and Fallback says why. keychain (forced)
// fails instead, and changes nothing.
func TestAutoFallsBackWhenNoKeychainAnswers(t *testing.T) {
	s := openBackend(t, BackendAuto)
	kc := &fakeKeychain{err: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}
	s.kc = kc
	for _, name := range []string{"a", "b"} {
		if err := s.Set(name, "canary-fallback-"+name); err != nil {
			t.Fatal(err)
		}
		fb := s.Fallback()
		if fb == nil || !strings.Contains(fb.Error(), "no keychain answered (") || !strings.Contains(fb.Error(), "not provided") {
			t.Fatalf("Fallback() = %v; want the keychain's error", fb)
		}
		if in, _ := s.InKeychain(name); in {
			t.Fatalf("%s listed as in the keychain", name)
		}
	}
	if kc.count() != 1 {
		t.Fatalf("the keychain was asked %d times; want one probe per store", kc.count())
	}
	if text := fileText(t, s); !strings.Contains(text, "canary-fallback-a") {
		t.Fatalf("file:\n%s", text)
	}

	forced := openBackend(t, BackendKeychain)
	forced.kc = kc
	if err := forced.Set("c", canary); err == nil || !strings.Contains(err.Error(), "the keychain") || strings.Contains(err.Error(), canary) {
		t.Fatalf("Set with keychain forced = %v; want the keychain's error", err)
	}
	if _, err := os.Stat(forced.Path()); !os.IsNotExist(err) {
		t.Fatalf("a failed keychain Set wrote the file: %v", err)
	}
}

// TestAutoFallsBackForValuesTooLongForTheKeychain: the Windows Credential
// Manager takes 2,560 bytes and the macOS Keychain about 3,000: a longer
// value (a PEM key) goes to the file, and Fallback says why.
func TestAutoFallsBackForValuesTooLongForTheKeychain(t *testing.T) {
	s := openBackend(t, BackendAuto)
	s.kc = &fakeKeychain{setErr: keyring.ErrSetDataTooBig}
	if err := s.Set("pem", canary); err != nil {
		t.Fatal(err)
	}
	if fb := s.Fallback(); fb == nil || !strings.Contains(fb.Error(), "does not take a value this long") {
		t.Fatalf("Fallback() = %v", fb)
	}
	if v, err := s.Get("pem"); err != nil || v != canary {
		t.Fatalf("Get = %q, %v", v, err)
	}
}

// TestKeychainCallsAreBounded: a keychain that never answers (a locked
// collection waiting on a prompt nobody sees, a hung D-Bus peer) does not
// hang keyway: auto falls back and says the keychain did not answer, and
// reading a secret kept there fails with the same reason.
func TestKeychainCallsAreBounded(t *testing.T) {
	old := keychainTimeout
	keychainTimeout = 20 * time.Millisecond
	t.Cleanup(func() { keychainTimeout = old })
	hung := &fakeKeychain{block: make(chan struct{})}
	t.Cleanup(func() { close(hung.block) })

	s := openBackend(t, BackendAuto)
	s.kc = hung
	if err := s.Set("k", canary); err != nil {
		t.Fatal(err)
	}
	if fb := s.Fallback(); fb == nil || !strings.Contains(fb.Error(), "did not answer") {
		t.Fatalf("Fallback() = %v; want the keychain did not answer", fb)
	}

	listed := openBackend(t, BackendFile)
	if err := os.MkdirAll(filepath.Dir(listed.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(listed.Path(), []byte("[k]\nkeychain = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	listed.kc = hung
	if _, err := listed.Get("k"); err == nil || !strings.Contains(err.Error(), "did not answer") || errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a secret in a hung keychain = %v", err)
	}
	if err := listed.Delete("k"); err == nil || !strings.Contains(err.Error(), "not removed") {
		t.Fatalf("Delete with a hung keychain = %v; want it kept", err)
	}
	if names, _ := listed.List(); !slices.Equal(names, []string{"k"}) {
		t.Fatalf("List after a failed Delete = %v; want k still listed", names)
	}
}

// TestKeychainErrorsNeverHoldTheValue: whatever the keychain's message
// holds, an error from Set shows no part of the value, in any encoding.
func TestKeychainErrorsNeverHoldTheValue(t *testing.T) {
	for name, msg := range map[string]string{
		"plain":  "security: could not add " + canary,
		"base64": "add-generic-password -w go-keyring-base64:" + base64.StdEncoding.EncodeToString([]byte(canary)),
	} {
		t.Run(name, func(t *testing.T) {
			s := openBackend(t, BackendKeychain)
			s.kc = &fakeKeychain{setErr: errors.New(msg)}
			err := s.Set("k", canary)
			if err == nil {
				t.Fatal("Set succeeded")
			}
			if strings.Contains(err.Error(), canary) || strings.Contains(err.Error(), base64.StdEncoding.EncodeToString([]byte(canary))) {
				t.Fatalf("error holds the value: %v", err)
			}
		})
	}
}

// TestKeychainValueIsReadOncePerChange: a run resolves a secret for every
// request; the keychain is asked once, and again only after the store
// changed (another process set it again).
func TestKeychainValueIsReadOncePerChange(t *testing.T) {
	s := openBackend(t, BackendKeychain)
	kc := &fakeKeychain{}
	s.kc = kc
	if err := s.Set("k", "canary-first"); err != nil {
		t.Fatal(err)
	}
	reader, _ := Open(s.Path())
	reader.kc = kc
	for range 5 {
		if v, err := reader.Get("k"); err != nil || v != "canary-first" {
			t.Fatalf("Get = %q, %v", v, err)
		}
	}
	if n := kc.count(); n != 2 {
		t.Fatalf("keychain calls = %d; want 2 (one Set, one Get)", n)
	}
	// Another keyway sets it again: the file changes, so the reader asks
	// the keychain afresh.
	if err := s.SetBound("k", "canary-second", []string{"api.example.com"}); err != nil {
		t.Fatal(err)
	}
	if v, err := reader.Get("k"); err != nil || v != "canary-second" {
		t.Fatalf("Get after the store changed = %q, %v", v, err)
	}
}

// TestKeychainItemRemovedElsewhereIsNotFound: an item removed in Seahorse
// or Keychain Access is a missing secret, which collections explain with
// how to set it again.
func TestKeychainItemRemovedElsewhereIsNotFound(t *testing.T) {
	mockedKeychain(t)
	s := openBackend(t, BackendKeychain)
	if err := s.Set("gone", canary); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Delete(KeychainService, "gone"); err != nil {
		t.Fatal(err)
	}
	fresh, _ := Open(s.Path())
	_, err := fresh.Get("gone")
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "keychain has no such item") {
		t.Fatalf("Get = %v; want not found in the keychain", err)
	}
	var nf interface{ NotFound() bool }
	if !errors.As(err, &nf) || !nf.NotFound() {
		t.Fatalf("error %v does not report NotFound", err)
	}
	// rm still removes the name.
	if err := fresh.Delete("gone"); err != nil {
		t.Fatalf("Delete of an item already gone from the keychain: %v", err)
	}
}

// TestBackendFromEnv: auto by default, file when KEYWAY_SECRETS_FILE names
// the store (as before the keychain), what KEYWAY_SECRETS_BACKEND says
// otherwise, and a clear refusal of anything else.
func TestBackendFromEnv(t *testing.T) {
	for _, c := range []struct {
		file, backend string
		want          Backend
	}{
		{"", "", BackendAuto},
		{"/tmp/s.toml", "", BackendFile},
		{"/tmp/s.toml", "keychain", BackendKeychain},
		{"", "file", BackendFile},
		{"", "auto", BackendAuto},
	} {
		t.Setenv(EnvFile, c.file)
		t.Setenv(EnvBackend, c.backend)
		if got, err := BackendFromEnv(); err != nil || got != c.want {
			t.Errorf("file %q backend %q: %q, %v; want %q", c.file, c.backend, got, err, c.want)
		}
	}
	t.Setenv(EnvBackend, "vault")
	if _, err := Default(); err == nil || !strings.Contains(err.Error(), "KEYWAY_SECRETS_BACKEND=\"vault\": use file, keychain or auto") {
		t.Fatalf("Default with a bad backend = %v", err)
	}
}

// fakeKeychain is a keychain for tests: it counts calls, fails them with
// err (or Set with setErr), or blocks them until block is closed.
type fakeKeychain struct {
	mu     sync.Mutex
	items  map[string]string
	calls  int
	err    error
	setErr error
	block  chan struct{}
}

func (f *fakeKeychain) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func (f *fakeKeychain) enter() error {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if f.block != nil {
		<-f.block
	}
	return f.err
}

func (f *fakeKeychain) Get(service, user string) (string, error) {
	if err := f.enter(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[service+"/"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeKeychain) Set(service, user, password string) error {
	if err := f.enter(); err != nil {
		return err
	}
	if f.setErr != nil {
		return f.setErr
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.items == nil {
		f.items = map[string]string{}
	}
	f.items[service+"/"+user] = password
	return nil
}

func (f *fakeKeychain) Delete(service, user string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[service+"/"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.items, service+"/"+user)
	return nil
}
