package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// exchange is one send of a request this session, ready to show: the
// result and its body prepared off the UI goroutine.
type exchange struct {
	at      time.Time
	result  run.Outcome
	body    bodyDoc
	redact  *authflow.Redactor
	headers []string // sanitised, redacted "Name: value" lines, sorted
	// hops are the redirects the request went through (response_hops.go).
	hops []redirectHop
	// bodyKept is how many bytes of the body arrived and were kept
	// (result.Response.Body itself is released once body is prepared).
	bodyKept int
}

// newExchange prepares a send's result for display. It runs inside the
// send command, so the work on a large body never blocks the UI.
func newExchange(at time.Time, res run.Outcome) *exchange {
	ex := &exchange{at: at, result: res, redact: authflow.NewRedactor(res.Secrets...)}
	if resp := res.Response; resp != nil {
		names := make([]string, 0, len(resp.Header))
		for name := range resp.Header {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			for _, v := range resp.Header[name] {
				ex.headers = append(ex.headers, printableLine(ex.redact.Redact(name+": "+v)))
			}
		}
		body := resp.Body
		switch {
		case len(res.Secrets) == 0:
		case resp.Truncated:
			// The body was cut at the body limit: what ends it may be
			// the start of a secret.
			body = []byte(ex.redact.RedactTruncated(string(body)))
		default:
			body = []byte(ex.redact.Redact(string(body)))
		}
		ex.body = newBodyDoc(resp.Header, body)
		// The raw body lives on only as the prepared lines, and the
		// flow's recorded exchanges (up to authflow.RecordLimit per body)
		// are not shown here (f walks the flow afresh): a kept exchange
		// holds one copy of the body, not three.
		ex.bodyKept = len(resp.Body)
		slim := *resp
		slim.Body = nil
		ex.result.Response = &slim
	}
	if f := res.Flow; f != nil {
		ex.hops = redirectHops(f, ex.redact)
		slim := *f
		slim.Steps = make([]authflow.Step, len(f.Steps))
		for i, s := range f.Steps {
			s.Exchange = nil
			slim.Steps[i] = s
		}
		ex.result.Flow = &slim
	}
	return ex
}

// size estimates the bytes ex holds, for the history's limit: the
// prepared body and header lines with their string headers.
func (ex *exchange) size() int64 {
	const perString = 16 // a string header on 64-bit platforms
	n := int64(256)      // the exchange, its result and response
	for _, l := range ex.body.lines {
		n += int64(len(l)) + perString
	}
	for _, l := range ex.headers {
		n += int64(len(l)) + perString
	}
	return n
}

// responseView shows one exchange: a summary line, the headers (toggled
// with t) and the body, scrolled line by line. Only the lines on screen are
// coloured and cut to width, so a 10 MB body scrolls as fast as a small one.
type responseView struct {
	c      *common
	ex     *exchange
	offset int
	// column is the horizontal scroll, in cells.
	column      int
	width       int
	height      int
	showHeaders bool
	// note is shown above the content (for example "2 of 3 responses").
	note string
	// search, filter and saving are the pane's tools, nil when unused
	// (response_find.go, response_filter.go, response_save.go).
	search *bodySearch
	filter *jqFilter
	saving *bodySave
}

// newResponseView returns an empty response pane.
func newResponseView(c *common) responseView {
	return responseView{c: c, showHeaders: true}
}

// SetExchange shows ex from its first line.
func (v *responseView) SetExchange(ex *exchange, note string) {
	v.ex, v.offset, v.column, v.note = ex, 0, 0, note
	v.closeTools()
}

// SetSize sets the content area.
func (v *responseView) SetSize(width, height int) {
	v.width, v.height = max(width, 1), max(height, 1)
	v.clamp()
}

// lineCount is the number of scrollable lines.
func (v responseView) lineCount() int {
	if v.ex == nil {
		return 0
	}
	n := len(v.bodyLines())
	if v.showHeaders {
		n += len(v.ex.headers) + 1
	}
	return n
}

// bodyLines is the body as shown: the jq filter's result while one
// applies.
func (v responseView) bodyLines() []string {
	if v.filtering() {
		return v.filter.lines
	}
	return v.ex.body.lines
}

// plainLine returns scrollable line i without colour.
func (v responseView) plainLine(i int) string {
	if v.showHeaders {
		if i < len(v.ex.headers) {
			return v.ex.headers[i]
		}
		if i == len(v.ex.headers) {
			return ""
		}
		i -= len(v.ex.headers) + 1
	}
	return v.bodyLines()[i]
}

// line returns scrollable line i, coloured, its search matches marked.
func (v responseView) line(i int) string {
	if v.search != nil && len(v.search.matches) > 0 {
		if ms := v.search.onLine(i); len(ms) > 0 {
			return v.highlight(v.plainLine(i), ms)
		}
	}
	if v.showHeaders {
		if i < len(v.ex.headers) {
			name, value, _ := strings.Cut(v.ex.headers[i], ":")
			return v.c.styles.Key.Render(name) + ":" + value
		}
		if i == len(v.ex.headers) {
			return ""
		}
		i -= len(v.ex.headers) + 1
	}
	line := v.bodyLines()[i]
	if v.ex.body.kind == bodyJSON || v.filtering() {
		return colourJSONLine(line, v.c.styles.JSON)
	}
	return line
}

// visibleLines is how many scrollable lines fit under the summary and
// above the tools' lines.
func (v responseView) visibleLines() int { return max(v.height-1-len(v.toolLines()), 1) }

func (v *responseView) clamp() {
	v.offset = max(min(v.offset, v.lineCount()-v.visibleLines()), 0)
}

