package userfile

import (
	"errors"
	"io/fs"
	"os"
)

// RefusedError is OpenRegular declining a path: not a regular file, or
// replaced while it was being opened. Its message starts with the path,
// so that each store can say which store it is.
type RefusedError struct {
	Path, Reason string
}

// Error names the path and the reason.
func (e *RefusedError) Error() string { return e.Path + " " + e.Reason }

// OpenRegular opens the store at path for reading, or returns a nil file
// and no error when there is none. The checks are made on the open file,
// not on the path before opening it, so that the file cannot be swapped in
// between; the path is looked at first only so that a FIFO there is refused
// before the open, which would block. Other errors are the system's. The
// caller checks the returned info (owner, mode) and closes the file.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	pathInfo, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if !pathInfo.Mode().IsRegular() {
		return nil, nil, &RefusedError{Path: path, Reason: "is not a regular file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() || !os.SameFile(pathInfo, info) {
		f.Close()
		return nil, nil, &RefusedError{Path: path, Reason: "changed while it was being opened; try again"}
	}
	return f, info, nil
}
