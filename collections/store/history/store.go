package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/store/internal/userfile"
)

// formatVersion is the header's "keyway_history" value.
const formatVersion = 1

// fileHeader is the first line of a history file: it says the file is
// keyway's and names the collection, since the file name is a hash.
type fileHeader struct {
	Format     int    `json:"keyway_history"`
	Collection string `json:"collection"`
}

// Store is one collection's history file. Its methods may be called from
// several goroutines and processes at once: each takes the lock across
// processes for the file.
type Store struct {
	dir, path, collection string
	// now is the clock for MaxAge; a test moves it.
	now func() time.Time
	// currentUID is the user keyway runs as; a test plays another.
	currentUID func() int
}

// Open returns the history of the collection named collection — its
// absolute path, or a fixed name for a collection with no file of the
// user's (the built-in demo) — kept in dir (see Dir). Nothing is read or
// created until the first Load or Append.
func Open(dir, collection string) (*Store, error) {
	if dir == "" || collection == "" {
		return nil, errors.New("no folder or collection given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	return &Store{
		dir:        abs,
		path:       filepath.Join(abs, fileName(collection)),
		collection: collection,
		now:        time.Now,
		currentUID: os.Getuid,
	}, nil
}

// Path returns the history file's path.
func (s *Store) Path() string { return s.path }

// ForeignError is returned for a history file keyway cannot use: not one
// it wrote, or another collection's. The file is left as it is.
type ForeignError struct {
	Path, Reason string
}

// Error says which file and why, and what to do.
func (e *ForeignError) Error() string {
	return fmt.Sprintf("history file %s %s; it was left as it is: move it away to keep a new history", e.Path, e.Reason)
}

// Loaded is what Load read.
type Loaded struct {
	// Entries are newest first, none older than MaxAge.
	Entries []Entry
	// Skipped counts the lines that could not be read; they stay in the
	// file (or, once the file is pruned, in RejectedPath).
	Skipped int
}

// RejectedPath is where a pruning rewrite moves the lines it could not
// read, so that none is lost.
func (s *Store) RejectedPath() string { return s.path + ".rejected" }

// Load reads the history, newest first. A missing file is an empty
// history; a foreign one is a *ForeignError.
func (s *Store) Load() (Loaded, error) {
	release, err := userfile.Lock(s.path)
	if err != nil {
		return Loaded{}, fmt.Errorf("%w", err)
	}
	defer release()
	data, err := s.read()
	if err != nil || data == nil {
		return Loaded{}, err
	}
	entries, _, bad, err := s.parse(data)
	if err != nil {
		return Loaded{}, err
	}
	cutoff := s.now().Add(-MaxAge)
	out := Loaded{Skipped: len(bad)}
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Time.After(cutoff) {
			out.Entries = append(out.Entries, entries[i])
		}
	}
	return out, nil
}

// Append adds e to the history, then drops what is past the bounds: the
// entries older than MaxAge and, oldest first, those past MaxEntries or
// MaxBytes. A pruning rewrites the file atomically and keeps less than
// the bounds, so that the next appends only append.
func (s *Store) Append(e Entry) error {
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	line = append(line, '\n')
	if err := s.checkFolder(); err != nil {
		return err
	}
	release, err := userfile.Lock(s.path)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	defer release()
	data, err := s.read()
	if err != nil {
		return err
	}
	if data == nil {
		header, err := json.Marshal(fileHeader{Format: formatVersion, Collection: s.collection})
		if err != nil {
			return fmt.Errorf("%w", err)
		}
		return s.writeAtomic(slices.Concat(header, []byte("\n"), line))
	}
	if err := s.checkHeader(data); err != nil {
		return err
	}
	if !s.needsPruning(data, len(line)) {
		return s.appendLine(data, line)
	}
	entries, lines, bad, err := s.parse(data)
	if err != nil {
		return err
	}
	if err := s.reject(bad); err != nil {
		return err
	}
	return s.rewrite(append(entries, e), append(lines, bytes.TrimSuffix(line, []byte("\n"))))
}

// needsPruning reports whether appending a line of n bytes to data takes
// the history past a bound: it counts lines and reads only the oldest
// entry's time, so that a common append does not decode the file.
func (s *Store) needsPruning(data []byte, n int) bool {
	if len(data)+n > MaxBytes || bytes.Count(data, []byte("\n")) > MaxEntries {
		return true
	}
	_, rest, _ := bytes.Cut(data, []byte("\n"))
	first, _, _ := bytes.Cut(rest, []byte("\n"))
	var oldest struct {
		Time time.Time `json:"time"`
	}
	if json.Unmarshal(first, &oldest) != nil {
		return true // a bad line: a rewrite sets it aside
	}
	return !oldest.Time.After(s.now().Add(-MaxAge))
}

// appendLine appends line to the file, which holds data, in one write. A
// file that does not end with a line break ends with a torn line (a
// process killed while writing): the new line starts on a line of its own.
func (s *Store) appendLine(data, line []byte) error {
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		line = append([]byte("\n"), line...)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("entry not kept: %w", err)
	}
	return f.Close()
}

