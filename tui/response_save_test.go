package tui

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestWriteBodyFile: a saved body is a new owner-only file; an existing
// file is left alone until replacing is confirmed; a folder it cannot be
// written in is named in the error.
func TestWriteBodyFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "body.json")
	if msg := writeBodyFile(path, "first", false); msg.err != nil || msg.exists {
		t.Fatalf("new file: %+v", msg)
	}
	if msg := writeBodyFile(path, "second", false); msg.err != nil || !msg.exists {
		t.Fatalf("existing file without replace: %+v; want exists", msg)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Fatalf("file replaced without asking: %q", got)
	}
	if msg := writeBodyFile(path, "second", true); msg.err != nil || msg.exists {
		t.Fatalf("replace: %+v", msg)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "second" || (runtime.GOOS != "windows" && info.Mode().Perm() != 0o600) {
		t.Fatalf("after replace: %q, mode %04o; want the new body, owner-only", got, info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}

	missing := filepath.Join(dir, "missing")
	msg := writeBodyFile(filepath.Join(missing, "body.json"), "x", false)
	if msg.err == nil || !strings.HasPrefix(msg.err.Error(), "cannot write in "+missing+": ") {
		t.Fatalf("no such folder: %v; want 'cannot write in %s: …'", msg.err, missing)
	}
}
