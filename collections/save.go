package collections

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/keyway-cli/keyway/collections/internal/userfile"
)

// ErrChangedOnDisk is what a *ChangedOnDiskError matches with errors.Is.
var ErrChangedOnDisk = errors.New("the file changed on disk since it was loaded")

// ChangedOnDiskError reports that SaveFile found the file different from
// the bytes it was loaded from (edited, replaced or deleted by someone
// else), so it did not overwrite it.
type ChangedOnDiskError struct {
	Path string
	// Deleted is true when the file no longer exists; false when its
	// content differs (or, for a new file, when one appeared).
	Deleted bool
}

// Error says what happened and what the user can do.
func (e *ChangedOnDiskError) Error() string {
	if e.Deleted {
		return fmt.Sprintf("%s was deleted since it was loaded; nothing was saved (reload, or save again to recreate it)", e.Path)
	}
	return fmt.Sprintf("%s changed on disk since it was loaded; nothing was saved (reload it to see the other change)", e.Path)
}

// Unwrap makes errors.Is(err, ErrChangedOnDisk) true.
func (e *ChangedOnDiskError) Unwrap() error { return ErrChangedOnDisk }

// ReadOnlyError reports that SaveFile or WriteFile left a file alone
// because it is read-only: its mode grants nobody write access (as a file
// made read-only on purpose, with chmod a-w, does), or the user running
// keyway may not write it. Replacing it by a rename would succeed in a
// writable folder — and as root always — but would overrule the mode, and
// give the file another owner and group.
type ReadOnlyError struct {
	Path string
	Mode fs.FileMode
}

// Error says what happened and what the user can do.
func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("%s is read-only (mode %04o); nothing was saved (to save edits to it, make it writable: chmod u+w %s)", e.Path, e.Mode.Perm(), e.Path)
}

// saveNewFilePerm is the permission of a collection saved for the first
// time: collections hold no secrets and are meant to be shared.
const saveNewFilePerm fs.FileMode = 0o644

// SaveFile writes data to path atomically, unless the file on disk no
// longer holds loaded, the bytes read when it was opened: then it returns a
// *ChangedOnDiskError and writes nothing, so that a change made by someone
// else is never silently lost. A nil loaded means a new file, which must
// not exist yet.
//
// The data goes to a temporary file in the same folder, which is synced
// and given the original file's permission bits before it is renamed over
// the original (rename is atomic within a file system). On any failure the
// original file is left as it was and the temporary file is removed. A
// symbolic link is followed, so the link stays and its target is replaced.
// The check and the rename are not one atomic step: a write landing between
// them is not detected.
func SaveFile(path string, data, loaded []byte) error {
	return saveFileWith(saveOS{}, path, data, loaded)
}

// saveFileWith is SaveFile over a replaceable file system, so that tests
// can make any step fail.
func saveFileWith(fsys saveFS, path string, data, loaded []byte) (err error) {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	current, err := fsys.ReadFile(target)
	switch {
	case errors.Is(err, fs.ErrNotExist) && loaded != nil:
		return &ChangedOnDiskError{Path: path, Deleted: true}
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("saving %s: %w", path, err)
	case loaded == nil || !bytes.Equal(current, loaded):
		return &ChangedOnDiskError{Path: path}
	}
	return saveReplace(fsys, path, target, data, saveNewFilePerm)
}

// WriteFile writes data to path atomically, replacing whatever is there: a
// temporary file in the same folder, synced, given the permission bits of
// the file it replaces (perm for a new file), then renamed over it. On any
// failure the old file is left as it was and the temporary file removed.
// Unlike SaveFile it does not check what the file held: it is for files
// keyway owns outright, such as reports.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return saveReplace(saveOS{}, path, path, data, perm)
}

// saveReplace is the atomic write behind SaveFile and WriteFile: data
// replaces target (path is the name the user gave, for messages), keeping
// target's permission bits, or newPerm when there is no target yet.
func saveReplace(fsys saveFS, path, target string, data []byte, newPerm fs.FileMode) (err error) {
	perm := newPerm
	info, statErr := fsys.Stat(target)
	if statErr == nil {
		perm = info.Mode().Perm()
		if !info.Mode().IsRegular() {
			// A rename over a device or a FIFO (a report sent to
			// /dev/stdout, say) would replace it with a plain file.
			return fmt.Errorf("%s is not a regular file; nothing was written", path)
		}
		if perm&0o222 == 0 || fsys.CheckWritable(target) != nil {
			return &ReadOnlyError{Path: path, Mode: perm}
		}
	}
	tmp, err := fsys.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close() // the write already failed; this only releases the descriptor
			_ = fsys.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	// Sync before rename: otherwise a crash can leave the new name
	// pointing at an empty file on some file systems.
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	if statErr == nil {
		keepOwner(tmp, info)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	if err = fsys.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("saving %s: %w", path, err)
	}
	saveSyncDir(filepath.Dir(target))
	return nil
}

// keepOwner gives the replacement the owner and group of the file it
// replaces, as far as the system lets this user: root keeps both, a member
// of the file's group keeps the group. Otherwise the new file is the
// user's, as any file they create.
func keepOwner(tmp saveTempFile, old fs.FileInfo) {
	uid, gid, ok := userfile.Owner(old)
	if !ok {
		return
	}
	if tmp.Chown(uid, gid) != nil {
		_ = tmp.Chown(-1, gid)
	}
}

// saveSyncDir makes the rename itself durable. It is best effort: some
// systems cannot sync a directory, and the file is already in place.
func saveSyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// saveFS is the part of the file system SaveFile uses.
type saveFS interface {
	ReadFile(name string) ([]byte, error)
	Stat(name string) (fs.FileInfo, error)
	CheckWritable(name string) error
	CreateTemp(dir, pattern string) (saveTempFile, error)
	Rename(oldPath, newPath string) error
	Remove(name string) error
}

// saveTempFile is the temporary file SaveFile writes.
type saveTempFile interface {
	io.Writer
	Name() string
	Sync() error
	Chmod(mode fs.FileMode) error
	Chown(uid, gid int) error
	Close() error
}

// saveOS is saveFS on the real file system.
type saveOS struct{}

func (saveOS) ReadFile(name string) ([]byte, error)  { return os.ReadFile(name) }
func (saveOS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }
func (saveOS) Rename(oldPath, newPath string) error  { return os.Rename(oldPath, newPath) }
func (saveOS) Remove(name string) error              { return os.Remove(name) }

// CheckWritable opens the file for writing, without truncating it or
// writing a byte, to learn whether this user may write it at all.
func (saveOS) CheckWritable(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}
func (saveOS) CreateTemp(dir, pattern string) (saveTempFile, error) {
	return os.CreateTemp(dir, pattern)
}
