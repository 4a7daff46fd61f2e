package collections

import (
	"fmt"
	"io/fs"

	"github.com/keyway-cli/keyway/collections/atomicfile"
)

// ErrChangedOnDisk is what a *ChangedOnDiskError matches with errors.Is.
var ErrChangedOnDisk = atomicfile.ErrChangedOnDisk

// ChangedOnDiskError reports that SaveFile found the file different from
// the bytes it was loaded from (edited, replaced or deleted by someone
// else), so it did not overwrite it.
type ChangedOnDiskError = atomicfile.ChangedOnDiskError

// ReadOnlyError reports that SaveFile or WriteFile left a file alone
// because it is read-only (see atomicfile.ReadOnlyError).
type ReadOnlyError = atomicfile.ReadOnlyError

// saveNewFilePerm is the permission of a collection saved for the first
// time: collections hold no secrets and are meant to be shared.
const saveNewFilePerm fs.FileMode = 0o644

// SaveFile writes data to path atomically, unless the file on disk no
// longer holds loaded, the bytes read when it was opened: then it returns a
// *ChangedOnDiskError and writes nothing, so that a change made by someone
// else is never silently lost. A nil loaded means a new file, which must
// not exist yet.
//
// The write is atomicfile.Write's: a temporary file in the same folder,
// synced and given the original file's permission bits, owner and group,
// renamed over the original. On any failure the original file is left as
// it was. A read-only file is refused (*ReadOnlyError). A symbolic link is
// followed, so the link stays and its target is replaced.
func SaveFile(path string, data, loaded []byte) error {
	return saveFileWith(nil, path, data, loaded)
}

// saveFileWith is SaveFile over a replaceable file system (nil for the
// real one), so that tests can make any step fail.
func saveFileWith(fsys atomicfile.FS, path string, data, loaded []byte) error {
	return saveError(path, atomicfile.Write(path, data, atomicfile.Options{
		Perm: saveNewFilePerm, KeepMode: true, FollowLink: true,
		IfUnchanged: true, Loaded: loaded, FS: fsys,
	}))
}

// WriteFile writes data to path atomically, replacing whatever is there,
// with the permission bits of the file it replaces (perm for a new file).
// On any failure the old file is left as it was. Unlike SaveFile it does
// not check what the file held: it is for files keyway owns outright, such
// as reports.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return saveError(path, atomicfile.Write(path, data, atomicfile.Options{Perm: perm, KeepMode: true}))
}

// WriteNewFile is WriteFile for a file that must not exist yet: it fails
// with an error matching fs.ErrExist when one is there, even one that
// appeared after the caller looked (the file is linked into place, never
// renamed over another: atomicfile's NoReplace).
func WriteNewFile(path string, data []byte, perm fs.FileMode) error {
	return saveError(path, atomicfile.Write(path, data, atomicfile.Options{Perm: perm, NoReplace: true}))
}

// saveError says which file a failure of the system left unsaved; a
// refusal already says so.
func saveError(path string, err error) error {
	if err == nil || atomicfile.IsRefusal(err) {
		return err
	}
	return fmt.Errorf("saving %s: %w", path, err)
}
