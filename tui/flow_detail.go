package tui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// The detail pane of the walkthrough: everything about the selected step,
// built as text for the scrolling viewport. Secrets are masked here, at
// render time, so that reveal is one key and costs no new request.

// refreshDetail rebuilds the detail pane's content.
func (m *flowModel) refreshDetail() {
	width := m.detail.Width()
	if width <= 0 {
		return
	}
	m.detail.SetContent(m.detailContent(width))
}

// redactor masks the prepared request's secrets, the flow's own (the
// tokens it obtained), every secret field the steps reported and every
// secret the session met before (a token an earlier walk obtained, which a
// server may echo), or nothing when revealed.
func (m flowModel) redactor() *authflow.Redactor {
	if m.reveal {
		return nil
	}
	return m.c.session.met.redactor(append(slices.Clone(m.secrets), authflow.StepSecrets(m.steps)...))
}

// detailContent is the selected step, or the walk's error when no step
// says more.
func (m flowModel) detailContent(width int) string {
	st := m.c.styles
	red := m.redactor()
	var b strings.Builder
	if m.selected >= len(m.steps) {
		switch {
		case m.err != nil && isCancel(m.err):
			b.WriteString(st.Warn.Render("The walk was cancelled.") + "\n\n" + st.Muted.Render("Press "+m.c.keys.Flow.Run.Help().Key+" to walk it again."))
		case m.err != nil:
			// Nothing was sent: the request could not be prepared. Say
			// what to do first, as the explore screen does.
			next := nextStep(m.c, m.err) + fmt.Sprintf(" Or press %s and %s to end the walk with another request.",
				m.c.keys.Global.Back.Help().Key, m.keys.NextRequest.Help().Key)
			b.WriteString(styleLines(st.Warn, wrapText(next, width)) + "\n\n")
			b.WriteString(styleLines(st.Err, wrapText(cleanErr(red, m.err), width)) + "\n")
		case m.running:
			b.WriteString(st.Muted.Render("Preparing the request…"))
		}
		return b.String()
	}
	s := m.steps[m.selected]
	title := fmt.Sprintf("Step %d of %d · %s", m.selected+1, len(m.steps), printableLine(s.Title))
	b.WriteString(styleLines(st.Bold, wrapText(title, width)) + "\n")
	status := stepMark(s.Status) + " " + stepStatusWord(s.Status)
	if s.Duration > 0 {
		status += " · " + roundDuration(s.Duration)
	}
	line := m.statusStyle(s.Status).Render(status)
	if s.RFC != "" {
		line += st.Muted.Render("  " + printableLine(s.RFC))
	}
	b.WriteString(line + "\n")
	if s.Why != "" {
		b.WriteString("\n" + wrapText(printable(s.Why), width) + "\n")
	}
	if s.Err != nil {
		b.WriteString("\n" + styleLines(st.Err, wrapText("✗ "+cleanErr(red, s.Err), width)) + "\n")
	}
	if s.Hint != "" {
		b.WriteString(styleLines(st.Warn, wrapText("→ "+printable(red.Redact(s.Hint)), width)) + "\n")
	}
	m.writeFields(&b, s.Fields, red, width)
	if ex := s.Exchange; ex != nil {
		writeRawExchange(&b, st, ex, red, width)
	}
	if m.selected == len(m.steps)-1 && m.err != nil && s.Err == nil {
		b.WriteString("\n" + styleLines(st.Err, wrapText("✗ "+cleanErr(red, m.err), width)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// labelledLines puts label in a column labelW wide and value beside it,
// each wrapped in its own column so that neither is cut: a label wider
// than its column goes on over more lines ("JWT claim" / "client_id"),
// and a long value wraps under itself, not under the label.
func labelledLines(labelStyle lipgloss.Style, label, value string, labelW, width int) string {
	valueW := max(width-labelW-2, 8)
	labels := strings.Split(wordWrap(label, labelW), "\n")
	values := strings.Split(wordWrap(value, valueW), "\n")
	lines := make([]string, max(len(labels), len(values)))
	for i := range lines {
		l, v := "", ""
		if i < len(labels) {
			l = labels[i]
		}
		if i < len(values) {
			v = values[i]
		}
		lines[i] = strings.TrimRight(labelStyle.Render(padRight(l, labelW))+"  "+v, " ")
	}
	return strings.Join(lines, "\n")
}

// statusStyle colours a step status.
func (m flowModel) statusStyle(s authflow.StepStatus) lipgloss.Style {
	st := m.c.styles
	switch s {
	case authflow.StepDone:
		return st.OK
	case authflow.StepFailed:
		return st.Err
	case authflow.StepRunning:
		return st.Warn
	}
	return st.Muted
}

// writeFields writes a step's facts as an aligned table. A field holding a
// JWT is decoded below it: header, claims and the expiry as a countdown.
func (m flowModel) writeFields(b *strings.Builder, fields []authflow.Field, red *authflow.Redactor, width int) {
	if len(fields) == 0 {
		return
	}
	st := m.c.styles
	labelW, longestWord := 0, 0
	for _, f := range fields {
		label := printableLine(f.Label)
		labelW = max(labelW, ansi.StringWidth(label))
		for _, word := range strings.Fields(label) {
			longestWord = max(longestWord, ansi.StringWidth(word))
		}
	}
	// A third of the pane, or more so that no word of a label is cut
	// (up to half the pane): labels wrap at their spaces.
	labelW = min(labelW, max(width/3, 8, min(longestWord, width/2)))
	b.WriteString("\n")
	var tokens []*authflow.JWT
	for _, f := range fields {
		if block, ok := fieldBlock(f, fields, width); ok {
			if strings.HasPrefix(f.Label, qrLabel) && !m.c.noColor {
				block = qrColours(block)
			}
			// A picture in text (a code in big letters, a QR code) keeps
			// its lines, under its label, and is never masked: it shows
			// only what the step shows in plain beside it.
			b.WriteString(st.Muted.Render(printableLine(f.Label)) + "\n" + block + "\n")
			continue
		}
		value := printableLine(f.Value)
		switch {
		case f.Secret && red != nil && f.Masked != "":
			value = printableLine(red.Redact(f.Masked))
		case f.Secret && red != nil:
			value = st.Secret.Render(authflow.Mask)
		case f.Secret:
			value = st.Secret.Render(value)
		case !f.At.IsZero():
			// One clock for the screen: the countdown's, not the
			// moment the step ran.
			value = m.momentText(f.At)
		default:
			value = printableLine(red.Redact(f.Value))
		}
		b.WriteString(labelledLines(st.Muted, printableLine(f.Label), value, labelW, width) + "\n")
		if jwt, err := authflow.DecodeJWT(f.Value); err == nil {
			tokens = append(tokens, jwt)
		}
	}
	decoded := slices.ContainsFunc(fields, func(f authflow.Field) bool { return strings.HasPrefix(f.Label, "JWT") })
	for _, jwt := range tokens {
		if decoded {
			// The step already lists the claims: add only the live countdown.
			if !jwt.Expiry.IsZero() {
				b.WriteString("\n" + labelledLines(st.Bold, "Token expiry", m.countdown(jwt.Expiry), len("Token expiry"), width) + "\n")
			}
			continue
		}
		m.writeJWT(b, jwt, width)
	}
}

// writeJWT shows a decoded token. Its signature is not verified: this is
// what the token says, which the API decides whether to trust (RFC 7519 §7.2).
func (m flowModel) writeJWT(b *strings.Builder, jwt *authflow.JWT, width int) {
	st := m.c.styles
	b.WriteString("\n" + sectionRule(st.PaneTitle.Render("Token (JWT, RFC 7519 — signature not checked)"), width) + "\n")
	b.WriteString(st.Muted.Render("header") + "  " + printableLine(compactJSON(jwt.Header)) + "\n")
	b.WriteString(st.Muted.Render("claims") + "\n")
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range jwt.Claims {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		line := "  " + printableLine(name) + ": " + printableLine(compactJSON(jwt.Claims[name]))
		switch name {
		case "exp":
			line += "  " + m.countdown(jwt.Expiry)
		case "iat", "nbf":
			if t := numericTime(jwt.Claims[name]); !t.IsZero() {
				line += st.Muted.Render("  " + t.UTC().Format(time.RFC3339))
			}
		}
		b.WriteString(wordWrap(line, width) + "\n")
	}
}

// writeRawExchange writes the request and the response of a step as they
// crossed the wire, masked by red.
func writeRawExchange(b *strings.Builder, st Styles, ex *authflow.Exchange, red *authflow.Redactor, width int) {
	b.WriteString("\n" + sectionRule(st.PaneTitle.Render("Request sent"), width) + "\n")
	b.WriteString(rawText(red.Redact(ex.RawRequest()), width) + "\n")
	title := "Response received"
	if ex.Duration > 0 {
		title += " · " + roundDuration(ex.Duration)
	}
	b.WriteString("\n" + sectionRule(st.PaneTitle.Render(title), width) + "\n")
	switch {
	case ex.Response != nil:
		b.WriteString(rawText(red.Redact(ex.RawResponse()), width) + "\n")
	case ex.Err != nil:
		b.WriteString(styleLines(st.Err, wrapText("no response: "+cleanErr(red, ex.Err), width)) + "\n")
	default:
		b.WriteString(st.Muted.Render("no response yet") + "\n")
	}
}

// cleanErr is an error's text made safe to show: masked and printable.
func cleanErr(red *authflow.Redactor, err error) string {
	if isCancel(err) {
		return "cancelled"
	}
	return printable(red.Redact(err.Error()))
}

// rawText prepares HTTP wire text for the screen: CRLF becomes a newline,
// control characters become visible, and long lines wrap at width.
func rawText(s string, width int) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return wordWrap(printable(strings.TrimRight(s, "\n")), width)
}

// wrapText wraps plain words at width, breaking words longer than a line.
func wrapText(s string, width int) string {
	return wordWrap(s, width)
}

// styleLines renders each line of s on its own, so a wrapped paragraph is
// not padded into a block with trailing spaces.
func styleLines(style lipgloss.Style, s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return strings.Join(lines, "\n")
}

// sectionRule is a heading followed by a rule to the edge of the pane.
func sectionRule(title string, width int) string {
	rest := width - ansi.StringWidth(title) - 1
	if rest < 1 {
		return title
	}
	return title + " " + strings.Repeat("─", rest)
}

// compactJSON renders a decoded JSON value on one line.
func compactJSON(v any) string {
	out, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(out)
}

// numericTime reads an RFC 7519 NumericDate claim (seconds since the epoch).
func numericTime(v any) time.Time {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}
	}
	sec, err := n.Int64()
	if err != nil || sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0)
}

