package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
)

// Choosing the request a walk ends with: tab on the profile picker opens
// the explore screen's request list, with its / filter, in place of the
// profiles, so any request is a few keys away in either direction rather
// than up to seventeen presses of a key that only cycled forward.

// openRequestChooser shows the request list for the highlighted profile,
// the request its walk now ends with selected.
func (m *flowModel) openRequestChooser(profile string) {
	l := newRequestList(m.c)
	current := m.pickRequest
	if current == "" {
		current = firstRequestUsing(m.c, profile)
	}
	l.rebuild(current)
	l.SetSize(m.width, max(m.height-len(m.requestChooserHeading(profile)), 1))
	m.requests = &l
}

// updateRequestChooser moves through and filters the list; enter chooses
// the selected request, esc clears an applied filter and then closes.
func (m flowModel) updateRequestChooser(msg tea.KeyPressMsg) (flowModel, tea.Cmd) {
	l := *m.requests
	if !l.Filtering() {
		switch {
		case key.Matches(msg, m.c.keys.Flow.Run):
			if r := l.Selected(); r != nil {
				m.pickRequest = r.Name
			}
			m.requests = nil
			return m, nil
		case key.Matches(msg, m.c.keys.Global.Back):
			if l.Filtered() {
				l.ClearFilter()
				m.requests = &l
				return m, nil
			}
			m.requests = nil
			return m, nil
		}
	}
	l, cmd := l.Update(msg)
	m.requests = &l
	return m, cmd
}

// requestChooserHeading says what the chooser is for, wrapped.
func (m flowModel) requestChooserHeading(profile string) []string {
	st := m.c.styles
	width := max(m.width, 20)
	head := "End the walk of " + printableLine(profile) + " with which request?"
	sub := "Requests that name another profile are sent with this one's credentials instead."
	var lines []string
	for _, l := range strings.Split(wordWrap(head, width), "\n") {
		lines = append(lines, st.PaneTitle.Render(l))
	}
	for _, l := range strings.Split(wordWrap(sub, width), "\n") {
		lines = append(lines, st.Muted.Render(l))
	}
	return append(lines, "")
}

// requestChooserLines draws the chooser: what it is for, then the list.
func (m flowModel) requestChooserLines(profile string) []string {
	return append(m.requestChooserHeading(profile), strings.Split(m.requests.View(), "\n")...)
}

// requestChooserHelp is the chooser's keys, for the footer and the overlay.
func (m flowModel) requestChooserHelp() []key.Binding {
	e := m.c.keys.Explore
	if m.requests.Filtering() {
		return []key.Binding{e.FilterApply, e.FilterClear}
	}
	choose, back := m.c.keys.Flow.Run, m.c.keys.Global.Back
	choose.SetHelp(choose.Help().Key, "end the walk with it")
	back.SetHelp(back.Help().Key, "keep the request")
	if m.requests.Filtered() {
		back.SetHelp(back.Help().Key, "clear filter")
	}
	return []key.Binding{choose, e.Filter, e.Up, e.Down, back}
}

// capturingInput tells the root that the chooser's filter takes every
// key, q and the screen numbers included.
func (m flowModel) capturingInput() bool { return m.requests != nil && m.requests.Filtering() }
