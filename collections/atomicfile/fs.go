package atomicfile

import (
	"io"
	"io/fs"
	"os"
)

// FS is the part of the file system Write uses: a seam, so that a test
// can make any step fail (see package atomicfiletest).
type FS interface {
	ReadFile(name string) ([]byte, error)
	Stat(name string) (fs.FileInfo, error)
	// CheckWritable reports whether this user may write the file.
	CheckWritable(name string) error
	CreateTemp(dir, pattern string) (File, error)
	Rename(oldPath, newPath string) error
	Link(oldPath, newPath string) error
	Remove(name string) error
}

// File is the temporary file Write writes.
type File interface {
	io.Writer
	Name() string
	Sync() error
	Chmod(mode fs.FileMode) error
	Chown(uid, gid int) error
	Close() error
}

// OS is FS on the real file system.
var OS FS = osFS{}

type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error)  { return os.ReadFile(name) }
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }
func (osFS) Rename(oldPath, newPath string) error  { return os.Rename(oldPath, newPath) }
func (osFS) Link(oldPath, newPath string) error    { return os.Link(oldPath, newPath) }
func (osFS) Remove(name string) error              { return os.Remove(name) }

// CheckWritable opens the file for writing, without truncating it or
// writing a byte, to learn whether this user may write it at all.
func (osFS) CheckWritable(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

// CreateTemp makes the file with mode 0600, so that no other user can
// read it even for the moment before Write gives it its permission.
func (osFS) CreateTemp(dir, pattern string) (File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err // not a nil *os.File in a non-nil File
	}
	return f, nil
}
