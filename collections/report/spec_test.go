package report

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSpec(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Spec
		wantErr bool
	}{
		{in: "junit:out/report.xml", want: Spec{Format: FormatJUnit, Path: "out/report.xml"}},
		{in: "json:report.json", want: Spec{Format: FormatJSON, Path: "report.json"}},
		{in: "html:out/report.html", want: Spec{Format: FormatHTML, Path: "out/report.html"}},
		{in: "HTML:r.html", want: Spec{Format: FormatHTML, Path: "r.html"}},
		{in: "JSON:r.json", want: Spec{Format: FormatJSON, Path: "r.json"}},
		{in: "json:C:/tmp/r.json", want: Spec{Format: FormatJSON, Path: "C:/tmp/r.json"}},
		{in: "report.json", wantErr: true},
		{in: "xml:report.xml", wantErr: true},
		{in: "junit:", wantErr: true},
		{in: "", wantErr: true},
	} {
		got, err := ParseSpec(tc.in)
		if tc.wantErr {
			if !errors.Is(err, ErrSpec) {
				t.Errorf("ParseSpec(%q) error = %v, want one wrapping ErrSpec", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSpec(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if again, err := ParseSpec(got.String()); err != nil || again != got {
			t.Errorf("ParseSpec(%q) does not round-trip: %+v, %v", got.String(), again, err)
		}
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, seed := range []string{"junit:a.xml", "json:", ":", "json:a:b", "\x00:x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSpec(in)
		if err != nil {
			return
		}
		if s.Path == "" || (s.Format != FormatJSON && s.Format != FormatJUnit && s.Format != FormatHTML) {
			t.Fatalf("ParseSpec(%q) accepted %+v", in, s)
		}
	})
}

func TestSpecWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (Spec{Format: FormatJSON, Path: path}).Write(sample()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var decoded Report
	if err := json.Unmarshal(data, &decoded); err != nil || decoded.Collection != sample().Collection {
		t.Errorf("written report does not decode back: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files after the write, want only the report", len(entries))
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o644 {
		t.Errorf("report mode = %v, want 0644", info.Mode().Perm())
	}
}

func TestSpecWriteFailureKeepsNothingBehind(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "report.xml")
	err := (Spec{Format: FormatJUnit, Path: path}).Write(sample())
	if err == nil {
		t.Fatal("writing into a missing folder succeeded")
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error = %v, want it to wrap the file system's", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("a failed write left %d files", len(entries))
	}
}

// TestSpecWriteKeepsPermissions: replacing a report someone made private
// (or group-writable) keeps the mode they chose.
func TestSpecWriteKeepsPermissions(t *testing.T) {
	for _, perm := range []os.FileMode{0o600, 0o664} {
		path := filepath.Join(t.TempDir(), "report.xml")
		if err := os.WriteFile(path, []byte("old"), perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, perm); err != nil { // past the umask
			t.Fatal(err)
		}
		if err := (Spec{Format: FormatJUnit, Path: path}).Write(sample()); err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != perm {
			t.Errorf("mode after rewrite = %v, want %v", info.Mode().Perm(), perm)
		}
	}
}

// TestReadyRefusesWhatCannotBeAReport: every --report path is checked
// before a run sends anything (issue 9, item 17): a folder, a device, a
// read-only file and two reports on one file are errors wrapping ErrSpec,
// saying which; a missing folder is created.
func TestReadyRefusesWhatCannotBeAReport(t *testing.T) {
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "old.json")
	if err := os.WriteFile(readOnly, nil, 0o444); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		specs []Spec
		want  string
	}{
		{"folder", []Spec{{FormatJSON, dir}}, "is a folder; name a file in it, such as " + filepath.Join(dir, "report.json")},
		{"folder for HTML", []Spec{{FormatHTML, dir}}, "such as " + filepath.Join(dir, "report.html")},
		{"folder for JUnit", []Spec{{FormatJUnit, dir}}, "such as " + filepath.Join(dir, "report.xml")},
		{"device", []Spec{{FormatJUnit, os.DevNull}}, "not a regular file"},
		{"read-only", []Spec{{FormatJSON, readOnly}}, "read-only (mode 0444)"},
		{"same path", []Spec{{FormatJSON, filepath.Join(dir, "r")}, {FormatJUnit, filepath.Join(link, "r")}}, "name the same file"},
		{"trailing slash", []Spec{{FormatJSON, filepath.Join(dir, "missing") + "/"}}, "names a folder"},
		{"the collection", []Spec{{FormatJSON, filepath.Join(link, "api.toml")}}, "one of keyway's own files"},
	}
	for _, tc := range cases {
		err := Ready(tc.specs, filepath.Join(dir, "api.toml"))
		if !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Ready = %v; want ErrSpec saying %q", tc.name, err, tc.want)
		}
	}
	nested := filepath.Join(dir, "out", "nested", "junit.xml")
	if _, err := os.Stat(filepath.Join(dir, "missing")); err == nil {
		t.Error("a report path ending in / created its folder")
	}
	if err := Ready([]Spec{{FormatJUnit, nested}, {FormatJSON, filepath.Join(dir, "out", "r.json")},
		{FormatHTML, filepath.Join(dir, "html", "report.html")}}); err != nil {
		t.Fatalf("Ready with a missing folder: %v", err)
	}
	if info, err := os.Stat(filepath.Dir(nested)); err != nil || !info.IsDir() {
		t.Fatalf("the missing folder was not created: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(nested)); len(entries) != 0 {
		t.Fatalf("Ready left files behind: %v", entries)
	}
}
