package userfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestOpenRegular: a missing store is no file and no error, a folder is
// refused naming it, and a regular file is opened with its info.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	if f, info, err := OpenRegular(filepath.Join(dir, "missing.toml")); f != nil || info != nil || err != nil {
		t.Fatalf("missing: %v, %v, %v; want nothing", f, info, err)
	}
	var refused *RefusedError
	if _, _, err := OpenRegular(dir); !errors.As(err, &refused) || err.Error() != dir+" is not a regular file" {
		t.Fatalf("folder: %v; want refused as not a regular file", err)
	}
	path := filepath.Join(dir, "store.toml")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, info, err := OpenRegular(path)
	if err != nil || f == nil || info.Size() != 1 {
		t.Fatalf("regular file: %v, %v, %v", f, info, err)
	}
	f.Close()
}
