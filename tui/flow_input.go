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
			m.openRequestChooser(names[m.pick])
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
	case key.Matches(msg, keys.Cached):
		if m.tokenLesson() {
			return m, m.startWalk(m.profile, m.request, false)
		}
	case key.Matches(msg, keys.Expire):
		if m.tokenLesson() {
			// Invalidate keeps the refresh token, exactly as a 401
			// invalid_token does, so the next walk must refresh.
			m.c.session.client.Tokens.Invalidate(m.cacheKey, m.token.AccessToken)
			return m, tea.Batch(m.startWalk(m.profile, m.request, false),
				statusCmd("The cached token now counts as expired: this walk refreshes it (RFC 6749 §6).", false))
		}
	case key.Matches(msg, keys.Revoke):
		if m.canRevoke() {
			return m, m.startTokenAction(true)
		}
	case key.Matches(msg, keys.Introspect):
		if m.canIntrospect() {
			return m, m.startTokenAction(false)
		}
	case key.Matches(msg, m.c.keys.Global.Back):
		if m.acting {
			m.stop()
			m.refreshDetail()
			return m, nil
		}
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
	if m.picking && m.requests != nil {
		return m // the chooser is driven by keys
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
	if m.picking && m.requests != nil {
		return m.requestChooserHelp()
	}
	if m.picking {
		// enter and tab first: the footer drops keys from the end to fit.
		keys := m.pickerHelp()
		return []key.Binding{keys[3], keys[2], keys[0], keys[1], keys[4]}
	}
	// Short descriptions: the footer has one line for all of them, and
	// the `?` overlay has the long ones.
	next, prev, cached, reveal := keys.Next, keys.Prev, m.cachedBinding(), keys.Reveal
	next.SetHelp(next.Help().Key, "next")
	prev.SetHelp(prev.Help().Key, "back")
	cached.SetHelp(cached.Help().Key, "cached token")
	reveal.SetHelp(reveal.Help().Key, "reveal")
	if m.reveal {
		reveal.SetHelp(reveal.Help().Key, "mask")
	}
	revoke, introspect := m.revokeBinding(), m.introspectBinding()
	revoke.SetHelp(revoke.Help().Key, "revoke")
	introspect.SetHelp(introspect.Help().Key, "introspect")
	return []key.Binding{next, prev, cached, revoke, introspect, reveal, m.runBinding(), m.backBinding()}
}

// FullHelp returns every key of the screen, for the help overlay.
func (m flowModel) FullHelp() [][]key.Binding {
	keys := m.c.keys.Flow
	if m.picking && m.requests != nil {
		return [][]key.Binding{m.requestChooserHelp(), m.c.keys.Global.globalHelp()}
	}
	if m.picking {
		return [][]key.Binding{m.pickerHelp(), m.c.keys.Global.globalHelp()}
	}
	return [][]key.Binding{
		{keys.Prev, keys.Next, keys.Reveal, m.runBinding(), m.cachedBinding(), m.expireBinding(), m.revokeBinding(), m.introspectBinding()},
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

// cachedBinding is c, shown once a walk has left a token in the cache.
func (m flowModel) cachedBinding() key.Binding {
	b := m.c.keys.Flow.Cached
	b.SetEnabled(m.tokenLesson())
	return b
}

// expireBinding is x, shown with c.
func (m flowModel) expireBinding() key.Binding {
	b := m.c.keys.Flow.Expire
	b.SetEnabled(m.tokenLesson())
	return b
}

// revokeBinding is r, shown when the token can be revoked.
func (m flowModel) revokeBinding() key.Binding {
	b := m.c.keys.Flow.Revoke
	b.SetEnabled(m.canRevoke())
	return b
}

// introspectBinding is i, shown when the token can be introspected.
func (m flowModel) introspectBinding() key.Binding {
	b := m.c.keys.Flow.Introspect
	b.SetEnabled(m.canIntrospect())
	return b
}

// tokenLesson reports whether the rest of a token's life can be shown:
// the last walk ended with a token from the session's cache, which a walk
// with c reuses (or refreshes once expired) and x marks expired.
func (m flowModel) tokenLesson() bool {
	return !m.running && !m.acting && !m.revoked && m.token != nil && m.token.AccessToken != "" && m.cacheKey != "" &&
		m.c.session != nil && m.c.session.client != nil && m.c.session.client.Tokens != nil
}

// backBinding is esc, which cancels a walk in progress.
func (m flowModel) backBinding() key.Binding {
	b := m.c.keys.Global.Back
	if m.running || m.acting {
		b.SetHelp(b.Help().Key, "cancel")
	}
	return b
}
