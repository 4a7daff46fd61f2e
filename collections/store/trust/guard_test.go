package trust

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestTrustStoreRefusesAFileOthersCanWriteOrOwn: whoever can write the
// trust store can mark a hostile collection trusted, so a store that group
// or others can write, or that another user owns, is not used — Lookup
// fails with how to fix it, and the TUI then asks (askTrust). A store
// others can only read holds no secret and is still used.
func TestTrustStoreRefusesAFileOthersCanWriteOrOwn(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.toml")
	store, _ := Open(path)
	collection := filepath.Join(dir, "api.toml")
	if err := store.Remember(collection, []byte("x"), "", Trusted); err != nil {
		t.Fatal(err)
	}

	for _, mode := range []os.FileMode{0o620, 0o602, 0o666} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, ok, err := store.Lookup(collection, []byte("x"), "")
		if ok || err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: Lookup = %v, %v; want a refusal saying chmod 600", mode, ok, err)
		}
		if err := store.Remember(collection, []byte("y"), "", Trusted); err == nil {
			t.Errorf("mode %04o: Remember wrote to a store others can write", mode)
		}
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := store.Lookup(collection, []byte("x"), ""); !ok || err != nil {
		t.Fatalf("mode 0644: Lookup = %v, %v; a store others can only read is still used", ok, err)
	}

	own := os.Getuid()
	trustCurrentUID = func() int { return own + 1 }
	t.Cleanup(func() { trustCurrentUID = os.Getuid })
	if _, ok, err := store.Lookup(collection, []byte("x"), ""); ok || err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("owned by another: Lookup = %v, %v; want a refusal", ok, err)
	}
}

// TestTrustStoreNotARegularFileIsRefused: a FIFO at the store's path is an
// error, not a hang.
func TestTrustStoreNotARegularFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trust.toml")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	store, _ := Open(path)
	if _, _, err := store.Lookup("a.toml", nil, ""); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Lookup = %v; want 'not a regular file'", err)
	}
}

// TestTrustStoreConcurrentAnswersAreAllKept: several keyway processes
// (separate stores on one file) remembering answers at once keep them all.
func TestTrustStoreConcurrentAnswersAreAllKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "trust.toml")
	const writers = 12
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			store, _ := Open(path)
			errs[i] = store.Remember(filepath.Join(dir, fmt.Sprintf("c%d.toml", i)), []byte("x"), "", Trusted)
		}()
	}
	wg.Wait()
	store, _ := Open(path)
	for i := range writers {
		if errs[i] != nil {
			t.Errorf("writer %d: %v", i, errs[i])
			continue
		}
		if _, ok, err := store.Lookup(filepath.Join(dir, fmt.Sprintf("c%d.toml", i)), []byte("x"), ""); !ok || err != nil {
			t.Errorf("answer %d lost: %v, %v", i, ok, err)
		}
	}
}
