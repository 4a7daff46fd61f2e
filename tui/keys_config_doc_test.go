package tui

import (
	"os"
	"strings"
	"testing"
)

// TestConfigDocListsEveryAction: docs/config.md has a row for every
// action under its screen's heading, with the default keys, so a binding
// added to the KeyMap is documented where users look for it.
func TestConfigDocListsEveryAction(t *testing.T) {
	data, err := os.ReadFile("../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	// A | in a table cell is written \| (GitHub's tables).
	doc := strings.ReplaceAll(string(data), `\|`, "|")
	sections := map[string]string{}
	for _, part := range strings.Split(doc, "\n### ")[1:] {
		name, _, _ := strings.Cut(part, " ")
		sections[strings.TrimSpace(strings.SplitN(name, "\n", 2)[0])] = part
	}
	km := DefaultKeyMap()
	for _, a := range keyActions(&km) {
		row := "| `" + a.action + "` | `" + strings.Join(a.binding.Keys(), "`, `") + "` |"
		if !strings.Contains(sections[a.screen], row) {
			t.Errorf("docs/config.md, ### %s: no row %s", a.screen, row)
		}
	}
}
