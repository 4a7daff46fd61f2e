package tui

import (
	"strings"
	"testing"
)

// TestLongStatusWraps: a status longer than the terminal is wide wraps onto
// more lines, every word of it on screen, the body giving up those lines
// and the key help staying last (issue 13, defect 5: "…edit it in t…").
func TestLongStatusWraps(t *testing.T) {
	const text = "Cannot edit the body here: this request has no body of its own, so edit it in the collection file and reopen it; keyway keeps every other byte of the file as it was."
	for _, size := range [][2]int{{80, 24}, {60, 15}} {
		w, h := size[0], size[1]
		m, _ := newTestModel(t, w, h, true)
		m = feed(m, 0, statusMsg{text: text, err: true})
		view := m.View().Content
		checkFits(t, view, w, h)
		lines := strings.Split(screenText(m), "\n")
		var shown []string
		for _, l := range lines {
			shown = append(shown, strings.Fields(l)...)
		}
		if joined := strings.Join(shown, " "); !strings.Contains(joined, text) {
			t.Errorf("%d×%d: the status is not shown in full:\n%s", w, h, screenText(m))
		}
		if !strings.Contains(lines[h-1], "quit") {
			t.Errorf("%d×%d: the key help is not last:\n%s", w, h, screenText(m))
		}
		checkGolden(t, itoa(w)+"x"+itoa(h), screenText(m))

		// The next key clears the status and the body gets its lines back.
		m = feed(m, 0, keyDown)
		if got := m.bottomLines(); got != footerLines {
			t.Errorf("%d×%d: %d lines below the body after the status cleared", w, h, got)
		}
	}
}
