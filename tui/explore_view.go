package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// View renders the explore screen in exactly its size.
func (m exploreModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.saved != nil {
		return m.saved.View()
	}
	st := m.c.styles
	l := m.layout()
	title := "Requests"
	if m.c.coll != nil && len(m.c.coll.Requests) > 0 {
		total := strconv.Itoa(len(m.c.coll.Requests))
		if m.list.Filtered() {
			// Filtered, the count says so: "(1 of 18)", not "(18)".
			total = strconv.Itoa(m.list.Shown()) + " of " + total
		}
		title += " (" + total + ")"
	}
	left := frame(st.frame(m.focus == paneList && !m.capturingInput()), title, m.list.View(), l.listW, l.height)

	var top string
	switch {
	case m.editor != nil:
		top = frame(st.frame(true), "Edit request", m.editor.View(), l.rightW, l.topH)
	case m.dialog != nil:
		top = frame(st.frame(true), m.dialog.title(), strings.Join(m.dialog.lines(), "\n"), l.rightW, l.topH)
	case m.imp != nil:
		top = frame(st.frame(true), m.imp.title(), strings.Join(m.imp.lines(), "\n"), l.rightW, l.topH)
	case m.checks != nil:
		top = frame(st.frame(true), m.checks.title(), strings.Join(m.checks.lines(), "\n"), l.rightW, l.topH)
	case m.curl != nil:
		top = frame(st.frame(true), "Copied as curl", strings.Join(m.curl.lines(st, l.rightW-2), "\n"), l.rightW, l.topH)
	case m.list.Selected() == nil:
		top = frame(st.frame(false), "Request", strings.Join(m.emptyLines(l.rightW-2), "\n"), l.rightW, l.topH)
	default:
		top = frame(st.frame(false), "Request", strings.Join(m.preview.lines(st, l.rightW-2), "\n"), l.rightW, l.topH)
	}
	respTitle := "Response"
	if m.inflight != nil {
		respTitle = m.spin.View() + " Sending " + printableLine(m.inflight.request) + "… (ctrl+x cancels)"
	}
	respView := m.resp.View()
	if m.list.Selected() == nil {
		respView = "" // nothing to send
	}
	bottom := frame(st.frame(m.focus == paneResponse && m.editor == nil), respTitle, respView, l.rightW, l.respH)
	right := lipgloss.JoinVertical(lipgloss.Left, top, bottom)
	return fitBlock(lipgloss.JoinHorizontal(lipgloss.Top, left, right), m.width, m.height)
}

// ShortHelp lists the keys that matter now.
func (m exploreModel) ShortHelp() []key.Binding {
	k := m.c.keys
	switch {
	case m.saved != nil:
		return m.saved.ShortHelp()
	case m.editor != nil:
		return m.editor.ShortHelp()
	case m.dialog != nil:
		return m.dialog.ShortHelp()
	case m.imp != nil:
		return m.imp.ShortHelp()
	case m.checks != nil:
		return m.checks.ShortHelp()
	case m.list.Filtering():
		return []key.Binding{k.Explore.FilterApply, k.Explore.FilterClear}
	case m.inflight != nil:
		return []key.Binding{k.Explore.Cancel, k.Global.Help, k.Global.Quit}
	case m.resp.capturing():
		return m.resp.toolsHelp()
	case m.focus == paneResponse && m.resp.search != nil:
		return []key.Binding{k.Response.NextMatch, k.Response.Clear, k.Response.Search, k.Response.Filter, k.Response.CopyBody, k.Global.Help, k.Global.Quit}
	case m.focus == paneResponse && m.resp.filter != nil:
		return []key.Binding{k.Response.Filter, k.Response.Clear, k.Response.Search, k.Response.CopyBody, k.Response.SaveBody, k.Global.Help, k.Global.Quit}
	case m.focus == paneResponse:
		return []key.Binding{k.Response.Search, k.Response.Filter, k.Response.CopyBody, k.Response.SaveBody, k.Response.Down, k.Response.Headers, k.Explore.History, k.Global.NextPane, k.Global.Help, k.Global.Quit}
	}
	// Most important first: the root drops keys from the end to fit the
	// width, keeping ? help and q quit.
	if m.list.Filtered() {
		return []key.Binding{k.Explore.Send, k.Explore.FilterClear, k.Explore.OpenFlow, k.Explore.Edit, k.Explore.Copy, k.Global.Env, k.Explore.Saved, k.Explore.History}
	}
	if m.c.coll == nil || len(m.c.coll.Requests) == 0 {
		// Nothing to send yet: the way to the first request comes first.
		return []key.Binding{k.Explore.New, k.Build.Paste, k.Build.ImportFile, k.Global.Env}
	}
	return []key.Binding{k.Explore.Send, k.Explore.OpenFlow, k.Explore.Filter, k.Explore.Edit, k.Explore.New, k.Explore.Copy, k.Global.Env, k.Explore.Saved, k.Explore.History}
}

// FullHelp lists every key of the screen, one column per group.
func (m exploreModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	if m.saved != nil {
		return m.saved.FullHelp()
	}
	if m.editor != nil {
		e := k.Edit
		return [][]key.Binding{{e.Save, e.Cancel}, {e.Next, e.Prev}, {e.AddHeader, e.AddQuery, e.DelHeader}}
	}
	if m.dialog != nil {
		return [][]key.Binding{m.dialog.ShortHelp()}
	}
	if m.imp != nil {
		return [][]key.Binding{m.imp.ShortHelp()}
	}
	if m.checks != nil {
		return [][]key.Binding{m.checks.ShortHelp()}
	}
	return [][]key.Binding{
		{k.Explore.Up, k.Explore.Down, k.Explore.Filter, k.Explore.Send, k.Explore.Cancel, k.Global.Vars},
		{k.Explore.Edit, k.Explore.EditBody, k.Explore.Copy, k.Explore.History, k.Explore.Saved, k.Explore.OpenFlow, k.Explore.ReplayHere},
		{k.Explore.New, k.Explore.Duplicate, k.Explore.Rename, k.Explore.Delete, k.Explore.Move, k.Explore.Profile,
			k.Build.Paste, k.Build.ImportFile, k.Build.Checks},
		{k.Response.ScrollHelp, k.Response.JumpHelp, k.Response.Headers, k.Response.Search, k.Response.NextMatch, k.Response.Filter, k.Response.CopyBody, k.Response.SaveBody},
		append([]key.Binding{k.Global.NextPane}, k.Global.globalHelp()...),
	}
}

// emptyLines fill the request pane when no request is selected: in a
// collection without requests (a new file), what a request is and how to
// add the first one.
func (m exploreModel) emptyLines(width int) []string {
	coll := m.c.coll
	if coll != nil && len(coll.Requests) > 0 {
		return nil // a filter hides them; the list says so
	}
	text := "A request is a method and a URL, with headers, a query, a body and a profile when the API needs them. Press " +
		m.c.keys.Explore.New.Help().Key + " to add the first one, " + m.c.keys.Build.Paste.Help().Key +
		" to paste a curl command, or " + m.c.keys.Build.ImportFile.Help().Key + " to import a file"
	if coll != nil && coll.Path != "" && !m.c.demo {
		text += "; it is saved to " + printableLine(coll.Path)
		if coll.Source == nil {
			text += ", which is created then"
		}
	}
	return wrapLines(text+".", width)
}
