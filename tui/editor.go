package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections"
)

// requestEditor edits a request's method, URL, headers, query and a
// one-line text body in place. Values are edited as written in the file
// ({{references}} and all), and saving writes only the fields that changed.
type requestEditor struct {
	c   *common
	req *collections.Request
	// inputs are method, url, one "Name: value" per header, one
	// "name=value" per query parameter, then the body when it is edited
	// here; kinds says which each is.
	inputs []textinput.Model
	kinds  []editField
	// bodyNote, when set, says why the body is not among the inputs.
	bodyNote string
	focus    int
	width    int
	err      string
	saving   bool
}

// editorMsg is a message only the request editor handles.
type editorMsg interface{ editorMsg() }

// saveResultMsg is the outcome of saving an edit.
type saveResultMsg struct {
	coll *collections.Collection
	err  error
}

func (saveResultMsg) editorMsg() {}

const (
	fieldMethod = 0
	fieldURL    = 1
)

// editField is the kind of one editor input.
type editField int

const (
	editMethod editField = iota
	editURL
	editHeader
	editQuery
	editBody
)

// editPrompts label each kind of input.
var editPrompts = [...]string{"method ", "url    ", "header ", "query  ", "body   "}

// newRequestEditor returns an editor for r, the method field focused.
func newRequestEditor(c *common, r *collections.Request) requestEditor {
	e := requestEditor{c: c, req: r}
	e.add(editMethod, r.Method)
	e.add(editURL, r.URL)
	for _, h := range r.Headers {
		e.add(editHeader, h.Key+": "+h.Value)
	}
	for _, q := range r.Query {
		e.add(editQuery, q.Key+"="+q.Value)
	}
	switch {
	case r.HasJSON || len(r.Form) > 0 || r.BodyFile != "" || len(r.Multipart) > 0:
		e.bodyNote = "The body is a json, form, multipart or body_file table: edit it in the collection file."
	case strings.Contains(r.Body, "\n"):
		e.bodyNote = "The body has several lines: press " + c.keys.Explore.EditBody.Help().Key + " after closing the editor to edit it in $EDITOR."
	default:
		e.add(editBody, r.Body)
	}
	return e
}

// add appends an input of kind holding value, and returns its index.
func (e *requestEditor) add(kind editField, value string) int {
	return e.insert(len(e.inputs), kind, value)
}

// insert puts an input of kind at i.
func (e *requestEditor) insert(i int, kind editField, value string) int {
	e.inputs = slices.Insert(e.inputs, i, e.newInput(editPrompts[kind], value))
	e.kinds = slices.Insert(e.kinds, i, kind)
	return i
}

// addLine adds an empty header or query line after the last of its kind
// (headers after the URL, query after the headers).
func (e *requestEditor) addLine(kind editField) {
	at := 0
	for i, k := range e.kinds {
		if k <= kind {
			at = i + 1
		}
	}
	e.focus = e.insert(at, kind, "")
}

func (e requestEditor) newInput(prompt, value string) textinput.Model {
	return formInput(e.c.styles.Input, prompt, value, e.width)
}

// Focus focuses the current field.
func (e *requestEditor) Focus() tea.Cmd {
	return focusInput(e.inputs, e.focus)
}

// SetSize sets the content width (the height is lineCount).
func (e *requestEditor) SetSize(width, _ int) {
	e.width = width
	setInputWidths(e.inputs, width)
}

// lineCount is how many lines the editor wants.
func (e requestEditor) lineCount() int {
	status := 1
	if !e.saving && e.err != "" {
		status = len(errorLines(e.c.styles, e.err, e.width))
	}
	note := 0
	if e.bodyNote != "" {
		note = len(wrapLines(e.bodyNote, e.width))
	}
	return len(e.inputs) + note + 2 + status
}

// Update handles keys and the save result; done reports that the editor
// closed.
func (e requestEditor) Update(msg tea.Msg) (ed requestEditor, cmd tea.Cmd, done bool) {
	keys := e.c.keys.Edit
	switch msg := msg.(type) {
	case saveResultMsg:
		e.saving = false
		if errors.Is(msg.err, collections.ErrChangedOnDisk) {
			e.err = "Not saved: the file changed on disk since it was opened, and saving would lose that change. Press esc, quit and reopen the file, then edit again."
			return e, nil, false
		}
		if readOnly := (*collections.ReadOnlyError)(nil); errors.As(msg.err, &readOnly) {
			e.err = fmt.Sprintf("Not saved: %s is read-only (mode %04o), and keyway leaves it so. To keep this edit, make the file writable (chmod u+w %s) and press %s again, or %s to discard it.",
				printableLine(readOnly.Path), readOnly.Mode.Perm(), printableLine(readOnly.Path), keys.Save.Help().Key, keys.Cancel.Help().Key)
			return e, nil, false
		}
		if msg.err != nil {
			e.err = "Not saved: " + msg.err.Error() + ". The file was left as it was."
			return e, nil, false
		}
		coll := msg.coll
		return e, tea.Batch(
			func() tea.Msg { return collectionSavedMsg{coll: coll} },
			statusCmd(savedText(e.c, coll), false)), true
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keys.Cancel):
			return e, statusCmd("Edit discarded.", false), true
		case key.Matches(msg, keys.Save):
			edit, err := e.edit()
			if err != nil {
				e.err = err.Error()
				return e, nil, false
			}
			if edit == (requestEdit{}) {
				return e, statusCmd("Nothing changed.", false), true
			}
			e.saving, e.err = true, ""
			return e, saveCmd(e.c.engine, e.c.coll, e.req, edit), false
		case key.Matches(msg, keys.Next):
			e.focus = (e.focus + 1) % len(e.inputs)
			return e, e.Focus(), false
		case key.Matches(msg, keys.Prev):
			e.focus = (e.focus + len(e.inputs) - 1) % len(e.inputs)
			return e, e.Focus(), false
		case key.Matches(msg, keys.AddHeader):
			e.addLine(editHeader)
			return e, e.Focus(), false
		case key.Matches(msg, keys.AddQuery):
			e.addLine(editQuery)
			return e, e.Focus(), false
		case key.Matches(msg, keys.DelHeader):
			if k := e.kinds[e.focus]; k == editHeader || k == editQuery {
				e.inputs = slices.Delete(e.inputs, e.focus, e.focus+1)
				e.kinds = slices.Delete(e.kinds, e.focus, e.focus+1)
				e.focus = min(e.focus, len(e.inputs)-1)
				return e, e.Focus(), false
			}
			return e, nil, false
		}
	}
	var c tea.Cmd
	e.inputs[e.focus], c = e.inputs[e.focus].Update(msg)
	return e, c, false
}