// rewrite writes the header and the newest of entries (oldest first,
// each written as lines holds it) that fit below the pruning targets and
// are younger than MaxAge.
func (s *Store) rewrite(entries []Entry, lines [][]byte) error {
	cutoff := s.now().Add(-MaxAge)
	header, err := json.Marshal(fileHeader{Format: formatVersion, Collection: s.collection})
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	var kept [][]byte
	size := len(header) + 1
	for i := len(entries) - 1; i >= 0 && len(kept) < pruneEntries; i-- {
		if !entries[i].Time.After(cutoff) {
			continue
		}
		if size+len(lines[i])+1 > pruneBytes && len(kept) > 0 {
			break
		}
		size += len(lines[i]) + 1
		kept = append(kept, lines[i])
	}
	var b bytes.Buffer
	b.Grow(size)
	b.Write(header)
	b.WriteByte('\n')
	for i := len(kept) - 1; i >= 0; i-- {
		b.Write(kept[i])
		b.WriteByte('\n')
	}
	return s.writeAtomic(b.Bytes())
}

// parse reads the header and the entries of data, oldest first, each
// with its line as written (a rewrite copies it, rather than encode the
// entry again), and returns the lines it could not read.
func (s *Store) parse(data []byte) (entries []Entry, lines, bad [][]byte, err error) {
	if err := s.checkHeader(data); err != nil {
		return nil, nil, nil, err
	}
	_, rest, _ := bytes.Cut(data, []byte("\n"))
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e Entry
		if json.Unmarshal(line, &e) != nil || e.ID == "" || e.Time.IsZero() {
			bad = append(bad, line)
			continue
		}
		entries = append(entries, e)
		lines = append(lines, line)
	}
	return entries, lines, bad, nil
}

// checkHeader refuses data whose first line is not this collection's
// history header.
func (s *Store) checkHeader(data []byte) error {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	var h fileHeader
	if json.Unmarshal(first, &h) != nil || h.Format == 0 {
		return &ForeignError{Path: s.path, Reason: "is not a keyway history (its first line is not a keyway_history header)"}
	}
	if h.Format != formatVersion {
		return &ForeignError{Path: s.path, Reason: fmt.Sprintf("has format %d, which this keyway does not know (it writes %d)", h.Format, formatVersion)}
	}
	if h.Collection != s.collection {
		return &ForeignError{Path: s.path, Reason: fmt.Sprintf("is the history of another collection (%q)", h.Collection)}
	}
	return nil
}

// reject appends the lines a rewrite would drop to RejectedPath.
func (s *Store) reject(bad [][]byte) error {
	if len(bad) == 0 {
		return nil
	}
	f, err := os.OpenFile(s.RejectedPath(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("unreadable lines could not be set aside, so the history was not pruned: %w", err)
	}
	for _, line := range bad {
		if _, err := f.Write(append(slices.Clone(line), '\n')); err != nil {
			f.Close()
			return fmt.Errorf("unreadable lines could not be set aside, so the history was not pruned: %w", err)
		}
	}
	return f.Close()
}

// read returns the file's bytes, nil when there is no file yet. It
// refuses a file another user owns or can write, and one too large to be
// a history keyway wrote.
func (s *Store) read() ([]byte, error) {
	info, err := os.Lstat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, &ForeignError{Path: s.path, Reason: "is not a regular file"}
	}
	if err := s.checkPrivate(s.path, info); err != nil {
		return nil, err
	}
	if info.Size() > maxFile {
		return nil, &ForeignError{Path: s.path, Reason: fmt.Sprintf("is %d bytes, far more than keyway keeps (%d)", info.Size(), MaxBytes)}
	}
	data, err := os.ReadFile(s.path)
	if err != nil {
		return nil, fmt.Errorf("%w", err)
	}
	if len(data) == 0 {
		return nil, nil // created and never written: nothing to keep
	}
	return data, nil
}

// checkFolder creates the history folder owner-only and refuses one that
// another user owns or can write: they could replace a history with one
// of their making.
func (s *Store) checkFolder() error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("%w", err)
	}
	info, err := os.Stat(s.dir)
	if err != nil {
		return fmt.Errorf("%w", err)
	}
	return s.checkPrivate(s.dir, info)
}

// checkPrivate refuses a file or folder another user owns, or that others
// can write. Windows has no such mode bits; its ACLs are the system's
// business.
func (s *Store) checkPrivate(path string, info fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if uid, _, ok := atomicfile.Owner(info); ok && uid != s.currentUID() {
		return fmt.Errorf("%s belongs to another user (uid %d); keyway will not use it: make it yours (chown) or remove it", path, uid)
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		fix := "chmod 600 "
		if info.IsDir() {
			fix = "chmod 700 "
		}
		return fmt.Errorf("%s can be written by other users (mode %04o); keyway will not use it until you run: %s%s", path, perm, fix, path)
	}
	return nil
}

// writeAtomic replaces the file with data (userfile.WriteAtomic:
// owner-only, in the same folder, synced, renamed over it), so that a
// reader sees the old history or the new one, never a part of either.
func (s *Store) writeAtomic(data []byte) error {
	if err := userfile.WriteAtomic(nil, s.path, data); err != nil {
		return fmt.Errorf("entry not kept: %w", err)
	}
	return nil
}