// Update scrolls on keys and the mouse wheel.
func (v responseView) Update(msg tea.Msg) (responseView, tea.Cmd) {
	keys := v.c.keys.Response
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.Up):
			v.offset--
		case key.Matches(msg, keys.Down):
			v.offset++
		case key.Matches(msg, keys.PageUp):
			v.offset -= v.visibleLines()
		case key.Matches(msg, keys.PageDown):
			v.offset += v.visibleLines()
		case key.Matches(msg, keys.Top):
			v.offset = 0
		case key.Matches(msg, keys.Bottom):
			v.offset = v.lineCount()
		case key.Matches(msg, keys.Headers):
			v.showHeaders = !v.showHeaders
			v.research()
		case key.Matches(msg, keys.Left):
			v.column = max(v.column-v.width/2, 0)
		case key.Matches(msg, keys.Right):
			v.column = max(min(v.column+v.width/2, v.widestVisible()-v.width+1), 0)
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			v.offset -= 3
		case tea.MouseWheelDown:
			v.offset += 3
		}
	}
	v.clamp()
	return v, nil
}

// summary is the first line: status, time, size and notes.
func (v responseView) summary() string {
	st := v.c.styles
	res := v.ex.result
	resp := res.Response
	if resp == nil {
		return st.Err.Render("No response")
	}
	parts := []string{
		st.StatusStyle(resp.StatusCode).Render(printableLine(statusText(resp))),
		roundDuration(resp.Duration),
		humanSize(resp.Size),
	}
	if resp.Truncated {
		parts = append(parts, st.Warn.Render(fmt.Sprintf("first %s kept", humanSize(int64(v.ex.bodyKept)))))
	}
	if v.ex.body.cut {
		parts = append(parts, st.Muted.Render("long lines cut"))
	}
	if v.note != "" {
		parts = append(parts, st.Muted.Render(v.note))
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

// statusText is "200 OK" from a response, whatever form Status has.
func statusText(resp *authflow.Response) string {
	if resp.Status != "" {
		if strings.HasPrefix(resp.Status, fmt.Sprint(resp.StatusCode)) {
			return resp.Status
		}
		return fmt.Sprintf("%d %s", resp.StatusCode, resp.Status)
	}
	return fmt.Sprint(resp.StatusCode)
}

// View renders exactly the content area.
func (v responseView) View() string {
	st := v.c.styles
	if v.ex == nil {
		return fitLines([]string{st.Muted.Render("Press " + v.c.keys.Explore.Send.Help().Key + " to send the request.")}, v.width, v.height)
	}
	lines := make([]string, 0, v.height)
	lines = append(lines, v.summary())
	tools := v.toolLines()
	body := v.height - len(tools)
	if v.offset == 0 {
		lines = append(lines, v.hopLines()...)
	}
	if err := v.ex.result.Err; err != nil {
		lines = append(lines, errorLines(st, v.ex.redact.Redact(err.Error()), v.width)...)
	} else if msg := v.ex.result.Result.Error; msg != "" && v.ex.result.Response == nil {
		lines = append(lines, errorLines(st, v.ex.redact.Redact(msg), v.width)...)
	}
	if hint := flowHint(v.ex.result); hint != "" {
		// Wrapped, not cut: what to do next is the point of the hint.
		for _, l := range strings.Split(wrapText(printableLine(v.ex.redact.Redact(hint)), max(v.width, 10)), "\n") {
			lines = append(lines, st.Warn.Render(l))
		}
	}
	if a := v.ex.result.Result.Assertions; len(a) > 0 && v.offset == 0 {
		lines = append(lines, assertionLine(st, a))
	}
	if v.ex.result.Response != nil && v.ex.body.kind == bodyEmpty && v.offset == 0 && !v.showHeaders {
		lines = append(lines, st.Muted.Render("(empty body)"))
	}
	for i := v.offset; i < v.lineCount() && len(lines) < body; i++ {
		lines = append(lines, v.cut(v.line(i)))
	}
	if len(tools) > 0 {
		top := strings.Split(fitLines(lines, v.width, max(body, 1)), "\n")
		return fitLines(append(top, tools...), v.width, v.height)
	}
	return fitLines(lines, v.width, v.height)
}

// errorLines renders an error message wrapped to width, sanitised.
func errorLines(st Styles, msg string, width int) []string {
	wrapped := wordWrap(printable(msg), max(width, 10))
	var out []string
	for _, l := range strings.Split(wrapped, "\n") {
		out = append(out, st.Err.Render(l))
	}
	return out
}

// assertionLine summarises a request's expectations: how many passed and
// the first that failed.
func assertionLine(st Styles, as []report.Assertion) string {
	passed := 0
	first := ""
	for _, a := range as {
		if a.Passed {
			passed++
		} else if first == "" {
			first = a.Expect + " (got " + a.Actual + ")"
		}
	}
	text := fmt.Sprintf("%d/%d expectations passed", passed, len(as))
	if first == "" {
		return st.OK.Render("✓ " + text)
	}
	return st.Err.Render("✗ "+text+": ") + printableLine(first)
}

// roundDuration shows milliseconds, or microseconds under one (loopback
// answers are that fast).
func roundDuration(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}

// cut returns the part of line shown at the current horizontal scroll, with
// "…" where text continues past the right edge.
func (v responseView) cut(line string) string {
	if v.column > 0 {
		line = ansi.Cut(line, v.column, v.column+v.width+1)
	}
	return ansi.Truncate(line, v.width, "…")
}

// widestVisible is the width of the widest line on screen, which bounds
// the horizontal scroll.
func (v responseView) widestVisible() int {
	widest := 0
	for i := v.offset; i < v.lineCount() && i < v.offset+v.visibleLines(); i++ {
		widest = max(widest, ansi.StringWidth(v.line(i)))
	}
	return widest
}
