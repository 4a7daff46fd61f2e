package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections"
)

// requestList is the explore screen's list of requests in file order (the
// order Replay sends them), a folder heading where a run of the folder's
// requests starts, filtered with `/`. It is its own light
// list rather than bubbles/list so that folder rows, mouse hits and golden
// screens stay simple.
type requestList struct {
	c *common
	// rows are the visible rows (folder headings and requests) after
	// filtering; selected indexes a request row.
	rows     []listRow
	selected int
	offset   int
	width    int
	height   int

	filter    textinput.Model
	filtering bool
}

// listRow is one line of the list: a folder heading (req nil) or a request.
type listRow struct {
	folder string
	req    *collections.Request
}

// newRequestList returns the list of the collection's requests.
func newRequestList(c *common) requestList {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "filter"
	ti.SetStyles(c.styles.Input)
	l := requestList{c: c, filter: ti}
	l.rebuild("")
	return l
}

// rebuild recomputes the rows for the collection and filter, keeping the
// selected request when it is still shown.
func (l *requestList) rebuild(keep string) {
	l.rows = l.rows[:0]
	needle := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	// File order, as Replay sends them: a folder heading goes where a run
	// of its requests starts, so requests without a folder stay where the
	// file puts them instead of gathering at the top.
	shownFolder := ""
	if l.c.coll != nil {
		for _, r := range l.c.coll.Requests {
			text := strings.ToLower(r.Folder + " " + r.Name + " " + r.Method + " " + r.URL + " " + tagLabel(r.Tags))
			if needle != "" && !strings.Contains(text, needle) {
				continue
			}
			if r.Folder != "" && r.Folder != shownFolder {
				l.rows = append(l.rows, listRow{folder: r.Folder})
			}
			shownFolder = r.Folder
			l.rows = append(l.rows, listRow{folder: r.Folder, req: r})
		}
	}
	l.selected = -1
	for i, row := range l.rows {
		if row.req != nil && (l.selected < 0 || row.req.Name == keep) {
			l.selected = i
			if keep == "" || row.req.Name == keep {
				break
			}
		}
	}
	l.scrollIntoView()
}

// Selected returns the selected request, or nil when the list is empty.
func (l requestList) Selected() *collections.Request {
	if l.selected < 0 || l.selected >= len(l.rows) {
		return nil
	}
	return l.rows[l.selected].req
}

// SetSize sets the size of the list's content area.
func (l *requestList) SetSize(width, height int) {
	l.width, l.height = width, max(height, 1)
	l.filter.SetWidth(max(width-2, 1))
	l.scrollIntoView()
}

// Filtered reports whether a filter is typed or applied.
func (l requestList) Filtered() bool { return l.filtering || l.filter.Value() != "" }

// ClearFilter closes and empties the filter, keeping the selected request.
func (l *requestList) ClearFilter() {
	l.filtering = false
	l.filter.Blur()
	keep := ""
	if r := l.Selected(); r != nil {
		keep = r.Name
	}
	l.filter.SetValue("")
	l.rebuild(keep)
}

// Shown is how many requests the list shows (all of them unless filtered).
func (l requestList) Shown() int {
	n := 0
	for _, row := range l.rows {
		if row.req != nil {
			n++
		}
	}
	return n
}

// Filtering reports whether the filter input has the focus.
func (l requestList) Filtering() bool { return l.filtering }

// Update handles keys and mouse events aimed at the list.
func (l requestList) Update(msg tea.Msg) (requestList, tea.Cmd) {
	keys := l.c.keys.Explore
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if l.filtering {
			switch {
			case key.Matches(msg, keys.FilterApply):
				l.filtering = false
				l.filter.Blur()
				return l, nil
			case key.Matches(msg, keys.FilterClear):
				l.ClearFilter()
				return l, nil
			}
			var cmd tea.Cmd
			l.filter, cmd = l.filter.Update(msg)
			l.rebuild("")
			return l, cmd
		}
		switch {
		case key.Matches(msg, keys.Filter):
			l.filtering = true
			return l, l.filter.Focus()
		case key.Matches(msg, keys.Up):
			l.move(-1)
		case key.Matches(msg, keys.Down):
			l.move(1)
		// The response pane's paging keys page the list too, so that the
		// end of a long collection is one key away.
		case key.Matches(msg, l.c.keys.Response.Top):
			l.jump(false)
		case key.Matches(msg, l.c.keys.Response.Bottom):
			l.jump(true)
		case key.Matches(msg, l.c.keys.Response.PageUp):
			l.page(-1)
		case key.Matches(msg, l.c.keys.Response.PageDown):
			l.page(1)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			l.move(-1)
		case tea.MouseWheelDown:
			l.move(1)
		}
	case tea.MouseClickMsg:
		// Y is relative to the list's first row (the caller translates).
		if i := l.offset + msg.Y - l.headerLines(); msg.Y >= l.headerLines() && i >= 0 && i < len(l.rows) && l.rows[i].req != nil {
			l.selected = i
		}
	}
	return l, nil
}

