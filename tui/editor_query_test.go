package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
)

var keyCtrlO = tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}

// TestEditorEditsQueryAndBody: the inline editor adds a query parameter
// (ctrl+o) and edits a one-line body; saving writes exactly those two
// changes into the file, every other byte kept.
func TestEditorEditsQueryAndBody(t *testing.T) {
	src := strings.Replace(dialogSource, `url = "{{base_url}}/login"
`, `url = "{{base_url}}/login"   # the login
body = "user=a"
`, 1)
	path := filepath.Join(t.TempDir(), "shop.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	m := selectRequest(t, dialogModel(t, path, src, realEngine{}, 100, 30), "Login")
	m = feed(m, 0, keyChar('e'))
	if m.explore.editor == nil {
		t.Fatal("e opened no editor")
	}
	// method, url, body: to the body, add to it, then a query line.
	m = feed(m, 0, keyTab, keyTab)
	m = feed(m, 0, typeText("&pw={{prompt}}")...)
	m = feed(m, 0, keyCtrlO)
	m = feed(m, 0, typeText("next=/home a")...)
	m = feed(m, 3, keyCtrlS)
	if m.explore.editor != nil {
		t.Fatalf("the editor is still open:\n%s", screenText(m))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, `body = "user=a"
`, `body = "user=a&pw={{prompt}}"
query = { next = "/home a" }
`, 1)
	if string(data) != want {
		t.Errorf("file:\n%s\nwant:\n%s", data, want)
	}
}

// TestEditorLeavesFileBodiesToTheFile: a body that is a table or a file is
// not among the inputs, and the editor says where to change it.
func TestEditorLeavesFileBodiesToTheFile(t *testing.T) {
	src := strings.Replace(dialogSource, `url = "{{base_url}}/login"
`, `url = "{{base_url}}/login"
body_file = "login.json"
`, 1)
	m := selectRequest(t, dialogModel(t, "shop.toml", src, &fakeEngine{}, 100, 30), "Login")
	m = feed(m, 0, keyChar('e'))
	if m.explore.editor == nil || !strings.Contains(screenText(m), "body_file table: edit it") {
		t.Fatalf("no note:\n%s", screenText(m))
	}
	for _, k := range m.explore.editor.kinds {
		if k == editBody {
			t.Error("a body_file is editable inline")
		}
	}
}
