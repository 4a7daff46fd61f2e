package collections

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/atomicfile/atomicfiletest"
)

// saveFixture writes content to a fresh file with perm and returns its path.
func saveFixture(t *testing.T, content string, perm fs.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keyway.toml")
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // WriteFile's perm is subject to umask
		t.Fatal(err)
	}
	return path
}

// saveAssertFile fails unless path holds want and its folder holds no
// other file (no temporary file left behind).
func saveAssertFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("file holds %q, want %q", got, want)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != filepath.Base(path) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestSaveFileKeepsPermissions(t *testing.T) {
	for _, perm := range []fs.FileMode{0o600, 0o640, 0o755} {
		path := saveFixture(t, "old", perm)
		if err := SaveFile(path, []byte("new"), []byte("old")); err != nil {
			t.Fatal(err)
		}
		saveAssertFile(t, path, "new")
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != perm {
			t.Errorf("permissions %v, want %v", info.Mode().Perm(), perm)
		}
	}
}

// TestSaveFileRespectsReadOnly: a file whose mode grants nobody write
// access is left as it is, with its mode — even for root, whom the system
// would let replace it — and so is a report written with WriteFile. The
// error names the file, its mode and the fix.
func TestSaveFileRespectsReadOnly(t *testing.T) {
	for _, perm := range []fs.FileMode{0o444, 0o400, 0o555} {
		path := saveFixture(t, "old", perm)
		err := SaveFile(path, []byte("new"), []byte("old"))
		var readOnly *ReadOnlyError
		if !errors.As(err, &readOnly) || !strings.Contains(err.Error(), fmt.Sprintf("read-only (mode %04o)", perm)) || !strings.Contains(err.Error(), "chmod u+w "+path) {
			t.Fatalf("mode %04o: SaveFile = %v; want a ReadOnlyError naming the mode and the fix", perm, err)
		}
		if err := WriteFile(path, []byte("new"), 0o644); !errors.As(err, &readOnly) {
			t.Fatalf("mode %04o: WriteFile = %v; want a ReadOnlyError", perm, err)
		}
		saveAssertFile(t, path, "old")
		if info, _ := os.Stat(path); info.Mode().Perm() != perm {
			t.Errorf("mode changed to %04o", info.Mode().Perm())
		}
	}
}

// TestSaveFileKeepsOwnerAndGroup: the replacement keeps the owner and the
// group of the file it replaces where the system lets the user set them
// (root: any; others: a group they belong to). Without it, a save by root
// made a shared file root's.
func TestSaveFileKeepsOwnerAndGroup(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root can give a file to another owner to start with")
	}
	path := saveFixture(t, "old", 0o664)
	if err := os.Chown(path, 4242, 4343); err != nil {
		t.Skip("cannot chown here:", err)
	}
	if err := SaveFile(path, []byte("new"), []byte("old")); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	uid, gid, _ := atomicfile.Owner(info)
	if uid != 4242 || gid != 4343 {
		t.Fatalf("owner %d:%d after the save; want 4242:4343", uid, gid)
	}
}

func TestSaveFileChangedOnDisk(t *testing.T) {
	path := saveFixture(t, "changed by someone else", 0o644)
	err := SaveFile(path, []byte("mine"), []byte("as loaded"))
	var changed *ChangedOnDiskError
	if !errors.As(err, &changed) || !errors.Is(err, ErrChangedOnDisk) || changed.Deleted || changed.Path != path {
		t.Fatalf("error = %#v, want a *ChangedOnDiskError for %s", err, path)
	}
	if !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("message %q", err)
	}
	saveAssertFile(t, path, "changed by someone else")
}

func TestSaveFileDeletedOnDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone.toml")
	err := SaveFile(path, []byte("mine"), []byte("as loaded"))
	var changed *ChangedOnDiskError
	if !errors.As(err, &changed) || !changed.Deleted {
		t.Fatalf("error = %v, want a deleted *ChangedOnDiskError", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the file was created anyway: %v", err)
	}
}

func TestSaveFileNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.toml")
	if err := SaveFile(path, []byte("fresh"), nil); err != nil {
		t.Fatal(err)
	}
	saveAssertFile(t, path, "fresh")
	if info, _ := os.Stat(path); info.Mode().Perm() != saveNewFilePerm {
		t.Errorf("permissions %v, want %v", info.Mode().Perm(), saveNewFilePerm)
	}
	// A new file that appeared meanwhile is someone else's: not overwritten.
	if err := SaveFile(path, []byte("again"), nil); !errors.Is(err, ErrChangedOnDisk) {
		t.Errorf("error = %v, want ErrChangedOnDisk", err)
	}
}

func TestSaveFileFollowsSymlink(t *testing.T) {
	target := saveFixture(t, "old", 0o600)
	link := filepath.Join(t.TempDir(), "link.toml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := SaveFile(link, []byte("new"), []byte("old")); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", info, err)
	}
	saveAssertFile(t, target, "new")
}

func TestSaveFileMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "keyway.toml")
	err := SaveFile(path, []byte("data"), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "saving ") {
		t.Fatalf("error = %v", err)
	}
}

func TestSaveFileReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores folder permissions; TestSaveFileFailures simulates the failure instead")
	}
	path := saveFixture(t, "old", 0o644)
	dir := filepath.Dir(path)
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	if err := SaveFile(path, []byte("new"), []byte("old")); !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("error = %v, want a permission error", err)
	}
	saveAssertFile(t, path, "old")
}

// TestSaveFileFailures makes each step of the save fail in turn: the error
// says so, the original file is intact and no temporary file is left.
func TestSaveFileFailures(t *testing.T) {
	for _, step := range atomicfiletest.Steps {
		t.Run(step, func(t *testing.T) {
			path := saveFixture(t, "original", 0o640)
			err := saveFileWith(atomicfiletest.FailingFS{FailAt: step}, path, []byte("the new content"), []byte("original"))
			if !errors.Is(err, atomicfiletest.ErrInjected) || !strings.HasPrefix(err.Error(), "saving "+path) {
				t.Fatalf("error = %v, want the injected failure", err)
			}
			saveAssertFile(t, path, "original")
			if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
				t.Errorf("permissions changed to %v", info.Mode().Perm())
			}
		})
	}
}
