package userfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/keyway-cli/keyway/collections/atomicfile"
)

// currentUID is the user keyway runs as; a variable so that a test can
// play another user.
var currentUID = os.Getuid

// ReadPrivate reads the store at path (OpenRegular), refusing one that
// another user owns or that anyone but its owner can read or write: such a
// file could have been planted, or have been read. A missing file reads as
// nil and no error.
func ReadPrivate(path string) ([]byte, error) {
	f, info, err := OpenRegular(path)
	if f == nil || err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkPrivate(path, info); err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// checkPrivate refuses a file another user owns, or that group or others
// may read or write. Windows has no such mode bits; its ACLs are left to
// the system.
func checkPrivate(path string, info fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if uid, _, ok := atomicfile.Owner(info); ok && uid != currentUID() {
		return fmt.Errorf("%s belongs to another user (uid %d); keyway will not use it: make it yours (chown) or remove it", path, uid)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s is accessible to other users (mode %04o); keyway will not use it until you run: chmod 600 %s", path, perm, path)
	}
	return nil
}

// WriteAtomic replaces the store at path with data, owner-only (0600), by
// atomicfile.Write, creating its folder (0700) if missing: a reader sees
// the old file or the new one and a failed write leaves the old one. fsys
// is the file system, nil but in tests. The caller holds Lock(path).
func WriteAtomic(fsys atomicfile.FS, path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, data, atomicfile.Options{Perm: 0o600, FS: fsys})
}
