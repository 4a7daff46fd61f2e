package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections/report"
)

// View draws the table or the open result, exactly width×height cells.
func (m replayModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.open {
		return fitLines(append([]string{m.headerLine()}, strings.Split(m.detail.View(), "\n")...), m.width, m.height)
	}
	lines := []string{m.headerLine(), m.progressLine(), m.columnsLine()}
	visible := m.visibleRows()
	offset := m.scrollOffset(visible)
	for i := offset; i < len(m.rows) && i < offset+visible; i++ {
		lines = append(lines, m.rowLine(i))
	}
	if len(m.rows) == 0 {
		lines = append(lines, m.c.styles.Muted.Render("  No request to replay."))
	}
	for len(lines) < m.height-1 {
		lines = append(lines, "")
	}
	summary := m.summaryLine()
	// Say when rows are out of view: at 80×24 the demo's last request is.
	if above, below := offset, len(m.rows)-offset-visible; above > 0 || below > 0 {
		summary += m.c.styles.Muted.Render(fmt.Sprintf("  · %d above, %d below (↑/↓ scroll)", above, max(below, 0)))
	}
	lines = append(lines, summary)
	return fitLines(lines, m.width, m.height)
}

// visibleRows is how many result rows fit under the header, the bar and
// the column titles, above the summary.
func (m replayModel) visibleRows() int { return max(m.height-4, 1) }

// scrollOffset is the first row shown: the selected row stays in view.
func (m replayModel) scrollOffset(visible int) int {
	offset := 0
	if m.selected >= visible {
		offset = m.selected - visible + 1
	}
	return offset
}

// headerLine says what is replayed, against which environment.
func (m replayModel) headerLine() string {
	st := m.c.styles
	what := "the whole collection"
	if m.folder != "" {
		what = "folder " + printableLine(m.folder)
	}
	head := st.PaneTitle.Render("Replay ") + what
	if m.c.env != "" {
		head += st.Muted.Render(" · env " + printableLine(m.c.env))
	}
	if !m.open {
		// The options of `keyway run`, set with f and c.
		fail := "off"
		if m.failFast {
			fail = "on"
		}
		head += st.Muted.Render(fmt.Sprintf(" · concurrency %d · fail-fast %s", m.concurrency, fail))
	}
	if m.open && m.selected < len(m.rows) {
		head += st.Muted.Render(" › ") + st.Bold.Render(printableLine(m.rows[m.selected].request.Name))
	}
	return head
}

// progressLine is the bar and how many requests finished.
func (m replayModel) progressLine() string {
	done := m.finished()
	percent := 0.0
	if len(m.rows) > 0 {
		percent = float64(done) / float64(len(m.rows))
	}
	return m.bar.ViewAs(percent) + fmt.Sprintf("  %d/%d", done, len(m.rows))
}

// finished counts the requests that have a result.
func (m replayModel) finished() int {
	n := 0
	for _, row := range m.rows {
		if row.state == rowFinished {
			n++
		}
	}
	return n
}

// replayColumns are the widths of the table's fixed columns.
const (
	replayStatusW = 6
	replayTimeW   = 8
	replayCheckW  = 7
)

// nameWidth is what is left of the width for the request name.
func (m replayModel) nameWidth() int {
	return max(m.width-2-replayStatusW-replayTimeW-replayCheckW-3, 8)
}

// columnsLine titles the table's columns.
func (m replayModel) columnsLine() string {
	return m.c.styles.Muted.Render(fmt.Sprintf("  %s %*s %*s %*s", padRight("Request", m.nameWidth()),
		replayStatusW, "Status", replayTimeW, "Time", replayCheckW, "Checks"))
}

// rowLine is one request: a mark that reads without colour, its name,
// status, time and assertions passed out of total. A failure is drawn in
// the error style so that it stands out.
func (m replayModel) rowLine(i int) string {
	st := m.c.styles
	row := m.rows[i]
	name := row.request.Name
	if row.request.Folder != "" && m.folder == "" {
		name = row.request.Folder + "/" + name
	}
	name = padRight(ansi.Truncate(printableLine(name), m.nameWidth(), "…"), m.nameWidth())
	mark, status, took, checks := "·", "", "", ""
	style := st.Muted
	switch row.state {
	case rowRunning:
		mark, status, style = "…", "…", st.Warn
	case rowFinished:
		res := row.outcome.Result
		mark, style = "✓", st.Normal
		if !res.Passed {
			mark, style = "✗", st.Err
		}
		status = "—"
		if res.Status > 0 {
			status = fmt.Sprint(res.Status)
		}
		took = formatMillis(res.DurationMS)
		checks = fmt.Sprintf("%d/%d", passedAssertions(res), len(res.Assertions))
	}
	text := fmt.Sprintf("%s %s %*s %*s %*s", mark, name, replayStatusW, status, replayTimeW, took, replayCheckW, checks)
	if i == m.selected {
		return st.Selected.Render(padRight(ansi.Truncate(text, m.width, "…"), m.width))
	}
	return style.Render(text)
}

// summaryLine ends the screen: what the replay is doing, or its summary in
// the words of `keyway run`.
func (m replayModel) summaryLine() string {
	st := m.c.styles
	switch {
	case m.prompting:
		return st.Warn.Render("waiting for " + promptName(m.prompt))
	case m.err != nil:
		return st.Err.Render(printableLine(m.err.Error()))
	case m.running && m.cancelled:
		return st.Warn.Render("cancelling…")
	case m.running:
		return st.Muted.Render(fmt.Sprintf("running… %d of %d done", m.finished(), len(m.rows)))
	case m.report != nil:
		var b strings.Builder
		m.report.WriteSummary(&b)
		summary := strings.TrimSpace(b.String())
		style := st.OK
		if m.report.Summary.Failed > 0 {
			style = st.Err
		}
		notRun := len(m.rows) - len(m.report.Results)
		if m.cancelled {
			return st.Warn.Render(fmt.Sprintf("cancelled: %d of %d ran, %d not sent · ", len(m.report.Results), len(m.rows), notRun)) +
				style.Render(summary)
		}
		if notRun > 0 {
			summary += fmt.Sprintf(" · %d not sent (fail-fast)", notRun)
		}
		return style.Render(summary)
	}
	if len(m.rows) == 0 {
		return ""
	}
	return st.Muted.Render(fmt.Sprintf("%d requests · press %s to replay", len(m.rows), m.c.keys.Replay.Run.Help().Key))
}

// passedAssertions counts a result's assertions that held.
func passedAssertions(res report.Result) int {
	n := 0
	for _, a := range res.Assertions {
		if a.Passed {
			n++
		}
	}
	return n
}

// formatMillis writes a duration in milliseconds the way people read it.
func formatMillis(ms int64) string {
	if ms == 0 {
		return "<1ms" // a loopback answer; "0ms" reads as "not measured"
	}
	if ms < 1000 {
		return fmt.Sprintf("%dms", ms)
	}
	return fmt.Sprintf("%.2fs", float64(ms)/1000)
}

// errPromptCancelled says a replay or walk cannot go on without a prompt's
// value.
func errPromptCancelled(label string) error {
	return fmt.Errorf("%s has no value, so nothing was sent", promptName(label))
}
