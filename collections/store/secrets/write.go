package secrets

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/store/internal/userfile"
)

// fileSystem is what the store is written through: nil, the real one, but
// in the tests that make the write fail half-way.
var fileSystem atomicfile.FS

// save writes values atomically (userfile.WriteAtomic: owner-only, so no
// other user can read the secrets even for the moment before the rename),
// so that readers see the old file or the new one, never a part of
// either. The caller holds mu.
func (s *Store) save(values map[string]entry) error {
	data, err := encodeStore(values)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if err := userfile.WriteAtomic(fileSystem, s.path, data); err != nil {
		return fmt.Errorf("secrets: store not changed: %w", err)
	}
	s.values, s.loaded, s.cache = values, true, nil
	if info, statErr := os.Stat(s.path); statErr == nil {
		s.modTime, s.size = info.ModTime(), info.Size()
	}
	return nil
}
