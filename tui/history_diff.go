package tui

import (
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// historyDiff is the unified diff of two kept responses (status line,
// headers, body), computed with go-udiff, the diff gopls uses.
type historyDiff struct {
	older, newer history.Entry
	lines        []string
	// same says the two responses are identical; pending that the diff
	// is being computed.
	same, pending bool
}

// newHistoryDiff compares a and b, the older one first whichever was
// marked.
func newHistoryDiff(a, b history.Entry, loc *time.Location) historyDiff {
	if b.Time.Before(a.Time) {
		a, b = b, a
	}
	d := historyDiff{older: a, newer: b}
	text := udiff.Unified(historyLabel(a, loc), historyLabel(b, loc), entryText(a), entryText(b))
	if text == "" {
		d.same = true
		return d
	}
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		d.lines = append(d.lines, printableLine(l))
	}
	return d
}

// historyLabel names an entry in the diff's header lines.
func historyLabel(e history.Entry, loc *time.Location) string {
	return e.Time.In(loc).Format("2006-01-02 15:04:05") + " " + e.Method + " " + e.URL
}

// line returns diff line i coloured: additions, removals, hunk headers.
func (d historyDiff) line(st Styles, i int) string {
	l := d.lines[i]
	switch {
	case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		return st.Bold.Render(l)
	case strings.HasPrefix(l, "@@"):
		return st.Muted.Render(l)
	case strings.HasPrefix(l, "+"):
		return st.OK.Render(l)
	case strings.HasPrefix(l, "-"):
		return st.Err.Render(l)
	}
	return l
}
