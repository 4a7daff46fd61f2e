package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
)

// ErrChangedOnDisk is what a *ChangedOnDiskError matches with errors.Is.
var ErrChangedOnDisk = errors.New("the file changed on disk since it was loaded")

// ChangedOnDiskError reports that Write, asked to write only over what was
// loaded (Options.IfUnchanged), found the file different from it (edited,
// replaced or deleted by someone else), so it did not overwrite it.
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

// ReadOnlyError reports that Write (with Options.KeepMode) left a file
// alone because it is read-only: its mode grants nobody write access (as a
// file made read-only on purpose, with chmod a-w, does), or the user
// running keyway may not write it. Replacing it by a rename would succeed
// in a writable folder — and as root always — but would overrule the mode,
// and give the file another owner and group.
type ReadOnlyError struct {
	Path string
	Mode fs.FileMode
}

// Error says what happened and what the user can do.
func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("%s is read-only (mode %04o); nothing was saved (to save edits to it, make it writable: chmod u+w %s)", e.Path, e.Mode.Perm(), e.Path)
}

// NotRegularError reports that Write (with Options.KeepMode) left alone
// something that is not a regular file: a rename over a device or a FIFO
// (a report sent to /dev/stdout, say) would replace it with a plain file.
type NotRegularError struct {
	Path string
}

// Error says what happened.
func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file; nothing was written", e.Path)
}

// IsRefusal reports whether err is Write declining to write (the file
// changed on disk, is read-only or is not a regular file), an error that
// names the file and says nothing was written, rather than a failure of
// the system, which a caller says more about.
func IsRefusal(err error) bool {
	var (
		changed    *ChangedOnDiskError
		readOnly   *ReadOnlyError
		notRegular *NotRegularError
	)
	return errors.As(err, &changed) || errors.As(err, &readOnly) || errors.As(err, &notRegular)
}

// CreateError is a failure to create the temporary file: the folder does
// not exist, or this user cannot write in it. Its message is the system's;
// the type lets a caller say which folder.
type CreateError struct {
	Dir string
	Err error
}

// Error is the system's message.
func (e *CreateError) Error() string { return e.Err.Error() }

// Unwrap returns the system's error.
func (e *CreateError) Unwrap() error { return e.Err }
