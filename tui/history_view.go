package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// View renders the history in exactly its size.
func (v historyView) View() string {
	if v.width <= 0 || v.height <= 0 {
		return ""
	}
	st := v.c.styles
	switch v.mode {
	case historyDetail:
		title := "History · stored response"
		if e := v.current(); e != nil {
			title = "History · " + printableLine(e.Request) + " · " + printableLine(e.Method+" "+e.URL)
		}
		return frame(st.frame(true), title, v.detail.View(), v.width, v.height)
	case historyDiffing:
		return frame(st.frame(true), "History · compare", v.diffView(), v.width, v.height)
	}
	title := "History · all requests"
	if !v.all {
		title = "History · " + printableLine(v.request)
	}
	if !v.loading && v.err == "" {
		title += " (" + v.countNote() + ")"
	}
	return frame(st.frame(true), title, v.listView(), v.width, v.height)
}

// listView is the list of kept responses, or why there is none.
func (v historyView) listView() string {
	st := v.c.styles
	w, h := v.width-2, v.height-2
	switch {
	case v.loading:
		return fitLines([]string{st.Muted.Render("Reading the history…")}, w, h)
	case v.err != "":
		return fitLines(errorLines(st, v.err, w), w, h)
	case len(v.shown) == 0:
		text := "No response kept yet for this collection: every response a send receives in Explore is kept here, across sessions, with its secrets masked."
		if !v.all {
			text = "No response kept yet for “" + printableLine(v.request) + "”: send it with enter in Explore and its responses are kept here, across sessions, with secrets masked."
		}
		lines := strings.Split(wrapText(text, max(w, 10)), "\n")
		if !v.all && len(v.entries) > 0 {
			lines = append(lines, "", st.Muted.Render(v.keyHint(v.c.keys.History.Toggle)+" shows every request's responses."))
		}
		return fitLines(lines, w, h)
	}
	lines := []string{st.Muted.Render(v.row(" ", "TIME", "STATUS", "TOOK", "METHOD", "URL", w))}
	for i := v.offset; i < len(v.shown) && len(lines) < h-1; i++ {
		e := v.entries[v.shown[i]]
		mark := " "
		if e.ID == v.marked {
			mark = "●"
		}
		status := "—"
		if e.Status > 0 {
			status = fmt.Sprint(e.Status)
		}
		url := printableLine(e.URL)
		if v.all {
			url = printableLine(e.Request) + " · " + url
		}
		if i == v.cursor {
			lines = append(lines, st.Selected.Render(padRight(v.row(mark, entryTime(e.Time, v.now(), v.loc), status, roundDuration(e.Duration()), printableLine(e.Method), url, w), w)))
			continue
		}
		if e.Status > 0 {
			status = st.StatusStyle(e.Status).Render(status)
		}
		line := v.row(mark, entryTime(e.Time, v.now(), v.loc), status, roundDuration(e.Duration()), printableLine(e.Method), url, w)
		lines = append(lines, line)
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Muted.Render(v.footNote()))
	return fitLines(lines, w, h)
}

// row lays out one line of the list in columns (status may be styled),
// cut to width.
func (v historyView) row(mark, at, status, took, method, url string, width int) string {
	line := mark + " " + padRight(at, 12) + " " + padRight(status, 6) + " " + fmt.Sprintf("%7s %-6s ", took, method) + url
	return ansi.Truncate(line, width, "…")
}

// footNote says what space, d and a do now.
func (v historyView) footNote() string {
	k := v.c.keys.History
	if v.marked != "" {
		return "● marked: " + v.keyHint(k.Diff) + " on another response compares them (status, headers, body)."
	}
	if v.request == "" {
		return "Newest first · " + v.keyHint(k.Mark) + " marks a response to compare."
	}
	which := "every request"
	if v.all {
		which = "this request only"
	}
	return "Newest first · " + v.keyHint(k.Mark) + " marks one to compare · " + v.keyHint(k.Toggle) + ": " + which + "."
}

// keyHint is a binding's key as help shows it.
func (v historyView) keyHint(b key.Binding) string { return b.Help().Key }

// diffView is the diff, scrolled.
func (v historyView) diffView() string {
	st := v.c.styles
	w, h := v.width-2, v.height-2
	if v.diff.pending {
		return fitLines([]string{st.Muted.Render("Comparing…")}, w, h)
	}
	if v.diff.same {
		return fitLines([]string{
			st.OK.Render("The two responses are identical: status, headers and body."),
			st.Muted.Render(historyLabel(v.diff.older, v.loc)),
			st.Muted.Render(historyLabel(v.diff.newer, v.loc)),
		}, w, h)
	}
	var lines []string
	for i := v.diffOffset; i < len(v.diff.lines) && len(lines) < h; i++ {
		lines = append(lines, ansi.Truncate(v.diff.line(st, i), w, "…"))
	}
	return fitLines(lines, w, h)
}

// ShortHelp lists the keys that matter now.
func (v historyView) ShortHelp() []key.Binding {
	k := v.c.keys
	switch v.mode {
	case historyDetail:
		return []key.Binding{k.History.Resend, k.Response.Down, k.Response.Headers, k.Global.Back, k.Global.Help, k.Global.Quit}
	case historyDiffing:
		return []key.Binding{k.Response.Down, k.Response.PageDown, k.History.Resend, k.Global.Back, k.Global.Help, k.Global.Quit}
	}
	return []key.Binding{k.History.Open, k.History.Mark, k.History.Diff, k.History.Resend, k.History.Toggle, k.Global.Back, k.Global.Help, k.Global.Quit}
}

// FullHelp lists every key of the view, one column per group.
func (v historyView) FullHelp() [][]key.Binding {
	k := v.c.keys
	return [][]key.Binding{
		{k.History.Up, k.History.Down, k.History.Open, k.History.Toggle},
		{k.History.Mark, k.History.Diff, k.History.Resend},
		{k.Response.Up, k.Response.Down, k.Response.PageUp, k.Response.PageDown, k.Response.Top, k.Response.Bottom, k.Response.Headers},
		k.Global.globalHelp(),
	}
}
