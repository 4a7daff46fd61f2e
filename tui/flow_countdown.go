package tui

import (
	"fmt"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
)

// The token expiry countdown: while the selected step shows a JWT with an
// "exp" claim (RFC 7519 §4.1.4), a tick each second re-renders how long
// the token has left. Each countdown has a generation so that a restarted
// one orphans the ticks of the old.

// startTickIfNeeded starts the countdown when the shown step has a token
// expiry and no countdown runs yet.
func (m *flowModel) startTickIfNeeded() tea.Cmd {
	if m.ticking() || !m.countdownShown() {
		return nil
	}
	return m.restartTick()
}

// ticking reports whether a countdown tick is due: the last one came less
// than two seconds ago. A tick delivered while another screen was active
// is lost, and this lets the next chance restart it.
func (m flowModel) ticking() bool {
	return m.tickGen > 0 && m.now().Sub(m.clock) < 2*time.Second
}

// restartTick starts a new countdown generation, orphaning any old one.
func (m *flowModel) restartTick() tea.Cmd {
	m.clock = m.now()
	m.refreshDetail()
	if !m.countdownShown() {
		return nil
	}
	m.tickGen++
	return m.tick(m.tickGen)
}

// countdown says how long the token has left, as of the last tick.
func (m flowModel) countdown(exp time.Time) string {
	st := m.c.styles
	if exp.IsZero() {
		return ""
	}
	left := exp.Sub(m.clock).Truncate(time.Second)
	at := exp.UTC().Format(time.RFC3339)
	if left <= 0 {
		return st.Err.Render(fmt.Sprintf("expired %s ago (%s)", (-left).String(), at))
	}
	return st.Warn.Render(fmt.Sprintf("expires in %s", left.String())) + st.Muted.Render(" ("+at+")")
}

// momentText is a time a field names, with how far away it is by the
// countdown's clock: "2026-12-06T01:03:02Z (in 4m58s)".
func (m flowModel) momentText(at time.Time) string {
	st := m.c.styles
	left := at.Sub(m.clock).Truncate(time.Second)
	stamp := at.UTC().Format(time.RFC3339)
	if left <= 0 {
		return stamp + " " + st.Err.Render(fmt.Sprintf("(expired %s ago)", (-left).String()))
	}
	return stamp + " " + st.Warn.Render(fmt.Sprintf("(in %s)", left.String()))
}

// countdownShown reports whether the selected step shows a token expiry,
// which the countdown ticks for.
func (m flowModel) countdownShown() bool {
	if m.selected >= len(m.steps) {
		return false
	}
	for _, f := range m.steps[m.selected].Fields {
		if !f.At.IsZero() {
			return true
		}
		if jwt, err := authflow.DecodeJWT(f.Value); err == nil && !jwt.Expiry.IsZero() {
			return true
		}
	}
	return false
}
