package importer

import (
	"os"
	"path/filepath"
	"strings"
)

// FolderReader reads files by a path relative to dir and never outside it
// (os.Root refuses .. and symbolic links that leave it): an imported file
// names files beside it (a .http body `< ./body.json`, an environment file),
// and must not reach anything else. It is Input.ReadFile for a source read
// from dir, for keyway import and the TUI alike.
func FolderReader(dir string) func(string) ([]byte, error) {
	return func(rel string) ([]byte, error) {
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		return root.ReadFile(filepath.FromSlash(rel))
	}
}

// MoveFiles makes every relative file path the collection names, written
// relative to the folder from (the source's), relative to the folder to
// (where the collection is written) instead, so that each still names the
// same file. Absolute paths and paths from the home folder stay as
// written.
func (c *Collection) MoveFiles(from, to string) {
	c.MapFiles(func(p string) string { return rebase(p, from, to) })
}

// rebase is MoveFiles for one path.
func rebase(p, from, to string) string {
	if filepath.IsAbs(p) || strings.HasPrefix(p, "~/") || from == to {
		return p
	}
	absFrom, err1 := filepath.Abs(filepath.Join(from, p))
	absTo, err2 := filepath.Abs(to)
	if err1 != nil || err2 != nil {
		return p
	}
	rel, err := filepath.Rel(absTo, absFrom)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}
