package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/atomicfile/atomicfiletest"
)

// The store is what collections resolve {{secret:NAME}} through.
var _ collections.SecretSource = (*Store)(nil)

const canary = "canary-s3cr3t-value"

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "keyway", "secrets.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSetGetListDelete(t *testing.T) {
	s := openTemp(t)
	if names, err := s.List(); err != nil || len(names) != 0 {
		t.Fatalf("List on a missing store = %v, %v; want empty", names, err)
	}
	for name, value := range map[string]string{"demo-token": canary, "b": "with \"quotes\" and\nnewline", "a": ""} {
		if err := s.Set(name, value); err != nil {
			t.Fatal(err)
		}
	}
	// A second store on the same file sees what the first wrote.
	again, _ := Open(s.Path())
	if v, err := again.Get("b"); err != nil || v != "with \"quotes\" and\nnewline" {
		t.Fatalf("Get(b) = %q, %v", v, err)
	}
	if names, _ := again.List(); strings.Join(names, ",") != "a,b,demo-token" {
		t.Fatalf("List = %v", names)
	}
	if err := s.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("b"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v; want ErrNotFound", err)
	}
	if err := s.Delete("b"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete twice: %v; want ErrNotFound", err)
	}
	if err := s.Set("bad name", "x"); err == nil {
		t.Fatal("Set accepted a name with a space")
	}
}

func TestPermissions(t *testing.T) {
	s := openTemp(t)
	if err := s.Set("k", canary); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("store mode = %04o, want 0600", perm)
	}
	dirInfo, _ := os.Stat(filepath.Dir(s.Path()))
	if perm := dirInfo.Mode().Perm(); perm != 0o700 {
		t.Errorf("store directory mode = %04o, want 0700", perm)
	}

	if err := os.Chmod(s.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, _ := Open(s.Path())
	_, err = fresh.Get("k")
	if err == nil {
		t.Fatal("read a store that others can read")
	}
	want := "chmod 600 " + s.Path()
	if !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), canary) {
		t.Fatalf("error %q should say %q and hold no secret", err, want)
	}
	if err := fresh.Set("k2", "v"); err == nil {
		t.Fatal("wrote to a store that others can read")
	}
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	s := openTemp(t)
	if err := s.Set("k", canary); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(s.Path())

	fileSystem = atomicfiletest.FailingFS{FailAt: "sync"}
	t.Cleanup(func() { fileSystem = nil })
	if err := s.Set("k", "new value"); err == nil {
		t.Fatal("Set succeeded although the flush failed")
	}
	after, _ := os.ReadFile(s.Path())
	if string(after) != string(before) {
		t.Fatalf("store changed by a failed write:\n%s", after)
	}
	// The store and its lock file (which stays, empty, for the next
	// writer) are all the folder may hold.
	entries, _ := os.ReadDir(filepath.Dir(s.Path()))
	if len(entries) != 2 || entries[0].Name() != ".secrets.toml.lock" {
		t.Fatalf("temporary file left behind: %v", entries)
	}
	if v, err := s.Get("k"); err != nil || v != canary {
		t.Fatalf("Get after failed write = %q, %v", v, err)
	}
}

func TestReadOnlyDirectoryKeepsOldFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions; TestFailedWriteKeepsOldFile covers the failure path")
	}
	s := openTemp(t)
	if err := s.Set("k", canary); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(s.Path())
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	if err := s.Set("k", "new"); err == nil {
		t.Fatal("Set succeeded in a read-only directory")
	}
	if v, err := s.Get("k"); err != nil || v != canary {
		t.Fatalf("Get after failed write = %q, %v", v, err)
	}
}

func TestInvalidStoreDoesNotEchoContent(t *testing.T) {
	s := openTemp(t)
	os.MkdirAll(filepath.Dir(s.Path()), 0o700)
	if err := os.WriteFile(s.Path(), []byte("k = \""+canary), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Get("k")
	if err == nil || strings.Contains(err.Error(), canary) {
		t.Fatalf("error = %v; want an error without the file's content", err)
	}
}

func TestDefaultPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "custom.toml")
	t.Setenv(EnvFile, path)
	s, err := Default()
	if err != nil || s.Path() != path {
		t.Fatalf("Default() = %v, %v; want the %s path %s", s, err, EnvFile, path)
	}
	t.Setenv(EnvFile, "")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(t.TempDir(), "config"))
	t.Setenv("HOME", t.TempDir())
	s, err = Default()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := os.UserConfigDir()
	if want := filepath.Join(dir, "keyway", "secrets.toml"); s.Path() != want {
		t.Fatalf("Default path = %s, want %s", s.Path(), want)
	}
}

// TestResolvesCollectionSecrets uses a real store for {{secret:NAME}}.
func TestResolvesCollectionSecrets(t *testing.T) {
	s := openTemp(t)
	if err := s.Set("demo-token", canary); err != nil {
		t.Fatal(err)
	}
	c, err := collections.Parse("demo.toml", []byte("default_profile = \"t\"\n[profile.t]\ntype = \"bearer\"\ntoken = \"{{secret:demo-token}}\"\n[[request]]\nname = \"r\"\nurl = \"http://h\"\nheaders = { X = \"{{secret:missing}}\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Prepare(c.Requests[0], &collections.Scope{Secrets: s})
	if !errors.Is(err, ErrNotFound) || !errors.Is(err, collections.ErrSecretUnavailable) || !strings.Contains(err.Error(), "keyway secret set missing") {
		t.Fatalf("missing secret error = %v", err)
	}
	p, _, err := c.ResolveProfile("t", &collections.Scope{Secrets: s})
	if err != nil || p.Token != canary {
		t.Fatalf("ResolveProfile = %+v, %v", p, err)
	}

	// An unreadable store is not a missing secret: no advice to add it.
	if err := os.Chmod(s.Path(), 0o640); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.ResolveProfile("t", &collections.Scope{Secrets: s})
	if err == nil || !strings.Contains(err.Error(), "chmod 600") || strings.Contains(err.Error(), "keyway secret set") || strings.Contains(err.Error(), canary) {
		t.Fatalf("error with a shared store = %v", err)
	}
}
