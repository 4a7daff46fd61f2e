package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The status line says what the last action did. A message longer than the
// terminal is wide wraps onto more lines rather than being cut: "Not saved:
// …" and the advice after it are the point of the message. The body gives
// up those lines while the message shows.

// minBodyLines is what the body keeps however long the status is.
const minBodyLines = 4

// statusLines is the status wrapped to width w: none without a status, at
// most as many as leave the body minBodyLines of a terminal h high, the
// last one ending in "…" when even that is not enough.
func statusLines(st Styles, s statusMsg, w, h int) []string {
	if s.text == "" || w <= 0 {
		return nil
	}
	style := st.Status
	if s.err {
		style = st.StatusErr
	}
	// Wrapped at spaces; a word wider than the line is cut hard.
	lines := strings.Split(wordWrap(printableLine(s.text), w), "\n")
	room := max(h-headerLines-1-minBodyLines, 1)
	if len(lines) > room {
		rest := strings.Join(lines[room-1:], " ")
		lines = append(lines[:room-1], ansi.Truncate(rest, w-1, "")+"…")
	}
	for i, l := range lines {
		lines[i] = style.Render(strings.TrimRight(l, " "))
	}
	return lines
}

// statusHeight is how many lines the status takes: one even when empty,
// so that the body does not jump as short messages come and go.
func (m model) statusHeight() int {
	return max(len(statusLines(m.c.styles, m.status, m.c.width, m.c.height)), 1)
}

// bottomLines is the status and the key help below the body.
func (m model) bottomLines() int { return m.statusHeight() + 1 }

// setStatus shows s, resizing the screens when it changes the lines the
// status takes.
func (m *model) setStatus(s statusMsg) {
	before := m.statusHeight()
	m.status = s
	if m.statusHeight() != before {
		m.resize()
	}
}
