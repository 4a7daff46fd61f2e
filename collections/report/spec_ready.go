package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Ready makes sure every report can be written, before a run sends
// anything: a report that cannot be written is a command-line mistake
// (exit 2), and finding it after a long run would waste the run. Each path
// must be distinct (two reports on one file would silently keep one), must
// not be a folder, a device or a read-only file, and its folder is created
// when missing — as CI jobs expect of `--report junit:out/junit.xml`.
// A report never replaces a file named in keep — the collection being run,
// keyway's own stores — which a report written over would destroy.
// Every error wraps ErrSpec.
func Ready(specs []Spec, keep ...string) error {
	kept := make(map[string]bool, len(keep))
	for _, path := range keep {
		if path != "" {
			kept[samePathKey(path)] = true
		}
	}
	seen := make(map[string]Spec, len(specs))
	for _, spec := range specs {
		key := samePathKey(spec.Path)
		if kept[key] {
			return fmt.Errorf("%w %s: %s is the collection or one of keyway's own files; a report would replace it: name another file", ErrSpec, spec, spec.Path)
		}
		if earlier, dup := seen[key]; dup {
			return fmt.Errorf("%w: --report %s and --report %s name the same file; give each report a path of its own", ErrSpec, earlier, spec)
		}
		seen[key] = spec
		if err := ready(spec); err != nil {
			return err
		}
	}
	return nil
}

// ready checks one report's path and creates its folder.
func ready(spec Spec) error {
	if strings.HasSuffix(spec.Path, "/") || strings.HasSuffix(spec.Path, string(filepath.Separator)) {
		return fmt.Errorf("%w %s: %s names a folder; name a file in it, such as %s", ErrSpec, spec, spec.Path, filepath.Join(spec.Path, "report."+spec.Format.extension()))
	}
	info, err := os.Stat(spec.Path)
	switch {
	case err == nil && info.IsDir():
		return fmt.Errorf("%w %s: %s is a folder; name a file in it, such as %s", ErrSpec, spec, spec.Path, filepath.Join(spec.Path, "report."+spec.Format.extension()))
	case err == nil && !info.Mode().IsRegular():
		return fmt.Errorf("%w %s: %s is not a regular file, and a report replaces the file it names", ErrSpec, spec, spec.Path)
	case err == nil && info.Mode().Perm()&0o222 == 0:
		return fmt.Errorf("%w %s: %s is read-only (mode %04o); make it writable or name another file", ErrSpec, spec, spec.Path, info.Mode().Perm())
	case err == nil:
		f, openErr := os.OpenFile(spec.Path, os.O_WRONLY, 0)
		if openErr != nil {
			return fmt.Errorf("%w %s: cannot write %s: %w", ErrSpec, spec, spec.Path, errors.Unwrap(openErr))
		}
		f.Close()
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w %s: %w", ErrSpec, spec, err)
	}
	dir := filepath.Dir(spec.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w %s: cannot create the folder %s: %w", ErrSpec, spec, dir, errors.Unwrap(err))
	}
	// The report is written to a temporary file beside it, then renamed:
	// that is what must be possible in the folder.
	probe, err := os.CreateTemp(dir, ".keyway-report-check-*")
	if err != nil {
		return fmt.Errorf("%w %s: cannot write in %s: %w", ErrSpec, spec, dir, errors.Unwrap(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// samePathKey is a key equal for two spellings of one file: absolute,
// with the links of its folder resolved (the file itself may not exist).
func samePathKey(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		return resolved
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}
