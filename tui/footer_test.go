package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
)

// lastLine is the screen's bottom line, the key help footer.
func lastLine(screen string) string {
	lines := strings.Split(screen, "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// TestFooterKeepsHelpAndQuit: on every screen and size the footer ends
// with ? help and q quit and is never cut with "…"; keys that do not fit
// are dropped from the screen's end instead.
func TestFooterKeepsHelpAndQuit(t *testing.T) {
	for _, w := range []int{60, 80, 120} {
		for _, key := range []rune{'1', '2', '3', '4'} {
			t.Run(fmt.Sprintf("%d/screen%c", w, key), func(t *testing.T) {
				m, _ := newTestModel(t, w, 24, true)
				m = feed(m, 0, keyChar(key))
				footer := lastLine(screenText(m))
				if !strings.HasSuffix(footer, "? help • q quit") || strings.Contains(footer, "…") {
					t.Errorf("footer %q should end with ? help • q quit, uncut", footer)
				}
			})
		}
	}
	m, _ := newTestModel(t, 80, 24, true)
	if footer := lastLine(screenText(m)); !strings.HasPrefix(footer, "enter send • f walk its auth flow") {
		t.Errorf("explore footer %q should start with the keys that matter most", footer)
	}
	// While the filter input has the focus, ? and q are typed, not keys.
	m = feed(m, 0, keyChar('/'))
	if footer := lastLine(screenText(m)); strings.Contains(footer, "? help") || !strings.Contains(footer, "esc") {
		t.Errorf("filter footer %q should not offer ? or q, and should say how to leave", footer)
	}
}

// TestHelpOverlayShowsEveryColumn: at 80 columns the overlay wraps its
// columns into rows rather than cutting them off.
func TestHelpOverlayShowsEveryColumn(t *testing.T) {
	for _, key := range []rune{'1', '2', '3', '4'} {
		m, _ := newTestModel(t, 80, 24, true)
		m = feed(m, 0, keyChar(key), keyChar('?'))
		screen := screenText(m)
		for _, want := range []string{"q   quit", "4 profiles", "environment"} {
			if !strings.Contains(screen, want) {
				t.Errorf("screen %c: help overlay lacks %q:\n%s", key, want, screen)
			}
		}
		if strings.Contains(screen, "…") {
			t.Errorf("screen %c: help overlay is cut off:\n%s", key, screen)
		}
		checkFits(t, m.View().Content, 80, 24)
	}
}

// TestRequestListJumpsAndPages: G, g, pgdn and pgup move through a long
// collection without holding ↓.
func TestRequestListJumpsAndPages(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	selected := func() string {
		if r := m.explore.list.Selected(); r != nil {
			return r.Name
		}
		return ""
	}
	m = feed(m, 0, keyChar('G'))
	if got := selected(); got != "Create token" {
		t.Errorf("G selected %q, want the last request", got)
	}
	m = feed(m, 0, keyChar('g'))
	if got := selected(); got != "Health" {
		t.Errorf("g selected %q, want the first request", got)
	}
	m = feed(m, 0, tea.KeyPressMsg{Code: tea.KeyPgDown})
	if got := selected(); got != "Create token" {
		t.Errorf("pgdn selected %q, want the last of this short list", got)
	}
	m = feed(m, 0, tea.KeyPressMsg{Code: tea.KeyPgUp})
	if got := selected(); got != "Health" {
		t.Errorf("pgup selected %q, want the first", got)
	}
}

// TestHelpOverlayScrollsOnASmallTerminal: at 60×15 the overlay does not fit;
// it says so and ↓ brings the rest into view.
func TestHelpOverlayScrollsOnASmallTerminal(t *testing.T) {
	m, _ := newTestModel(t, 60, 15, true)
	m = feed(m, 0, keyChar('?'))
	screen := screenText(m)
	if !strings.Contains(screen, "↑/↓ more") || strings.Contains(screen, "4 profiles") {
		t.Fatalf("a cut overlay should offer to scroll:\n%s", screen)
	}
	for range 20 {
		m = feed(m, 0, keyDown)
	}
	if screen = screenText(m); !strings.Contains(screen, "4 profiles") || !strings.Contains(screen, "? or esc to close") {
		t.Errorf("↓ did not reach the end of the overlay:\n%s", screen)
	}
	checkFits(t, m.View().Content, 60, 15)
	m = feed(m, 0, keyEsc)
	if m.showHelp {
		t.Error("esc did not close the overlay")
	}
}
