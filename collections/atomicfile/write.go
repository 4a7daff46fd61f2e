package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Options are the promises a writer adds to Write's own.
type Options struct {
	// Perm is the permission of the file written: of a new file only,
	// with KeepMode.
	Perm fs.FileMode
	// KeepMode gives the replacement the permission bits, and as far as
	// the system lets this user the owner and group, of the file it
	// replaces; a file that is read-only (*ReadOnlyError) or not a
	// regular file (*NotRegularError) is left alone.
	KeepMode bool
	// FollowLink writes through a symbolic link: the link stays and its
	// target is replaced. Without it, the link itself is replaced.
	FollowLink bool
	// IfUnchanged writes only if the file still holds Loaded, the bytes
	// read when it was opened (a nil Loaded: a new file, which must not
	// exist yet); otherwise it returns a *ChangedOnDiskError, so that a
	// change made by someone else is never silently lost. The check and
	// the rename are not one atomic step: a write landing between them is
	// not detected (the stores hold a lock across processes for that).
	IfUnchanged bool
	Loaded      []byte
	// NoReplace never replaces a file: the temporary file is linked to
	// the path, which fails with an error matching fs.ErrExist when a file
	// is there, even one that appeared after the caller looked.
	NoReplace bool
	// FS is the file system; nil is the real one (OS).
	FS FS
}

// Write writes data to path atomically, with the promises of o. A refusal
// (see IsRefusal) names path; any other error is the system's, which the
// caller wraps to say what was not written.
func Write(path string, data []byte, o Options) (err error) {
	fsys := o.FS
	if fsys == nil {
		fsys = OS
	}
	target := path
	if o.FollowLink {
		if resolved, err := filepath.EvalSymlinks(path); err == nil {
			target = resolved
		}
	}
	if o.IfUnchanged {
		if err := checkUnchanged(fsys, path, target, o.Loaded); err != nil {
			return err
		}
	}
	perm := o.Perm
	old, statErr := fsys.Stat(target)
	kept := o.KeepMode && statErr == nil
	if kept {
		perm = old.Mode().Perm()
		if !old.Mode().IsRegular() {
			return &NotRegularError{Path: path}
		}
		if perm&0o222 == 0 || fsys.CheckWritable(target) != nil {
			return &ReadOnlyError{Path: path, Mode: perm}
		}
	}
	dir := filepath.Dir(target)
	tmp, err := fsys.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return &CreateError{Dir: dir, Err: err}
	}
	defer func() {
		if err != nil {
			_ = tmp.Close() // the write already failed; this only releases the descriptor
			_ = fsys.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	// Sync before rename: otherwise a crash can leave the new name
	// pointing at an empty file on some file systems.
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if kept {
		keepOwner(tmp, old)
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if o.NoReplace {
		err = fsys.Link(tmp.Name(), target)
		if err == nil {
			_ = fsys.Remove(tmp.Name()) // the file is in place under its name
		}
	} else {
		err = fsys.Rename(tmp.Name(), target)
	}
	if err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// checkUnchanged returns a *ChangedOnDiskError unless target holds loaded
// (or, for a nil loaded, does not exist).
func checkUnchanged(fsys FS, path, target string, loaded []byte) error {
	current, err := fsys.ReadFile(target)
	switch {
	case errors.Is(err, fs.ErrNotExist) && loaded != nil:
		return &ChangedOnDiskError{Path: path, Deleted: true}
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case loaded == nil || !bytes.Equal(current, loaded):
		return &ChangedOnDiskError{Path: path}
	}
	return nil
}

// keepOwner gives the replacement the owner and group of the file it
// replaces, as far as the system lets this user: root keeps both, a member
// of the file's group keeps the group. Otherwise the new file is the
// user's, as any file they create.
func keepOwner(tmp File, old fs.FileInfo) {
	uid, gid, ok := Owner(old)
	if !ok {
		return
	}
	if tmp.Chown(uid, gid) != nil {
		_ = tmp.Chown(-1, gid)
	}
}

// syncDir makes the rename itself durable. It is best effort: some
// systems cannot sync a directory, and the file is already in place.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
