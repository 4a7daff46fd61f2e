package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// flowListWidth is the width of the step list beside the detail: 35 % of
// the screen, so that at 80 columns " ✓ 1 Read the token response" fits,
// between 22 and 34 cells.
func flowListWidth(width int) int {
	return min(max(width*7/20, 22), 34, max(width-20, 1))
}

// View draws the picker or the walk, exactly width×height cells.
func (m flowModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.picking && m.requests != nil {
		return fitLines(m.requestChooserLines(m.profileNames()[m.pick]), m.width, m.height)
	}
	if m.picking {
		return fitLines(m.pickerLines(), m.width, m.height)
	}
	lw := flowListWidth(m.width)
	bodyH := max(m.height-1, 1)
	steps := m.stepLines(lw)
	if !m.detail.AtBottom() && len(steps) < bodyH {
		// The step's bytes often run past the screen; say so where the
		// list has room, at its foot.
		for len(steps) < bodyH-1 {
			steps = append(steps, "")
		}
		steps = append(steps, m.c.styles.Muted.Render(" ↓ more: "+m.c.keys.Flow.Down.Help().Key+", pgdn"))
	}
	list := strings.Split(fitLines(steps, lw, bodyH), "\n")
	detail := strings.Split(fitBlock(m.detail.View(), m.width-lw-2, bodyH), "\n")
	sep := m.c.styles.Muted.Render("│") + " "
	lines := []string{m.headerLine()}
	for i := range bodyH {
		lines = append(lines, list[i]+sep+detail[i])
	}
	return fitLines(lines, m.width, m.height)
}

// headerLine names the walk and says how it stands.
func (m flowModel) headerLine() string {
	st := m.c.styles
	head := st.PaneTitle.Render("Flow ") + st.Bold.Render(printableLine(m.profile))
	if p := m.profileDef(m.profile); p != nil {
		head += st.Muted.Render(" (" + printableLine(p.Type) + ")")
	}
	if m.request != "" {
		head += st.Muted.Render(" → ") + printableLine(m.request)
	}
	var state string
	switch {
	case m.running:
		state = st.Warn.Render("● walking…")
	case m.acting:
		state = st.Warn.Render("● asking the server…")
	case m.prompting:
		state = st.Warn.Render("waiting for " + promptName(m.prompt))
	case m.cancelled && len(m.steps) > 0 || m.err != nil && isCancel(m.err):
		state = st.Warn.Render("cancelled")
	case m.err != nil || slices.ContainsFunc(m.steps, stepFailed):
		// A step may fail without an error from the send: a 401 to the
		// request that carried the credentials is a response all the same.
		state = st.Err.Render("✗ failed")
	case len(m.steps) > 0:
		state = st.OK.Render("✓ done")
	}
	mask := st.Muted.Render("secrets masked")
	if m.reveal {
		mask = st.Secret.Render("secrets shown")
	}
	return head + "  " + state + "  " + mask
}

// stepLines lists the steps, one line each, with a status mark that reads
// without colour too.
func (m flowModel) stepLines(width int) []string {
	st := m.c.styles
	if len(m.steps) == 0 {
		switch {
		case m.running:
			return []string{st.Muted.Render(" preparing…")}
		case m.prompting:
			return []string{st.Muted.Render(" waiting for a value")}
		}
		return []string{st.Muted.Render(" no steps")}
	}
	lines := make([]string, 0, len(m.steps))
	for i, s := range m.steps {
		mark, style := stepMark(s.Status), st.Normal
		switch s.Status {
		case authflow.StepFailed:
			style = st.Err
		case authflow.StepRunning:
			style = st.Warn
		case authflow.StepPending, authflow.StepSkipped:
			style = st.Muted
		}
		text := ansi.Truncate(fmt.Sprintf(" %s %d %s", mark, i+1, printableLine(s.Title)), width, "…")
		if i == m.selected {
			lines = append(lines, st.Selected.Render(padRight(text, width)))
			continue
		}
		lines = append(lines, style.Render(text))
	}
	return append(lines, m.lessonLines(width)...)
}

// lessonLines, under the steps, point the learner at the rest of the
// token's life, which a single walk cannot show: reuse while it is valid,
// and refresh (RFC 6749 §6) once it has expired.
func (m flowModel) lessonLines(width int) []string {
	if width < 12 {
		return nil
	}
	lines := m.tokenActionLines(width)
	if !m.tokenLesson() {
		return lines
	}
	k := m.c.keys.Flow
	// Without a refresh token (client credentials, RFC 6749 §4.4.3) an
	// expired token is replaced by a new one from the grant, not refreshed.
	then, expired := "to see the refresh", "shows keyway refreshing it (RFC 6749 §6)"
	if m.token != nil && m.token.RefreshToken == "" {
		then, expired = "to see keyway fetch a new one (no refresh token)", "shows keyway fetching a new one: there is no refresh token"
	}
	text := fmt.Sprintf("Next: %s walks again with the cached token, as a later request would; %s marks it expired first, %s.",
		k.Cached.Help().Key, k.Expire.Help().Key, then)
	switch {
	case !m.token.Expiry.IsZero() && !m.clock.Before(m.token.Expiry):
		text = fmt.Sprintf("The token has expired: %s walks again and %s.", k.Cached.Help().Key, expired)
	case !m.fresh:
		text = fmt.Sprintf("%s walks with the cached token again, %s expires it first, %s fetches a new one.",
			k.Cached.Help().Key, k.Expire.Help().Key, m.c.keys.Flow.Run.Help().Key)
	}
	return append(m.mutedParagraph(text, width), lines...)
}

