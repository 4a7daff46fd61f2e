package secrets

import (
	"fmt"
	"os"
	"path/filepath"
)

// syncFile flushes a file to disk; a variable so that tests can make the
// write fail half-way.
var syncFile = (*os.File).Sync

// save writes values to a temporary file beside the store, flushes it and
// renames it over the store, so that readers see the old file or the new
// one, never a part of either. The caller holds mu.
func (s *Store) save(values map[string]entry) (err error) {
	data, err := encodeStore(values)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	// CreateTemp makes the file with mode 0600, so no other user can read
	// the secrets even for the moment before the rename.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(s.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	syncDir(dir)
	s.values, s.loaded, s.cache = values, true, nil
	if info, statErr := os.Stat(s.path); statErr == nil {
		s.modTime, s.size = info.ModTime(), info.Size()
	}
	return nil
}

// syncDir flushes the directory entry of the rename where the system
// allows it; a failure here does not undo a write that has happened.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
