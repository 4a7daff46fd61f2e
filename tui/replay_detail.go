package tui

import (
	"fmt"
	"strings"
)

// refreshDetail rebuilds the open result's content.
func (m *replayModel) refreshDetail() {
	if m.selected >= len(m.rows) || m.detail.Width() <= 0 {
		return
	}
	m.detail.SetContent(m.resultDetail(m.rows[m.selected], m.detail.Width()))
}

// resultDetail shows one finished request in full: its result line, its
// error, every assertion with what was actually seen, and the exchange of
// each step that crossed the wire (the token request, then the request
// itself), with every secret masked.
func (m replayModel) resultDetail(row replayRow, width int) string {
	st := m.c.styles
	out := row.outcome
	res := out.Result
	red := m.c.session.met.redactor(out.Secrets)
	var b strings.Builder

	line := st.MethodStyle(res.Method).Render(printableLine(res.Method)) + " " + printableLine(red.Redact(res.URL))
	b.WriteString(wrapText(line, width) + "\n")
	verdict := st.OK.Render("✓ passed")
	if !res.Passed {
		verdict = st.Err.Render("✗ failed")
	}
	status := "no response"
	if res.Status > 0 {
		status = st.StatusStyle(res.Status).Render(fmt.Sprint(res.Status))
	}
	b.WriteString(verdict + " · " + status + " · " + formatMillis(res.DurationMS) + "\n")
	if res.Error != "" {
		b.WriteString("\n" + styleLines(st.Err, wrapText(printable(red.Redact(res.Error)), width)) + "\n")
	}

	if len(res.Assertions) > 0 {
		b.WriteString("\n" + sectionRule(st.PaneTitle.Render(fmt.Sprintf("Assertions %d/%d", passedAssertions(res), len(res.Assertions))), width) + "\n")
		for _, a := range res.Assertions {
			mark, style := "✓", st.OK
			if !a.Passed {
				mark, style = "✗", st.Err
			}
			b.WriteString(styleLines(style, wrapText(mark+" "+printableLine(a.Expect), width)) + "\n")
			if !a.Passed || a.Actual != "" {
				b.WriteString(styleLines(st.Muted, wrapText("    actual: "+printableLine(red.Redact(a.Actual)), width)) + "\n")
			}
		}
	}

	if note := keptNote(row.kept, res.Passed); note != "" {
		b.WriteString("\n" + styleLines(st.Muted, wrapText(note, width)) + "\n")
	}
	if out.Flow != nil {
		for i, s := range out.Flow.Steps {
			if s.Exchange == nil {
				continue
			}
			title := fmt.Sprintf("Step %d · %s", i+1, printableLine(s.Title))
			b.WriteString("\n" + sectionRule(st.Bold.Render(title), width) + "\n")
			if s.Err != nil {
				b.WriteString(styleLines(st.Err, wrapText(printable(red.Redact(s.Err.Error())), width)) + "\n")
			}
			writeRawExchange(&b, st, s.Exchange, red, width)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
