package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wordWrap wraps s at width columns, breaking lines at spaces only. A word
// wider than a line starts a line of its own and is cut at the width, with
// no break invented at punctuation: ansi.Wrap also breaks after a hyphen,
// and a slash or an ampersand when asked to, which splits "HTTP/1.1", a
// URL or a refresh token such as "rt-3f9a" into pieces that read as two
// values. Runs of spaces inside a line are kept (headers and JSON are
// aligned with them); the spaces where a line breaks are dropped. Existing
// line breaks are kept. It is ANSI-aware: escape sequences take no width.
func wordWrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	b.Grow(len(s) + len(s)/max(width, 1))
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if ansi.StringWidth(line) <= width {
			b.WriteString(line)
			continue
		}
		wrapLine(&b, line, width)
	}
	return b.String()
}

// wrapLine writes one line that is wider than width, wrapped. Spaces
// before the first word (an indent) are kept on the first line when the
// word fits after them.
func wrapLine(b *strings.Builder, line string, width int) {
	used := 0     // width of the output line so far
	pending := 0  // spaces seen since the last word
	first := true // still on the first output line
	for _, word := range strings.Split(line, " ") {
		if word == "" {
			pending++
			continue
		}
		w := ansi.StringWidth(word)
		gap := pending + 1 // one space was the separator Split removed
		if used == 0 {
			gap = 0
			if first {
				gap = pending
			}
		}
		pending = 0
		if used > 0 && used+gap+w > width {
			b.WriteByte('\n')
			used, gap, first = 0, 0, false
		}
		if used == 0 && gap+w > width {
			gap = 0 // an indent gives way to a word that needs the whole line
		}
		b.WriteString(strings.Repeat(" ", gap))
		used += gap
		if w <= width-used {
			b.WriteString(word)
			used += w
			continue
		}
		// Wider than any line: cut at the width, the only break it has.
		pieces := strings.Split(ansi.Hardwrap(word, width, true), "\n")
		b.WriteString(strings.Join(pieces, "\n"))
		used, first = ansi.StringWidth(pieces[len(pieces)-1]), false
	}
}
