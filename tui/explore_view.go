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
	left := frame(st.frame(m.focus == paneList && m.editor == nil), title, m.list.View(), l.listW, l.height)

	var top string
	switch {
	case m.editor != nil:
		top = frame(st.frame(true), "Edit request", m.editor.View(), l.rightW, l.topH)
	case m.curl != nil:
		top = frame(st.frame(true), "Copied as curl", strings.Join(m.curl.lines(st, l.rightW-2), "\n"), l.rightW, l.topH)
	default:
		top = frame(st.frame(false), "Request", strings.Join(m.preview.lines(st, l.rightW-2), "\n"), l.rightW, l.topH)
	}
	respTitle := "Response"
	if m.inflight != nil {
		respTitle = m.spin.View() + " Sending " + printableLine(m.inflight.request) + "… (ctrl+x cancels)"
	}
	bottom := frame(st.frame(m.focus == paneResponse && m.editor == nil), respTitle, m.resp.View(), l.rightW, l.respH)
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
	case m.list.Filtering():
		return []key.Binding{k.Explore.FilterApply, k.Explore.FilterClear}
	case m.inflight != nil:
		return []key.Binding{k.Explore.Cancel, k.Global.Help, k.Global.Quit}
	case m.focus == paneResponse:
		return []key.Binding{k.Response.Down, k.Response.PageDown, k.Response.Headers, k.Explore.History, k.Global.NextPane, k.Global.Help, k.Global.Quit}
	}
	// Most important first: the root drops keys from the end to fit the
	// width, keeping ? help and q quit.
	if m.list.Filtered() {
		return []key.Binding{k.Explore.Send, k.Explore.FilterClear, k.Explore.OpenFlow, k.Explore.Edit, k.Explore.Copy, k.Global.Env, k.Explore.Saved, k.Explore.History}
	}
	return []key.Binding{k.Explore.Send, k.Explore.OpenFlow, k.Explore.Filter, k.Explore.Edit, k.Explore.Copy, k.Global.Env, k.Explore.Saved, k.Explore.History}
}

// FullHelp lists every key of the screen, one column per group.
func (m exploreModel) FullHelp() [][]key.Binding {
	k := m.c.keys
	if m.saved != nil {
		return m.saved.FullHelp()
	}
	if m.editor != nil {
		e := k.Edit
		return [][]key.Binding{{e.Save, e.Cancel}, {e.Next, e.Prev}, {e.AddHeader, e.DelHeader}}
	}
	return [][]key.Binding{
		{k.Explore.Up, k.Explore.Down, k.Explore.Filter, k.Explore.Send, k.Explore.Cancel},
		{k.Explore.Edit, k.Explore.EditBody, k.Explore.Copy, k.Explore.History, k.Explore.Saved, k.Explore.OpenFlow, k.Explore.ReplayHere},
		{k.Response.Up, k.Response.Down, k.Response.PageUp, k.Response.PageDown, k.Response.Top, k.Response.Bottom, k.Response.Left, k.Response.Right, k.Response.Headers},
		append([]key.Binding{k.Global.NextPane}, k.Global.globalHelp()...),
	}
}
