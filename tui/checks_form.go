package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/edit"
)

// checkField is the kind of one line of the checks form.
type checkField int

const (
	checkStatus checkField = iota
	checkWithin
	checkHeader
	checkJQ
	checkCapture
)

// checkPrompts label each kind of line; within is expect.max_duration.
var checkPrompts = [...]string{"status   ", "within   ", "header   ", "jq       ", "capture  "}

// checksForm edits what a request checks and keeps from its response:
// [request.expect] (status, headers, jq, max_duration) and
// [request.capture]. Values are as written in the file; a jq expression is
// compiled as it is typed, so a mistake shows before it is saved. Saving
// rewrites only what changed (edit.SetRequestExpect and
// SetRequestCapture keep every other byte).
type checksForm struct {
	c      *common
	req    *collections.Request
	inputs []textinput.Model
	kinds  []checkField
	focus  int
	width  int
	err    string
	saving bool
}

// newChecksForm returns the form for r, its status line focused. Every
// repeatable kind has at least one line, empty when r has none, so that
// the user sees where each goes.
func newChecksForm(c *common, r *collections.Request) (checksForm, tea.Cmd) {
	f := checksForm{c: c, req: r}
	status := ""
	if r.Expect.Status != 0 {
		status = strconv.Itoa(r.Expect.Status)
	}
	within := ""
	if r.Expect.MaxDuration != 0 {
		within = r.Expect.MaxDuration.String()
	}
	f.add(checkStatus, status)
	f.add(checkWithin, within)
	for _, h := range r.Expect.Headers {
		f.add(checkHeader, h.Key+": "+h.Value)
	}
	for _, q := range r.Expect.JQ {
		f.add(checkJQ, q)
	}
	for _, kv := range r.Capture {
		f.add(checkCapture, kv.Key+" = "+kv.Value)
	}
	for _, k := range []checkField{checkHeader, checkJQ, checkCapture} {
		if !slices.Contains(f.kinds, k) {
			f.addLine(k)
		}
	}
	f.focus = 0
	return f, f.Focus()
}

func (f *checksForm) add(kind checkField, value string) {
	f.insert(len(f.inputs), kind, value)
}

func (f *checksForm) insert(i int, kind checkField, value string) int {
	ti := formInput(f.c.styles.Input, checkPrompts[kind], value, f.width)
	f.inputs = slices.Insert(f.inputs, i, ti)
	f.kinds = slices.Insert(f.kinds, i, kind)
	return i
}

// addLine adds an empty line of kind after the last of its kind, focused.
func (f *checksForm) addLine(kind checkField) {
	at := 0
	for i, k := range f.kinds {
		if k <= kind {
			at = i + 1
		}
	}
	f.focus = f.insert(at, kind, "")
}

// Focus focuses the current line.
func (f *checksForm) Focus() tea.Cmd {
	return focusInput(f.inputs, f.focus)
}

// SetSize sets the content width.
func (f *checksForm) SetSize(width int) {
	f.width = width
	setInputWidths(f.inputs, width)
}

// title names the form.
func (f checksForm) title() string {
	return "Expect & capture of “" + printableLine(f.req.Name) + "”"
}

// Update handles keys and the save's result; done reports that the form
// closed.
func (f checksForm) Update(msg tea.Msg) (out checksForm, cmd tea.Cmd, done bool) {
	keys := f.c.keys.Edit
	switch msg := msg.(type) {
	case dialogSavedMsg:
		f.saving = false
		if msg.err != nil {
			f.err = saveErrorText(msg.err)
			return f, nil, false
		}
		coll, name := msg.coll, msg.selectName
		return f, tea.Batch(func() tea.Msg { return collectionSavedMsg{coll: coll, selectName: name} },
			statusCmd(savedText(f.c, coll), false)), true
	case tea.KeyPressMsg:
		if f.saving {
			return f, nil, false
		}
		switch {
		case key.Matches(msg, keys.Cancel):
			return f, statusCmd("Edit discarded.", false), true
		case key.Matches(msg, keys.Save):
			return f.save()
		case key.Matches(msg, keys.Next):
			f.focus = (f.focus + 1) % len(f.inputs)
			return f, f.Focus(), false
		case key.Matches(msg, keys.Prev):
			f.focus = (f.focus + len(f.inputs) - 1) % len(f.inputs)
			return f, f.Focus(), false
		case key.Matches(msg, keys.AddHeader):
			if k := f.kinds[f.focus]; k >= checkHeader {
				f.addLine(k)
				return f, f.Focus(), false
			}
			return f, nil, false
		case key.Matches(msg, keys.DelHeader):
			k := f.kinds[f.focus]
			if k < checkHeader {
				return f, nil, false
			}
			if f.count(k) == 1 { // the last of its kind stays, emptied
				f.inputs[f.focus].SetValue("")
				return f, nil, false
			}
			f.inputs = slices.Delete(f.inputs, f.focus, f.focus+1)
			f.kinds = slices.Delete(f.kinds, f.focus, f.focus+1)
			f.focus = min(f.focus, len(f.inputs)-1)
			return f, f.Focus(), false
		}
	}
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	if _, typed := msg.(tea.KeyPressMsg); typed {
		f.err = ""
	}
	return f, cmd, false
}

// count is how many lines of kind the form has.
func (f checksForm) count(kind checkField) int {
	n := 0
	for _, k := range f.kinds {
		if k == kind {
			n++
		}
	}
	return n
}

