package trust

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/atomicfile/atomicfiletest"
)

func TestTrustStoreRemembersPerContent(t *testing.T) {
	dir := t.TempDir()
	store, err := Open(filepath.Join(dir, "config", "keyway", "trust.toml"))
	if err != nil {
		t.Fatal(err)
	}
	collection := filepath.Join(dir, "api.toml")
	v1, v2 := []byte("name = \"v1\"\n"), []byte("name = \"v2\"\n")

	if _, ok, err := store.Lookup(collection, v1, "shown"); ok || err != nil {
		t.Fatalf("empty store: Lookup = %v, %v; want no answer", ok, err)
	}
	if err := store.Remember(collection, v1, "shown", NoOutside); err != nil {
		t.Fatal(err)
	}
	if trust, ok, err := store.Lookup(collection, v1, "shown"); !ok || err != nil || trust != NoOutside {
		t.Fatalf("Lookup = %q, %v, %v; want %q", trust, ok, err, NoOutside)
	}
	// A changed file asks again.
	if _, ok, _ := store.Lookup(collection, v2, "shown"); ok {
		t.Fatal("an answer for v1 was used for v2")
	}
	// Another file with the same content asks too.
	if _, ok, _ := store.Lookup(filepath.Join(dir, "other.toml"), v1, "shown"); ok {
		t.Fatal("an answer for one path was used for another")
	}
	// A relative path is the same file.
	t.Chdir(dir)
	if _, ok, _ := store.Lookup("api.toml", v1, "shown"); !ok {
		t.Fatal("a relative path did not find the answer")
	}
	// The same content shown another way (another --var, another list
	// of environments) asks again.
	if _, ok, _ := store.Lookup(collection, v1, "shown otherwise"); ok {
		t.Fatal("an answer for one list was used for another")
	}
	if err := store.Remember(collection, v2, "shown", Trusted); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := store.Lookup(collection, v1, "shown"); ok {
		t.Fatal("the old content's answer survived a new answer")
	}
	info, err := os.Stat(store.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("store mode = %v, %v; want 0600", info.Mode().Perm(), err)
	}
	if err := store.Remember(collection, v2, "shown", Answer("maybe")); err == nil {
		t.Fatal("an unknown answer was remembered")
	}
}

func TestTrustStoreInvalidFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust.toml")
	if err := os.WriteFile(path, []byte("not = [toml"), 0o600); err != nil {
		t.Fatal(err)
	}
	store, _ := Open(path)
	if _, _, err := store.Lookup("x.toml", nil, "shown"); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Fatalf("Lookup error = %v; want how to recover", err)
	}
}

// TestTrustStoreFailedWriteKeepsOldFile makes each step of the atomic
// write fail: the old answers stay, and the error says nothing was kept.
func TestTrustStoreFailedWriteKeepsOldFile(t *testing.T) {
	for _, step := range atomicfiletest.Steps {
		t.Run(step, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "trust.toml")
			store, _ := Open(path)
			if err := store.Remember("a.toml", []byte("a"), "shown", Trusted); err != nil {
				t.Fatal(err)
			}
			old, _ := os.ReadFile(path)
			err := writeTrustFile(atomicfiletest.FailingFS{FailAt: step}, path, []byte("broken"), old)
			if !errors.Is(err, atomicfiletest.ErrInjected) || !strings.Contains(err.Error(), "not remembered") {
				t.Fatalf("error = %v, want the injected failure", err)
			}
			now, _ := os.ReadFile(path)
			if string(now) != string(old) {
				t.Fatalf("store changed to %q", now)
			}
			// The store and its lock file are all the folder may hold.
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 2 || entries[0].Name() != ".trust.toml.lock" {
				t.Fatalf("temporary files left: %v", entries)
			}
		})
	}
}

func TestTrustStoreDoesNotOverwriteAnotherWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust.toml")
	store, _ := Open(path)
	if err := store.Remember("a.toml", []byte("a"), "shown", Trusted); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(old, "# another keyway\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeTrustFile(nil, path, []byte("x"), old); !errors.Is(err, atomicfile.ErrChangedOnDisk) {
		t.Fatalf("error = %v, want ErrChangedOnDisk", err)
	}
}
