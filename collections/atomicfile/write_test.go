package atomicfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/atomicfile/atomicfiletest"
)

// fixture writes content to a fresh file with perm and returns its path.
func fixture(t *testing.T, content string, perm fs.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "file.toml")
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // WriteFile's perm is subject to umask
		t.Fatal(err)
	}
	return path
}

// assertOnly fails unless path holds want with mode perm and its folder
// holds nothing else (no temporary file left behind).
func assertOnly(t *testing.T, path, want string, perm fs.FileMode) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Fatalf("file holds %q, %v; want %q", got, err, want)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != perm {
		t.Errorf("mode %04o, want %04o", info.Mode().Perm(), perm)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != filepath.Base(path) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestWriteFailureKeepsOldFile makes each step fail in turn, with each
// writer's options: the error is the system's, the old file is intact and
// no temporary file is left.
func TestWriteFailureKeepsOldFile(t *testing.T) {
	writers := map[string]atomicfile.Options{
		"store":      {Perm: 0o600},
		"collection": {Perm: 0o644, KeepMode: true, FollowLink: true, IfUnchanged: true, Loaded: []byte("old")},
		"body":       {Perm: 0o600, NoReplace: true},
	}
	for name, o := range writers {
		for _, step := range atomicfiletest.Steps {
			t.Run(name+"/"+step, func(t *testing.T) {
				path := fixture(t, "old", 0o600)
				if o.NoReplace {
					path = filepath.Join(filepath.Dir(path), "new.txt")
					if err := os.Remove(filepath.Join(filepath.Dir(path), "file.toml")); err != nil {
						t.Fatal(err)
					}
				}
				o.FS = atomicfiletest.FailingFS{FailAt: step}
				err := atomicfile.Write(path, []byte("the new content"), o)
				if o.NoReplace && step == "rename" {
					// Nothing is renamed: the link puts the file in place.
					if err != nil {
						t.Fatal(err)
					}
					assertOnly(t, path, "the new content", 0o600)
					return
				}
				if !errors.Is(err, atomicfiletest.ErrInjected) || atomicfile.IsRefusal(err) {
					t.Fatalf("error = %v, want the injected failure", err)
				}
				if o.NoReplace {
					if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 0 {
						t.Fatalf("left behind: %v", entries)
					}
					return
				}
				assertOnly(t, path, "old", 0o600)
			})
		}
	}
}

// TestWritePermission: a store's file is owner-only whatever it was; a
// collection keeps its file's mode, and a new one gets Perm.
func TestWritePermission(t *testing.T) {
	path := fixture(t, "old", 0o644)
	if err := atomicfile.Write(path, []byte("new"), atomicfile.Options{Perm: 0o600}); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, path, "new", 0o600)

	path = fixture(t, "old", 0o640)
	if err := atomicfile.Write(path, []byte("new"), atomicfile.Options{Perm: 0o644, KeepMode: true}); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, path, "new", 0o640)

	path = filepath.Join(t.TempDir(), "new.toml")
	if err := atomicfile.Write(path, []byte("new"), atomicfile.Options{Perm: 0o644, KeepMode: true}); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, path, "new", 0o644)
}

// TestWriteNoReplaceLeavesAFileAlone: without replace, a file at the path
// is an fs.ErrExist and is not touched.
func TestWriteNoReplaceLeavesAFileAlone(t *testing.T) {
	path := fixture(t, "theirs", 0o644)
	err := atomicfile.Write(path, []byte("ours"), atomicfile.Options{Perm: 0o600, NoReplace: true})
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("error = %v, want fs.ErrExist", err)
	}
	assertOnly(t, path, "theirs", 0o644)
}

// TestWriteRefusals: a file changed since it was loaded, a read-only file
// and a folder are refusals, and nothing is written.
func TestWriteRefusals(t *testing.T) {
	keep := atomicfile.Options{Perm: 0o644, KeepMode: true, IfUnchanged: true, Loaded: []byte("loaded")}
	path := fixture(t, "changed", 0o644)
	if err := atomicfile.Write(path, []byte("new"), keep); !errors.Is(err, atomicfile.ErrChangedOnDisk) || !atomicfile.IsRefusal(err) {
		t.Fatalf("changed on disk: %v", err)
	}
	assertOnly(t, path, "changed", 0o644)

	path = fixture(t, "loaded", 0o444)
	var readOnly *atomicfile.ReadOnlyError
	if err := atomicfile.Write(path, []byte("new"), keep); !errors.As(err, &readOnly) || !atomicfile.IsRefusal(err) {
		t.Fatalf("read-only: %v", err)
	}
	assertOnly(t, path, "loaded", 0o444)

	dir := t.TempDir()
	var notRegular *atomicfile.NotRegularError
	if err := atomicfile.Write(dir, []byte("new"), atomicfile.Options{Perm: 0o644, KeepMode: true}); !errors.As(err, &notRegular) || !atomicfile.IsRefusal(err) {
		t.Fatalf("a folder: %v", err)
	}
}

// TestWriteFollowLink: with FollowLink the link stays and its target is
// replaced; without, the link itself is replaced.
func TestWriteFollowLink(t *testing.T) {
	target := fixture(t, "old", 0o644)
	link := filepath.Join(t.TempDir(), "link.toml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := atomicfile.Write(link, []byte("new"), atomicfile.Options{Perm: 0o644, FollowLink: true}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	assertOnly(t, target, "new", 0o644)

	if err := atomicfile.Write(link, []byte("newer"), atomicfile.Options{Perm: 0o644}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || !info.Mode().IsRegular() {
		t.Fatalf("the link stays without FollowLink: %v", err)
	}
	assertOnly(t, target, "new", 0o644)
}
