package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSetBoundRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.toml")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("plain", "canary-plain-value"); err != nil {
		t.Fatal(err)
	}
	hosts := []string{"api.example.com", "*.example.org", "127.0.0.1:8443"}
	if err := s.SetBound("bound", "canary-bound-value", hosts); err != nil {
		t.Fatal(err)
	}
	// A fresh store reads what the first wrote.
	fresh, _ := Open(path)
	for name, want := range map[string]string{"plain": "canary-plain-value", "bound": "canary-bound-value"} {
		if got, err := fresh.Get(name); err != nil || got != want {
			t.Errorf("Get(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if got, err := fresh.Hosts("bound"); err != nil || !slices.Equal(got, hosts) {
		t.Errorf("Hosts(bound) = %v, %v; want %v", got, err, hosts)
	}
	if got, err := fresh.Hosts("plain"); err != nil || len(got) != 0 {
		t.Errorf("Hosts(plain) = %v, %v; want none", got, err)
	}
	if _, err := fresh.Hosts("ghost"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Hosts(ghost) error = %v, want ErrNotFound", err)
	}
	// Set without hosts drops the binding.
	if err := fresh.Set("bound", "canary-bound-value-2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := fresh.Hosts("bound"); len(got) != 0 {
		t.Errorf("after Set, Hosts(bound) = %v; want none", got)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("store mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
}

func TestSetBoundRejectsBadHosts(t *testing.T) {
	s, _ := Open(filepath.Join(t.TempDir(), "secrets.toml"))
	for _, h := range []string{"", "https://api.example.com", "api.example.com/path", "*", "a*.example.com", "user@host", "*."} {
		if err := s.SetBound("x", "value", []string{h}); err == nil {
			t.Errorf("SetBound with host %q succeeded; want an error", h)
		}
	}
	if _, err := os.Stat(s.Path()); !os.IsNotExist(err) {
		t.Errorf("a refused SetBound wrote the store: %v", err)
	}
}

func TestInvalidBoundEntriesDoNotEchoContent(t *testing.T) {
	for name, content := range map[string]string{
		"number value":   "x = 42\n",
		"table no value": "[x]\nhosts = [\"a.example\"]\n",
		"hosts string":   "[x]\nvalue = \"canary-echo-1\"\nhosts = \"a.example\"\n",
		"unknown key":    "[x]\nvalue = \"canary-echo-1\"\nhost = [\"a.example\"]\n",
		"bad host":       "[x]\nvalue = \"canary-echo-1\"\nhosts = [\"https://a.example/\"]\n",
		// A secret kept in the keychain has no value in the file: both
		// would leave it unclear which one is read.
		"value and keychain": "[x]\nvalue = \"canary-echo-1\"\nkeychain = true\n",
		"keychain string":    "[x]\nvalue = \"canary-echo-1\"\nkeychain = \"yes\"\n",
		"keychain false":     "[x]\nkeychain = false\nhosts = [\"a.example\"]\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "secrets.toml")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, _ := Open(path)
			_, err := s.Get("x")
			if err == nil || !strings.Contains(err.Error(), "not a valid store") {
				t.Fatalf("Get error = %v; want not a valid store", err)
			}
			if strings.Contains(err.Error(), "canary-echo") {
				t.Fatalf("error echoes the store: %v", err)
			}
		})
	}
}
