package tui

import (
	"cmp"
	"errors"
	"os"
	"os/exec"
	"strings"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// bodyFileMsg says the body was written to a temporary file, ready for the
// editor.
type bodyFileMsg struct {
	req    *collections.Request
	path   string
	before string
	err    error
}

// bodyEditedMsg carries the body as the editor left it.
type bodyEditedMsg struct {
	req     *collections.Request
	body    string
	changed bool
	err     error
}

// editBodyCmd writes r's raw body to a temporary file (I/O, hence a
// command). Bodies written as `json`, `form` or `multipart` tables are
// TOML, not text, and are edited in the file itself; a body_file is the
// user's own file.
func editBodyCmd(r *collections.Request) tea.Cmd {
	return func() tea.Msg {
		switch {
		case r.HasJSON || len(r.Form) > 0 || len(r.Multipart) > 0:
			return bodyFileMsg{req: r, err: errors.New("this request's body is a json, form or multipart table; edit it in the collection file")}
		case r.BodyFile != "":
			return bodyFileMsg{req: r, err: errors.New("this request sends the file " + printableLine(r.BodyFile) + " (body_file); edit that file")}
		}
		f, err := os.CreateTemp("", "keyway-body-*.txt")
		if err != nil {
			return bodyFileMsg{req: r, err: err}
		}
		_, werr := f.WriteString(r.Body)
		cerr := f.Close()
		if err := cmp.Or(werr, cerr); err != nil {
			os.Remove(f.Name())
			return bodyFileMsg{req: r, err: err}
		}
		return bodyFileMsg{req: r, path: f.Name(), before: r.Body}
	}
}

// openEditorCmd runs the editor command line (common.editorCommand) on the
// file; Bubble Tea releases the terminal meanwhile.
func openEditorCmd(editor string, msg bodyFileMsg) tea.Cmd {
	argv := strings.Fields(editor)
	c := exec.Command(argv[0], append(argv[1:], msg.path)...)
	return tea.ExecProcess(c, func(err error) tea.Msg {
		defer os.Remove(msg.path)
		if err != nil {
			return bodyEditedMsg{req: msg.req, err: err}
		}
		data, err := os.ReadFile(msg.path)
		if err != nil {
			return bodyEditedMsg{req: msg.req, err: err}
		}
		body := string(data)
		return bodyEditedMsg{req: msg.req, body: body, changed: body != msg.before}
	})
}

// handleBody follows the body edit: open the editor, then save the result.
func (m exploreModel) handleBody(msg tea.Msg) (exploreModel, tea.Cmd) {
	switch msg := msg.(type) {
	case bodyFileMsg:
		if msg.err != nil {
			return m, statusCmd("Cannot edit the body: "+msg.err.Error()+".", true)
		}
		return m, openEditorCmd(m.c.editorCommand(), msg)
	case bodyEditedMsg:
		switch {
		case msg.err != nil:
			return m, statusCmd("The editor failed: "+msg.err.Error()+". Set $EDITOR to your editor.", true)
		case !msg.changed:
			return m, statusCmd("Body unchanged.", false)
		}
		body := msg.body
		return m, saveCmd(m.c.engine, m.c.coll, msg.req, requestEdit{Body: &body})
	case saveResultMsg:
		if msg.err != nil {
			return m, statusCmd("Not saved: "+msg.err.Error()+" The file was left as it was.", true)
		}
		coll := msg.coll
		return m, tea.Batch(func() tea.Msg { return collectionSavedMsg{coll: coll} },
			statusCmd(savedText(m.c, coll), false))
	}
	return m, nil
}
