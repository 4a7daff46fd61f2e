package authflow

import (
	"fmt"
	"io"
	"os"
)

// MaxBodyFileSize bounds the files one request's body is read from
// (body_file, or the files of a multipart body, together): a request body
// is held in memory until it is sent, and a run holds its requests, so a
// file the size of a disk image, or /dev/zero, must be refused rather
// than read.
const MaxBodyFileSize = 16 << 20

// StatBodyFile reports the size of the file at path, or why it cannot be
// a request body (missing, unreadable, not a regular file, larger than
// MaxBodyFileSize), without reading it: what `keyway check` and a
// preview can say before anything is sent.
func StatBodyFile(path string) (int64, error) {
	f, size, err := openBodyFile(path)
	if err != nil {
		return 0, err
	}
	return size, f.Close()
}

// ReadBodyFile reads the file at path whole, refusing what StatBodyFile
// refuses. Errors never quote the content.
func ReadBodyFile(path string) ([]byte, error) {
	f, size, err := openBodyFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may grow between Stat and reading: read one byte past the
	// limit to tell.
	data := make([]byte, 0, size)
	data, err = readAllInto(data, io.LimitReader(f, MaxBodyFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBodyFileSize {
		return nil, errBodyTooLarge(path)
	}
	return data, nil
}

func openBodyFile(path string) (*os.File, int64, error) {
	return openBoundedFile(path, MaxBodyFileSize, "name a file to send", errBodyTooLarge)
}

// readAllInto reads r to its end, appending to buf.
func readAllInto(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func errBodyTooLarge(path string) error {
	return fmt.Errorf("%s is larger than %d MiB, the limit for a request body read from files", path, MaxBodyFileSize>>20)
}