// isCancel reports an error that only says the walk was cancelled.
func isCancel(err error) bool {
	return errors.Is(err, context.Canceled)
}

// fieldBlock renders a field whose value is a picture in text — its value
// starts with a line break, as the device grant's user code in big letters
// and its QR code do — indented under its label, when it fits width. The
// user code is redrawn in the screen's own letters, four cells wide, so
// that it still reads from across a desk at 80 columns (RFC 8628 §3.3.1);
// a picture that does not fit says how wide the window must be.
func fieldBlock(f authflow.Field, fields []authflow.Field, width int) (string, bool) {
	if f.Secret || !strings.HasPrefix(f.Value, "\n") {
		return "", false
	}
	lines := strings.Split(strings.TrimPrefix(f.Value, "\n"), "\n")
	if f.Label == deviceUserCodeLarge {
		for _, other := range fields {
			if other.Label == deviceUserCode {
				if big := bigText(other.Value, width-2); big != nil {
					lines = big
				}
			}
		}
	}
	wide := 0
	for i, l := range lines {
		lines[i] = printableLine(l)
		wide = max(wide, ansi.StringWidth(lines[i]))
	}
	if wide+2 > width {
		return fmt.Sprintf("  (%d columns wide: widen the window to see it)", wide+2), true
	}
	return "  " + strings.Join(lines, "\n  "), true
}

// qrColours draws a QR code's light modules white on black whatever the
// terminal's own colours: authflow draws them as blocks in the text's
// colour, which is dark on a light background and would invert the code,
// which some phone scanners then fail to read (ISO/IEC 18004 §6.2: dark
// modules on a light background).
func qrColours(block string) string {
	style := lipgloss.NewStyle().Foreground(lipgloss.Color("#ffffff")).Background(lipgloss.Color("#000000"))
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		if trimmed := strings.TrimPrefix(l, "  "); trimmed != l {
			lines[i] = "  " + style.Render(trimmed)
		}
	}
	return strings.Join(lines, "\n")
}

// The labels of the device grant's step that shows the user code
// (authflow's device authorization step).
const (
	qrLabel             = "QR code"
	deviceUserCode      = "user_code"
	deviceUserCodeLarge = "user code, large"
)
