package tui

import (
	"context"
	"slices"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
)

// The walkthrough's keys and mouse: the picker moves through profiles and
// chooses the request; the walk steps forward and back, scrolls the detail,
// reveals secrets and cancels.

// updatePicker moves through the profile picker.
func (m flowModel) updatePicker(msg tea.KeyPressMsg) (flowModel, tea.Cmd) {
	keys, names := m.c.keys.Flow, m.profileNames()
	switch {
	case key.Matches(msg, keys.Up, keys.Prev):
		m.pick, m.pickRequest = max(m.pick-1, 0), ""
	case key.Matches(msg, keys.Down, keys.Next):
		m.pick, m.pickRequest = min(m.pick+1, max(len(names)-1, 0)), ""
	case key.Matches(msg, m.keys.NextRequest):
		if m.pick < len(names) {
			m.pickRequest = nextRequestFor(m.c.coll, names[m.pick], m.pickRequest)
		}
	case key.Matches(msg, keys.Run):
		if m.pick < len(names) {
			return m, m.Start(names[m.pick], m.pickRequest)
		}
	case key.Matches(msg, m.c.keys.Global.Back):
		return m, func() tea.Msg { return backMsg{} }
	}
	return m, nil
}

// updateWalk steps through the walk, scrolls the detail and reveals.
func (m flowModel) updateWalk(msg tea.KeyPressMsg) (flowModel, tea.Cmd) {
	keys := m.c.keys.Flow
	switch {
	case key.Matches(msg, keys.Next):
		m.selectStep(m.selected + 1)
	case key.Matches(msg, keys.Prev):
		m.selectStep(m.selected - 1)
	case key.Matches(msg, keys.Up):
		m.detail.ScrollUp(1)
	case key.Matches(msg, keys.Down):
		m.detail.ScrollDown(1)
	case key.Matches(msg, keys.Reveal):
		m.reveal = !m.reveal
		m.refreshDetail()
	case key.Matches(msg, keys.Run):
		if !m.running {
			return m, m.Start(m.profile, m.request)
		}
	case key.Matches(msg, m.c.keys.Global.Back):
		if m.running {
			m.stop()
			m.err = context.Canceled
			m.refreshDetail()
			return m, nil
		}
		// Back out of the walk to the picker, on the profile just walked.
		m.picking = true
		if i := slices.Index(m.profileNames(), m.profile); i >= 0 {
			m.pick, m.pickRequest = i, m.request
		}
		return m, nil
	default:
		var cmd tea.Cmd
		m.detail, cmd = m.detail.Update(msg) // page up/down, home/end
		return m, cmd
	}
	return m, nil
}

// selectStep moves to step i, if there is one; moving stops following the
// newest step.
func (m *flowModel) selectStep(i int) {
	if i < 0 || i >= len(m.steps) || i == m.selected {
		return
	}
	m.selected, m.follow = i, false
	m.detail.GotoTop()
	m.refreshDetail()
}

// profileNames lists the collection's profiles in file order.
func (m flowModel) profileNames() []string {
	if m.c.coll == nil {
		return nil
	}
	return m.c.coll.ProfileNames
}

// click selects the profile or the step under the pointer; y counts from
// the top of the screen's area.
func (m flowModel) click(mouse tea.Mouse) flowModel {
	if mouse.Button != tea.MouseLeft {
		return m
	}
	if m.picking {
		if i := mouse.Y - flowPickerTop; i >= 0 && i < len(m.profileNames()) {
			m.pick = i
		}
		return m
	}
	if mouse.X < flowListWidth(m.width) {
		m.selectStep(mouse.Y - 1) // below the header line
	}
	return m
}

// ShortHelp returns the keys that matter now, for the footer.
func (m flowModel) ShortHelp() []key.Binding {
	keys := m.c.keys.Flow
	if m.picking {
		return m.pickerHelp()
	}
	return []key.Binding{keys.Prev, keys.Next, keys.Reveal, m.runBinding(), m.backBinding()}
}

// FullHelp returns every key of the screen, for the help overlay.
func (m flowModel) FullHelp() [][]key.Binding {
	keys := m.c.keys.Flow
	if m.picking {
		return [][]key.Binding{m.pickerHelp(), m.c.keys.Global.globalHelp()}
	}
	return [][]key.Binding{
		{keys.Prev, keys.Next, keys.Reveal, m.runBinding()},
		{keys.Up, keys.Down, m.detail.KeyMap.PageUp, m.detail.KeyMap.PageDown},
		m.c.keys.Global.globalHelp(),
	}
}

// pickerHelp is the picker's keys, described for the picker.
func (m flowModel) pickerHelp() []key.Binding {
	keys := m.c.keys.Flow
	up, down, run := keys.Up, keys.Down, keys.Run
	up.SetHelp(up.Help().Key, "previous profile")
	down.SetHelp(down.Help().Key, "next profile")
	run.SetHelp(run.Help().Key, "walk it")
	return []key.Binding{up, down, m.keys.NextRequest, run, m.c.keys.Global.Back}
}

// runBinding is the Run key described for the walk screen.
func (m flowModel) runBinding() key.Binding {
	b := m.c.keys.Flow.Run
	b.SetHelp(b.Help().Key, "walk again")
	b.SetEnabled(!m.running)
	return b
}

// backBinding is esc, which cancels a walk in progress.
func (m flowModel) backBinding() key.Binding {
	b := m.c.keys.Global.Back
	if m.running {
		b.SetHelp(b.Help().Key, "cancel")
	}
	return b
}