// edit compares the fields with the request and returns what changed.
func (e requestEditor) edit() (requestEdit, error) {
	var edit requestEdit
	method := strings.ToUpper(strings.TrimSpace(e.inputs[fieldMethod].Value()))
	if method != e.req.Method && !(method == "GET" && e.req.Method == "") {
		edit.Method = &method
	}
	url := strings.TrimSpace(e.inputs[fieldURL].Value())
	if url == "" {
		return edit, errorf("The URL cannot be empty.")
	}
	if url != e.req.URL {
		edit.URL = &url
	}
	var headers, query []collections.KV
	for i, in := range e.inputs {
		line := strings.TrimSpace(in.Value())
		switch e.kinds[i] {
		case editHeader:
			if line == "" {
				continue
			}
			name, value, ok := strings.Cut(line, ":")
			if !ok || strings.TrimSpace(name) == "" {
				return edit, errorf("Write each header as “Name: value” (%q has no colon).", ansi.Truncate(line, 30, "…"))
			}
			headers = append(headers, collections.KV{Key: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		case editQuery:
			if line == "" {
				continue
			}
			// The value keeps its spaces and any further =: it is the
			// text after the first =, sent encoded.
			name, value, ok := strings.Cut(in.Value(), "=")
			if !ok || strings.TrimSpace(name) == "" {
				return edit, errorf("Write each query parameter as “name=value” (%q has no =).", ansi.Truncate(line, 30, "…"))
			}
			query = append(query, collections.KV{Key: strings.TrimSpace(name), Value: value})
		case editBody:
			if body := in.Value(); body != e.req.Body {
				edit.Body = &body
			}
		}
	}
	if !slices.Equal(headers, e.req.Headers) {
		edit.Headers = &headers
	}
	if !slices.Equal(query, e.req.Query) {
		edit.Query = &query
	}
	return edit, nil
}

// demoNotSaved says what happens to an edit of the built-in demo.
const demoNotSaved = "The built-in demo is not saved to a file: your edit is used for this session only."

// savedText is the status after a save of coll.
func savedText(c *common, coll *collections.Collection) string {
	if c.demo {
		return demoNotSaved
	}
	return "Saved to " + printableLine(coll.Path) + "."
}

// saveCmd saves edit off the UI goroutine.
func saveCmd(eng engine, coll *collections.Collection, r *collections.Request, edit requestEdit) tea.Cmd {
	return func() tea.Msg {
		c, err := eng.SaveEdit(coll, r, edit)
		return saveResultMsg{coll: c, err: err}
	}
}

// View renders the editor in its width.
func (e requestEditor) View() string {
	st := e.c.styles
	var lines []string
	for _, in := range e.inputs {
		lines = append(lines, ansi.Truncate(in.View(), e.width, "…"))
	}
	if e.bodyNote != "" {
		for _, l := range wrapLines(e.bodyNote, e.width) {
			lines = append(lines, st.Muted.Render(l))
		}
	}
	lines = append(lines, "")
	switch {
	case e.saving:
		lines = append(lines, st.Muted.Render("Saving…"))
	case e.err != "":
		lines = append(lines, errorLines(st, e.err, e.width)...)
	default:
		lines = append(lines, st.Muted.Render("Values as in the file; {{references}} allowed."))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp lists the editor's keys.
func (e requestEditor) ShortHelp() []key.Binding {
	k := e.c.keys.Edit
	save := k.Save
	if e.c.demo {
		// The built-in demo has no file to save to (savedText).
		save.SetHelp(k.Save.Help().Key, "keep for this session")
	}
	return []key.Binding{save, k.Cancel, k.Next, k.AddHeader, k.AddQuery, k.DelHeader}
}

// uiError is an error meant for the screen as it is.
type uiError string

func (e uiError) Error() string { return string(e) }

// errorf returns a uiError.
func errorf(format string, args ...any) error {
	return uiError(fmt.Sprintf(format, args...))
}
