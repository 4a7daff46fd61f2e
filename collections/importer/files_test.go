package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRebase: a path the source wrote relative to its folder names the
// same file relative to where the collection is written; absolute and
// home paths stay as written.
func TestRebase(t *testing.T) {
	for _, c := range []struct{ p, from, to, want string }{
		{"body.json", "src", "out", "../src/body.json"},
		{"certs/ca.pem", "api", "api", "certs/ca.pem"},
		{"../shared/key.pem", "a/b", "a", "shared/key.pem"},
		{"/etc/ssl/ca.pem", "src", "out", "/etc/ssl/ca.pem"},
		{"~/keys/svc.pem", "src", "out", "~/keys/svc.pem"},
	} {
		if got := rebase(c.p, c.from, c.to); got != c.want {
			t.Errorf("rebase(%q, %q, %q) = %q, want %q", c.p, c.from, c.to, got, c.want)
		}
	}
}

// TestFolderReaderStaysInItsFolder: files beside the source are read,
// nothing outside it, through .. or a symbolic link.
func TestFolderReaderStaysInItsFolder(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{filepath.Join(sub, "in.json"): "in", filepath.Join(dir, "out.json"): "out"} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "out.json"), filepath.Join(sub, "link.json")); err != nil {
		t.Fatal(err)
	}
	read := FolderReader(sub)
	if got, err := read("in.json"); err != nil || string(got) != "in" {
		t.Errorf("in.json: %q, %v", got, err)
	}
	for _, rel := range []string{"../out.json", "link.json"} {
		if _, err := read(rel); err == nil {
			t.Errorf("%s: read a file outside the folder", rel)
		}
	}
}
