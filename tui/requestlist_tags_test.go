package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestRequestListTags: a request's tags follow its name, muted, and the
// filter finds requests by tag.
func TestRequestListTags(t *testing.T) {
	m, _ := newTestModel(t, 120, 40, true)
	view := m.explore.list.View()
	if !strings.Contains(ansi.Strip(view), "List users  #users #smoke") {
		t.Fatalf("tags not shown after the name:\n%s", ansi.Strip(view))
	}
	muted := m.c.styles.Muted.Render("  #users #smoke")
	if !strings.Contains(view, muted) {
		t.Errorf("tags not in the muted style:\n%q", view)
	}

	m = feed(m, 0, keyChar('/'))
	m = feed(m, 0, typeText("#users")...)
	m = feed(m, 0, keyEnter)
	list := ansi.Strip(m.explore.list.View())
	if !strings.Contains(list, "List users") || strings.Contains(list, "Who am I") || strings.Contains(list, "Health") {
		t.Errorf("filter #users lists:\n%s", list)
	}
}
