package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// footerView is the key help under the screen: the active screen's keys,
// then `? help` and `q quit` — the two a newcomer needs to find the rest —
// unless a text input has the focus (it takes ? and q; ctrl+c still
// quits). When the line is too narrow the screen's last keys are dropped,
// never help and quit: bubbles/help would cut the line at its end, which
// is where they are.
func footerView(h help.Model, g GlobalKeys, short []key.Binding, capturing bool, width int) string {
	var tail []key.Binding
	if !capturing {
		tail = []key.Binding{g.Help, g.Quit}
	}
	head := make([]key.Binding, 0, len(short))
	for _, b := range short {
		if !helpListed(tail, b) {
			head = append(head, b)
		}
	}
	h.SetWidth(0) // measure untruncated; the loop below does the fitting
	for {
		line := h.ShortHelpView(append(append([]key.Binding(nil), head...), tail...))
		if ansi.StringWidth(line) <= width || len(head) == 0 {
			return ansi.Truncate(line, width, "…")
		}
		head = head[:len(head)-1]
	}
}

// helpListed reports whether list already shows b's key.
func helpListed(list []key.Binding, b key.Binding) bool {
	for _, l := range list {
		if l.Help().Key == b.Help().Key {
			return true
		}
	}
	return false
}

// helpGrid lays out the `?` overlay's columns in as many rows as the width
// needs, so that no column is cut off on a narrow terminal (bubbles/help
// would drop the columns that do not fit and show "…").
func helpGrid(h help.Model, cols [][]key.Binding, width int) string {
	h.SetWidth(0)
	sep := h.Styles.FullSeparator.Render(h.FullSeparator)
	var rows, row []string
	rowW := 0
	for _, col := range cols {
		block := h.FullHelpView([][]key.Binding{col})
		if block == "" {
			continue
		}
		bw := lipgloss.Width(block)
		if len(row) > 0 && rowW+ansi.StringWidth(sep)+bw > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			row = append(row, sep)
			rowW += ansi.StringWidth(sep)
		}
		row = append(row, block)
		rowW += bw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// helpLines is the `?` overlay's grid of keys for the active screen, as
// lines: its own columns, then the screen-switching keys.
func (m *model) helpLines() []string {
	_, full := m.activeHelp()
	cols := append(full, m.c.keys.Global.screenKeys())
	return strings.Split(helpGrid(m.help, cols, max(m.c.width-6, 20)), "\n")
}

// helpRoom is how many grid lines the overlay shows at once: the body less
// the box's border, title and closing note.
func (m model) helpRoom() int {
	return max(m.c.height-headerLines-footerLines-6, 1)
}

// helpScrollMax is how far the overlay scrolls.
func (m *model) helpScrollMax() int {
	return max(len(m.helpLines())-m.helpRoom(), 0)
}
