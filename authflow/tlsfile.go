package authflow

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxTLSFileSize bounds a ca_file, client_cert or client_key. A PEM CA
// bundle of every public root is about 200 KiB; a file larger than this is
// not a PEM file, and reading /dev/zero or a huge file whole would take
// the machine's memory.
const MaxTLSFileSize = 1 << 20

// CheckTLSFile reports why the file at path cannot be read as a TLS file
// (missing, unreadable, not a regular file, larger than MaxTLSFileSize),
// without reading it: what `keyway check` can say before anything is sent.
func CheckTLSFile(path string) error {
	f, err := openTLSFile(path)
	if err != nil {
		return err
	}
	return f.Close()
}

// readTLSFile reads a TLS file whole, refusing what CheckTLSFile refuses.
// Errors never quote the content: a key file is a secret.
func readTLSFile(path string) ([]byte, error) {
	f, err := openTLSFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may grow between Stat and reading: read one byte past the
	// limit to tell.
	data, err := io.ReadAll(io.LimitReader(f, MaxTLSFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxTLSFileSize {
		return nil, errTooLarge(path)
	}
	return data, nil
}

// openTLSFile opens path and checks, on the open file (no race with a
// rename between a check and the open), that it is a regular file within
// MaxTLSFileSize. It opens without blocking: opening a FIFO for reading
// otherwise waits for a writer, for ever and whatever the request's
// timeout says.
func openTLSFile(path string) (*os.File, error) {
	f, _, err := openBoundedFile(path, MaxTLSFileSize, "name a PEM file", errTooLarge)
	return f, err
}

// openBoundedFile opens path and checks, on the open file, that it is a
// regular file of at most limit bytes, returning its size. hint ends the
// error for a file that is not regular; tooLarge words the error for one
// past the limit.
func openBoundedFile(path string, limit int64, hint string, tooLarge func(string) error) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	switch mode := info.Mode(); {
	case !mode.IsRegular():
		f.Close()
		return nil, 0, fmt.Errorf("%s is not a regular file (it is %s); %s", path, fileKind(mode), hint)
	case info.Size() > limit:
		f.Close()
		return nil, 0, tooLarge(path)
	}
	return f, info.Size(), nil
}

func errTooLarge(path string) error {
	return fmt.Errorf("%s is larger than %d MiB, the limit for a PEM file (a bundle of every public CA is about 200 KiB)", path, MaxTLSFileSize>>20)
}

// fileKind names what a file that is not a regular file is.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}