// move selects the request delta rows away, skipping folder headings.
func (l *requestList) move(delta int) {
	for i := l.selected + delta; i >= 0 && i < len(l.rows); i += delta {
		if l.rows[i].req != nil {
			l.selected = i
			break
		}
	}
	l.scrollIntoView()
}

// jump selects the first request, or the last when toEnd is set.
func (l *requestList) jump(toEnd bool) {
	before := l.selected
	if toEnd {
		l.selected = len(l.rows)
		l.move(-1)
	} else {
		l.selected = -1
		l.move(1)
	}
	if l.selected < 0 || l.selected >= len(l.rows) {
		l.selected = before // no request at all
	}
	l.scrollIntoView()
}

// page moves the selection by about a screenful of rows.
func (l *requestList) page(dir int) {
	for range max(l.height-1, 1) {
		before := l.selected
		l.move(dir)
		if l.selected == before {
			break
		}
	}
}

// headerLines is how many lines the filter line takes above the rows.
func (l requestList) headerLines() int {
	if l.Filtered() {
		return 1
	}
	return 0
}

// scrollIntoView keeps the selected row (and its folder heading) visible.
func (l *requestList) scrollIntoView() {
	visible := max(l.height-l.headerLines(), 1)
	top := l.selected
	if top > 0 && l.rows[top-1].req == nil {
		top-- // show the folder heading with its first request
	}
	if top < l.offset {
		l.offset = max(top, 0)
	}
	if l.selected >= l.offset+visible {
		l.offset = l.selected - visible + 1
	}
	l.offset = max(min(l.offset, len(l.rows)-visible), 0)
}

// tagLabel writes tags compactly, as "#smoke #users"; the filter matches
// it too, so "/#smoke" lists the requests tagged smoke.
func tagLabel(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "#" + strings.Join(tags, " #")
}

// View renders exactly height lines of width cells.
func (l requestList) View() string {
	st := l.c.styles
	lines := make([]string, 0, l.height)
	if l.headerLines() > 0 {
		lines = append(lines, ansi.Truncate(l.filter.View(), l.width, "…"))
	}
	visible := l.height - len(lines)
	if len(l.rows) == 0 {
		if l.filter.Value() != "" {
			lines = append(lines, st.Muted.Render("Nothing matches."))
		} else {
			// An empty collection (a new file) says how to start.
			for _, line := range wrapLines("No requests yet. Press "+l.c.keys.Explore.New.Help().Key+" to add the first one.", l.width) {
				lines = append(lines, st.Muted.Render(line))
			}
		}
	}
	for i := l.offset; i < len(l.rows) && i < l.offset+visible; i++ {
		row := l.rows[i]
		if row.req == nil {
			lines = append(lines, st.Folder.Render(ansi.Truncate("▾ "+printableLine(row.folder), l.width, "…")))
			continue
		}
		indent := ""
		if row.folder != "" {
			indent = "  "
		}
		method := row.req.Method
		if method == "" {
			method = "GET"
		}
		name := printableLine(row.req.Name)
		// Tags follow the name, muted: the name matters more, so a
		// narrow list cuts the tags first.
		tags := ""
		if len(row.req.Tags) > 0 {
			tags = "  " + printableLine(tagLabel(row.req.Tags))
		}
		if i == l.selected {
			text := ansi.Truncate(indent+padRight(method, 6)+" "+name+tags, l.width, "…")
			lines = append(lines, st.Selected.Render(padRight(text, l.width)))
			continue
		}
		text := indent + st.MethodStyle(method).Render(padRight(method, 6)) + " " + st.Item.Render(name) + st.Muted.Render(tags)
		lines = append(lines, ansi.Truncate(text, l.width, "…"))
	}
	return fitLines(lines, l.width, l.height)
}
