package tui

import (
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// The explore screen's side of the history kept across sessions: H opens
// the history view in place of the screen, a send's response is appended
// (explore_send.go), and the view's "send again" comes back here to go
// through the one send path.

// openSaved opens the history view on r's responses (every request's
// when r is nil) and starts reading the history.
func (m exploreModel) openSaved(r *collections.Request) (exploreModel, tea.Cmd) {
	if m.c.history == nil {
		text := "There is no history to show"
		if m.c.noHistory != "" {
			text += ": " + m.c.noHistory
		}
		return m, statusCmd(text+".", true)
	}
	name := ""
	if r != nil {
		name = r.Name
	}
	v := newHistoryView(m.c, name)
	v.SetSize(m.width, m.height)
	m.saved = &v
	return m, loadHistoryCmd(m.c.history)
}

// updateSaved passes msg to the history view and does what it asks.
func (m exploreModel) updateSaved(msg tea.Msg) (exploreModel, tea.Cmd) {
	v, cmd, act := m.saved.Update(msg)
	m.saved = &v
	if !act.close {
		return m, cmd
	}
	m.saved = nil
	if act.resend == "" {
		return m, cmd
	}
	r := m.c.coll.Request(act.resend)
	if r == nil {
		return m, statusCmd("“"+printableLine(act.resend)+"” is no longer in the collection: it cannot be sent again.", true)
	}
	m.list.ClearFilter()
	m.list.rebuild(r.Name)
	m.rebuildPreview()
	m, send := m.send(r)
	return m, tea.Batch(cmd, send)
}

// handleSaved takes the history as read, or the outcome of keeping a
// response: a failure is said once a session, since every send would
// repeat it.
func (m exploreModel) handleSaved(msg tea.Msg) (exploreModel, tea.Cmd) {
	switch msg := msg.(type) {
	case historyLoadedMsg:
		if m.saved != nil {
			m.saved.loaded(msg)
		}
	case historyDiffMsg:
		if m.saved != nil {
			m.saved.diffed(msg)
		}
	case historyAppendedMsg:
		if msg.err != nil && !m.c.historyFailed {
			m.c.historyFailed = true
			return m, statusCmd("The response was not kept in the history: "+historyError(msg.err), true)
		}
	}
	return m, nil
}