// tokenActionLines say what r and i do, when they can.
func (m flowModel) tokenActionLines(width int) []string {
	k := m.c.keys.Flow
	switch {
	case m.canRevoke() && m.canIntrospect():
		return m.mutedParagraph(fmt.Sprintf("%s revokes the token at the server (RFC 7009), %s asks the server about it (RFC 7662).",
			k.Revoke.Help().Key, k.Introspect.Help().Key), width)
	case m.canIntrospect() && m.revoked:
		return m.mutedParagraph(fmt.Sprintf("Revoked: %s asks the server about the token now.", k.Introspect.Help().Key), width)
	case m.canIntrospect():
		return m.mutedParagraph(fmt.Sprintf("%s asks the server about the token (RFC 7662).", k.Introspect.Help().Key), width)
	case m.canRevoke():
		return m.mutedParagraph(fmt.Sprintf("%s revokes the token at the server (RFC 7009).", k.Revoke.Help().Key), width)
	}
	return nil
}

// mutedParagraph is text wrapped under the steps, after a blank line.
func (m flowModel) mutedParagraph(text string, width int) []string {
	lines := []string{""}
	for _, l := range strings.Split(wrapText(text, width-1), "\n") {
		lines = append(lines, m.c.styles.Muted.Render(" "+l))
	}
	return lines
}

// stepMark is a step status as one character.
func stepMark(s authflow.StepStatus) string {
	switch s {
	case authflow.StepRunning:
		return "…"
	case authflow.StepDone:
		return "✓"
	case authflow.StepFailed:
		return "✗"
	case authflow.StepSkipped:
		return "–"
	}
	return "·"
}

// stepStatusWord is a step status in words.
func stepStatusWord(s authflow.StepStatus) string {
	switch s {
	case authflow.StepRunning:
		return "running"
	case authflow.StepDone:
		return "done"
	case authflow.StepFailed:
		return "failed"
	case authflow.StepSkipped:
		return "skipped"
	}
	return "pending"
}

// profileDef returns a profile as written in the collection, nil when
// there is none.
func (m flowModel) profileDef(name string) *collections.Profile {
	if m.c.coll == nil {
		return nil
	}
	return m.c.coll.Profiles[name]
}

// flowPickerTop is the line of the picker's first profile.
const flowPickerTop = 5

// pickerLines draws the profile picker: each profile, its type and the
// request its walk ends with.
func (m flowModel) pickerLines() []string {
	st := m.c.styles
	lines := []string{st.PaneTitle.Render("Walk an auth flow")}
	intro := "Pick a profile: keyway signs a request with it for real, one step at a time, showing the real bytes and why each step happens."
	names := m.profileNames()
	if len(names) > 0 {
		intro += fmt.Sprintf(" enter walks the highlighted profile; %s picks another request to end with.", m.keys.NextRequest.Help().Key)
	}
	// flowPickerTop is where the profiles start (mouse clicks): the intro
	// fills the lines up to it, wrapped to the width, its end cut on a
	// narrow screen.
	wrapped := strings.Split(wrapText(intro, max(m.width, 20)), "\n")
	for i := 0; i < flowPickerTop-2; i++ {
		line := ""
		if i < len(wrapped) {
			line = wrapped[i]
		}
		if i == flowPickerTop-3 && len(wrapped) > flowPickerTop-2 {
			line = ansi.Truncate(line+" …", m.width, "…")
		}
		lines = append(lines, st.Muted.Render(line))
	}
	lines = append(lines, "")
	if len(names) == 0 {
		return append(lines, st.Warn.Render("This collection has no profiles yet: add one on the profiles screen (4)."))
	}
	nameW := 0
	for _, n := range names {
		nameW = max(nameW, ansi.StringWidth(printableLine(n)))
	}
	nameW = min(nameW, max(m.width/3, 12))
	// The type column is as wide as the longest type, so that the
	// requests line up (oauth2-client-credentials is 25 cells).
	typeW := 16
	for _, n := range names {
		if p := m.profileDef(n); p != nil {
			typeW = max(typeW, ansi.StringWidth(printableLine(p.Type)))
		}
	}
	for i, n := range names {
		typ := ""
		if p := m.profileDef(n); p != nil {
			typ = p.Type
		}
		req := firstRequestUsing(m.c, n)
		if i == m.pick && m.pickRequest != "" {
			req = m.pickRequest
		}
		ends := st.Muted.Render("→ " + printableLine(req))
		if req == "" {
			ends = st.Warn.Render("no request to send")
		}
		name := padRight(ansi.Truncate(printableLine(n), nameW, "…"), nameW)
		typ = padRight(printableLine(typ), typeW)
		row := ansi.Truncate(fmt.Sprintf("  %s  %s %s", name, typ, ends), m.width, "…")
		if i == m.pick {
			row = st.Selected.Render(padRight(ansi.Truncate(fmt.Sprintf("▸ %s  %s %s", name, typ, "→ "+printableLine(req)), m.width, "…"), m.width))
		}
		lines = append(lines, row)
	}
	return lines
}

// stepFailed reports whether s failed.
func stepFailed(s authflow.Step) bool { return s.Status == authflow.StepFailed }
