package tui

import (
	"os"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"

	"github.com/keyway-cli/keyway/collections"
)

// TestDemoEditIsKeptForTheSessionOnly: the built-in demo is parsed under
// the name "demo.toml", which is no file of the user's. Saving an edit
// there must neither write a demo.toml in the working folder (run from
// examples/ it used to rewrite examples/demo.toml) nor fail with "the file
// changed on disk"; the edit is used for the session and the status says
// so (issue 13, defect 1).
func TestDemoEditIsKeptForTheSessionOnly(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	dir := t.TempDir()
	t.Chdir(dir)
	const theirs = "# the user's own file, never opened\n"
	if err := os.WriteFile("demo.toml", []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	demo, err := collections.Parse("demo.toml", []byte(strings.Replace(realTOML, "BASE", "http://127.0.0.1:1", 1)))
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(demo, "", newSession(nil, nil, nil), realEngine{inMemory: true})
	c.demo = true
	m := newModel(c)
	m = feed(m, 0, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = feed(m, 0, keyChar('e'), keyTab)
	m = feed(m, 0, typeText("?v=1")...)
	if screen := screenText(m); !strings.Contains(screen, "ctrl+s keep for this session") {
		t.Errorf("the key help promises a file:\n%s", screen)
	}
	m = feed(m, 3, keyCtrlS)

	if got, _ := os.ReadFile("demo.toml"); string(got) != theirs {
		t.Fatalf("the user's demo.toml was written:\n%s", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files appeared in the working folder: %v", entries)
	}
	if m.explore.editor != nil {
		t.Fatalf("editor still open:\n%s", screenText(m))
	}
	if got := m.c.coll.Request("Hello").URL; got != "{{base_url}}/hello?v=1" {
		t.Fatalf("the edit is not used for the session: URL %q", got)
	}
	if m.status.text != demoNotSaved {
		t.Fatalf("status %q, want %q", m.status.text, demoNotSaved)
	}
}