// values reads the form: the expectations and captures it says, or what
// is wrong with the first line that cannot be read (the index of that line
// is returned too, -1 for none).
func (f checksForm) values() (collections.Expect, []collections.KV, int, error) {
	var e collections.Expect
	var capture []collections.KV
	for i, in := range f.inputs {
		line := strings.TrimSpace(in.Value())
		if line == "" {
			continue
		}
		switch f.kinds[i] {
		case checkStatus:
			n, err := strconv.Atoi(line)
			if err != nil || n < 100 || n > 599 {
				return e, nil, i, errorf("The status is an HTTP status code from 100 to 599, such as 200 or 201; empty for any 2xx.")
			}
			e.Status = n
		case checkWithin:
			d, err := time.ParseDuration(line)
			if err != nil || d <= 0 {
				return e, nil, i, errorf("“within” is a duration such as 500ms or 2s (expect.max_duration); empty for no limit.")
			}
			e.MaxDuration = d
		case checkHeader:
			name, value, ok := strings.Cut(line, ":")
			if !ok || strings.TrimSpace(name) == "" {
				return e, nil, i, errorf("Write each expected header as “Name: text it contains” (%q has no colon).", ansi.Truncate(line, 30, "…"))
			}
			e.Headers = append(e.Headers, collections.KV{Key: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		case checkJQ:
			if err := collections.CompileJQ(line); err != nil {
				return e, nil, i, errorf("jq: %s", jqErrorText(err))
			}
			e.JQ = append(e.JQ, line)
		case checkCapture:
			name, expr, ok := strings.Cut(line, "=")
			name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
			if !ok || name == "" || expr == "" {
				return e, nil, i, errorf("Write each capture as “variable = jq expression”, such as token = .access_token.")
			}
			if err := collections.CompileJQ(expr); err != nil {
				return e, nil, i, errorf("capture %s: jq: %s", printableLine(name), jqErrorText(err))
			}
			capture = append(capture, collections.KV{Key: name, Value: expr})
		}
	}
	return e, capture, -1, nil
}

// jqErrorText is a jq compile error on one line.
func jqErrorText(err error) string {
	return printableLine(strings.Join(strings.Fields(err.Error()), " "))
}

// save checks every line and starts the save of what changed.
func (f checksForm) save() (checksForm, tea.Cmd, bool) {
	e, capture, bad, err := f.values()
	if err != nil {
		f.err = err.Error()
		f.focus = bad
		return f, f.Focus(), false
	}
	old := f.req.Expect
	sameExpect := e.Status == old.Status && e.MaxDuration == old.MaxDuration &&
		slices.Equal(e.Headers, old.Headers) && slices.Equal(e.JQ, old.JQ)
	sameCapture := slices.Equal(capture, f.req.Capture)
	if sameExpect && sameCapture {
		return f, statusCmd("Nothing changed.", false), true
	}
	index := slices.Index(f.c.coll.Requests, f.req)
	if index < 0 {
		f.err = "The request is no longer in the collection."
		return f, nil, false
	}
	change := func(src []byte) ([]byte, error) {
		var err error
		if !sameExpect {
			if src, err = edit.SetRequestExpect(src, index, e); err != nil {
				return nil, err
			}
		}
		if !sameCapture {
			if src, err = edit.SetRequestCapture(src, index, capture); err != nil {
				return nil, err
			}
		}
		return src, nil
	}
	f.saving, f.err = true, ""
	return f, saveSourceCmd(f.c.engine, f.c.coll, change, f.req.Name), false
}

// liveCheck says whether the focused jq line compiles, as it is typed.
func (f checksForm) liveCheck() (text string, ok bool) {
	line := strings.TrimSpace(f.inputs[f.focus].Value())
	switch f.kinds[f.focus] {
	case checkJQ:
	case checkCapture:
		_, line, _ = strings.Cut(line, "=")
		line = strings.TrimSpace(line)
	default:
		return "", true
	}
	if line == "" {
		return "", true
	}
	if err := collections.CompileJQ(line); err != nil {
		return "jq: " + jqErrorText(err), false
	}
	return "jq compiles.", true
}

// lineCount is how many lines the form wants.
func (f checksForm) lineCount() int { return len(f.lines()) }

// lines renders the form in its width.
func (f checksForm) lines() []string {
	st := f.c.styles
	var out []string
	for _, in := range f.inputs {
		out = append(out, ansi.Truncate(in.View(), f.width, "…"))
	}
	out = append(out, "")
	live, ok := f.liveCheck()
	switch {
	case f.saving:
		out = append(out, st.Muted.Render("Saving…"))
	case f.err != "":
		out = append(out, errorLines(st, f.err, f.width)...)
	case !ok:
		out = append(out, errorLines(st, live, f.width)...)
	case live != "":
		out = append(out, st.Muted.Render(live))
	default:
		hint := fmt.Sprintf("header: “Name: text it contains”; jq: true on the JSON body; capture: “name = jq”. %s adds a line, %s removes one.",
			f.c.keys.Edit.AddHeader.Help().Key, f.c.keys.Edit.DelHeader.Help().Key)
		for _, l := range wrapLines(hint, f.width) {
			out = append(out, st.Muted.Render(l))
		}
	}
	return out
}

// ShortHelp lists the form's keys.
func (f checksForm) ShortHelp() []key.Binding {
	k := f.c.keys.Edit
	add, del := k.AddHeader, k.DelHeader
	add.SetHelp(add.Help().Key, "add line")
	del.SetHelp(del.Help().Key, "remove line")
	return []key.Binding{k.Save, k.Cancel, k.Next, add, del}
}
