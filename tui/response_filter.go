package tui

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections/run"
)

// The live jq filter: `|` in the response pane opens an input, and every
// change to it filters the body again, in a command (run.Filter: the run's
// compile cache, memory guard and time bound). The pane shows the last good
// result; an error shows above the input without losing it.
//
// jq reads the body as the pane shows it, secrets already masked, so no
// filter can spell a secret out (`.token | explode`, `@base64`): the
// masked value is all it has. That is the run's rule, which hides jq's
// result whenever the text jq reads holds a secret: here it never does,
// and should the mask ever miss a form, the filter refuses as the run does.

// jqFilter is the filter of the response pane.
type jqFilter struct {
	input  textinput.Model
	typing bool
	// source is the JSON text the filter reads: the body as shown.
	source []byte
	// expr is the expression of lines; pending is the one being evaluated.
	expr, pending string
	lines         []string
	err           string
	// seq tells the latest evaluation's answer from a late one.
	seq    int
	cancel context.CancelFunc
}

// jqFilteredMsg is the outcome of evaluation seq.
type jqFilteredMsg struct {
	seq   int
	expr  string
	lines []string
	err   error
}

// filterSource is the JSON text a filter reads, or why there is none.
func (v responseView) filterSource() ([]byte, string) {
	switch {
	case v.ex == nil || v.ex.result.Response == nil:
		return nil, "No response to filter."
	case v.ex.body.kind != bodyJSON:
		return nil, "The body is not JSON: jq filters JSON only."
	case v.ex.result.Response.Truncated:
		return nil, "The body was cut at the body limit; jq needs the whole body."
	case v.ex.body.cut:
		return nil, "Lines of this body are over 4 KB and cut for display; jq needs the whole body."
	}
	text := strings.Join(v.ex.body.lines, "\n")
	if v.ex.redact.Holds(text) {
		// The run's rule (collections/run hiddenValue): jq's result
		// could be made of a secret, so it is not shown.
		return nil, "Not filtered: the body as shown still holds a secret, and jq's result could be made of it."
	}
	return []byte(text), ""
}

// openFilter starts a filter, or edits the one applied.
func (v responseView) openFilter() (responseView, tea.Cmd) {
	if v.filter != nil {
		v.filter.typing = true
		return v, v.filter.input.Focus()
	}
	src, why := v.filterSource()
	if why != "" {
		return v, statusCmd(why, true)
	}
	in := textinput.New()
	in.Prompt = "jq "
	in.Placeholder = ".items[] | .name"
	in.SetStyles(v.c.styles.Input)
	f := &jqFilter{input: in, typing: true, source: src}
	v.filter = f
	if len(v.ex.result.Secrets) > 0 {
		return v, tea.Batch(f.input.Focus(), statusCmd("jq reads the body as shown: its secrets stay masked (••••••) in what it makes of them.", false))
	}
	return v, f.input.Focus()
}

// filterTyped evaluates the filter's expression when it changed.
func (v responseView) filterTyped() (responseView, tea.Cmd) {
	f := v.filter
	expr := strings.TrimSpace(f.input.Value())
	if expr == f.pending {
		return v, nil
	}
	f.pending = expr
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	f.seq++
	if expr == "" {
		f.expr, f.lines, f.err = "", nil, ""
		v.research()
		v.clamp()
		return v, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel = cancel
	return v, filterCmd(ctx, f.seq, expr, f.source)
}

// filterCmd evaluates expr on source off the UI goroutine.
func filterCmd(ctx context.Context, seq int, expr string, source []byte) tea.Cmd {
	return func() tea.Msg {
		outs, err := run.Filter(ctx, expr, source)
		var lines []string
		for _, o := range outs {
			lines = append(lines, splitLines([]byte(o)).lines...)
		}
		return jqFilteredMsg{seq: seq, expr: expr, lines: lines, err: err}
	}
}

// filtered takes an evaluation's outcome: a result replaces the lines
// shown; an error is shown with the last good result kept.
func (v responseView) filtered(msg jqFilteredMsg) responseView {
	f := v.filter
	if f == nil || msg.seq != f.seq {
		return v // closed or superseded
	}
	if f.cancel != nil {
		f.cancel()
		f.cancel = nil
	}
	if msg.err != nil {
		f.err = v.ex.redact.Redact(msg.err.Error())
		return v
	}
	for i, l := range msg.lines {
		msg.lines[i] = v.ex.redact.Redact(l)
	}
	f.expr, f.lines, f.err = msg.expr, msg.lines, ""
	if len(f.lines) == 0 {
		f.lines = []string{"(no output)"}
	}
	v.offset, v.column = 0, 0
	v.research()
	v.clamp()
	return v
}

// closeFilter removes the filter: the body shows again.
func (v *responseView) closeFilter() {
	if v.filter != nil && v.filter.cancel != nil {
		v.filter.cancel()
	}
	v.filter = nil
	v.offset, v.column = 0, 0
	v.research()
	v.clamp()
}

// filterExpr is the expression whose result is shown, "" for the body.
func (v responseView) filterExpr() string {
	if v.filtering() {
		return v.filter.expr
	}
	return ""
}

// filtering reports whether a filter's result stands in for the body.
func (v responseView) filtering() bool {
	return v.filter != nil && v.filter.expr != ""
}
