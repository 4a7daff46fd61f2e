package tui

import (
	"strings"
	"testing"
)

// TestHelpNamesTheScreenItLists: the `?` overlay's title is the screen
// whose keys it lists, and the history view's own name while it stands in
// for Explore (it said "Keys — Explore" over the history's keys).
func TestHelpNamesTheScreenItLists(t *testing.T) {
	for _, c := range []struct {
		tab  rune
		want string
	}{{'1', "Keys — Explore"}, {'2', "Keys — Flow"}, {'3', "Keys — Replay"}, {'4', "Keys — Profiles"}} {
		m, _ := newTestModel(t, 120, 40, true)
		m = feed(m, 0, keyChar(c.tab), keyChar('?'))
		if got := screenText(m); !strings.Contains(got, c.want) {
			t.Errorf("tab %c: help lacks %q:\n%s", c.tab, c.want, got)
		}
	}
	m, _, store := newHistoryTestModel(t, 120, 40, true)
	seedHistory(t, store)
	m = openHistoryView(t, m)
	m = feed(m, 0, keyChar('?'))
	got := screenText(m)
	if !strings.Contains(got, "Keys — History") || !strings.Contains(got, "compare") {
		t.Errorf("help over the history view:\n%s", got)
	}
	m = feed(m, 0, keyChar('?'), keyEsc)
	if m.explore.saved != nil {
		t.Fatal("esc did not close the history view")
	}
	if got := screenText(feed(m, 0, keyChar('?'))); !strings.Contains(got, "Keys — Explore") {
		t.Errorf("help after the history view closed:\n%s", got)
	}
}
