package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"

	"github.com/keyway-cli/keyway/collections/atomicfile"
)

// Copying and saving the body: Y copies it (OSC 52, through the terminal,
// so it works over ssh without a clipboard tool), w writes it to a file.
// Both take the body as the pane shows it — pretty-printed, secrets masked,
// or the jq filter's result — never the bytes as received: the pane has no
// other copy, and a secret must not reach a clipboard manager's history or
// a file by a key press. The status line says so.

// bodySave is the "save to" input and, once a path exists, the question
// whether to replace it.
type bodySave struct {
	input textinput.Model
	// confirm is the path that exists, while asking whether to replace it.
	confirm string
	text    string
}

// bodySavedMsg is the outcome of writing the body to path.
type bodySavedMsg struct {
	path   string
	exists bool // not written: the file exists and replacing was not confirmed
	err    error
}

// shownBody is the body as the pane shows it, with a note for the status:
// what it is and that secrets are masked.
func (v responseView) shownBody() (text, what string, ok bool) {
	if v.ex == nil || v.ex.result.Response == nil {
		return "", "", false
	}
	lines := v.bodyLines()
	what = "the body as shown"
	switch {
	case v.filtering():
		what = "the jq result as shown"
	case v.ex.body.kind == bodyBinary || v.ex.body.kind == bodyEmpty:
		return "", "", false
	case v.ex.body.kind == bodyJSON:
		what = "the body as shown (pretty-printed)"
	}
	if v.ex.body.cut && !v.filtering() {
		what += ", long lines cut"
	}
	if v.ex.result.Response.Truncated && !v.filtering() {
		what += ", only the first " + humanSize(int64(v.ex.bodyKept)) + " (the body limit)"
	}
	if len(v.ex.result.Secrets) > 0 {
		what += ", secrets masked"
	}
	return strings.Join(lines, "\n") + "\n", what, true
}

// copyBody copies the body as shown to the clipboard.
func (v responseView) copyBody() tea.Cmd {
	text, what, ok := v.shownBody()
	if !ok {
		return statusCmd("Nothing to copy: "+v.noBodyReason(), true)
	}
	n := strings.Count(text, "\n")
	return tea.Batch(tea.SetClipboard(text),
		statusCmd("Copied "+what+": "+strconv.Itoa(n)+" lines (through the terminal, OSC 52).", false))
}

// noBodyReason says why there is no body text to copy or save.
func (v responseView) noBodyReason() string {
	switch {
	case v.ex == nil || v.ex.result.Response == nil:
		return "no response yet."
	case v.ex.body.kind == bodyBinary:
		return "a binary body is shown only as a preview."
	}
	return "the body is empty."
}

// openSave asks where to save the body.
func (v responseView) openSave() (responseView, tea.Cmd) {
	text, _, ok := v.shownBody()
	if !ok {
		return v, statusCmd("Nothing to save: "+v.noBodyReason(), true)
	}
	in := textinput.New()
	in.Prompt = "Save to: "
	in.SetStyles(v.c.styles.Input)
	name := "response.txt"
	if v.ex.body.kind == bodyJSON || v.filtering() {
		name = "response.json"
	}
	in.SetValue(name)
	in.CursorEnd()
	v.saving = &bodySave{input: in, text: text}
	return v, v.saving.input.Focus()
}

// updateSave types the path, then answers the question to replace a file.
func (v responseView) updateSave(msg tea.KeyPressMsg) (responseView, tea.Cmd) {
	s := v.saving
	keys := v.c.keys.Response
	if s.confirm != "" {
		switch {
		case key.Matches(msg, keys.Replace):
			path := s.confirm
			s.confirm = ""
			return v, saveBodyCmd(path, s.text, true)
		case key.Matches(msg, keys.Keep):
			s.confirm = ""
			return v, s.input.Focus()
		}
		return v, nil
	}
	switch {
	case key.Matches(msg, keys.InputCancel):
		v.saving = nil
		return v, statusCmd("Not saved.", false)
	case key.Matches(msg, keys.InputDone):
		path := strings.TrimSpace(s.input.Value())
		if path == "" {
			return v, statusCmd("Type a file name to save the body to.", true)
		}
		return v, saveBodyCmd(path, s.text, false)
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return v, cmd
}

// saved takes the outcome of a save.
func (v responseView) saved(msg bodySavedMsg) (responseView, tea.Cmd) {
	if v.saving == nil {
		return v, nil
	}
	switch {
	case msg.exists:
		v.saving.confirm = msg.path
		v.saving.input.Blur()
		return v, nil
	case msg.err != nil:
		return v, statusCmd("Not saved: "+msg.err.Error(), true)
	}
	_, what, _ := v.shownBody()
	v.saving = nil
	return v, statusCmd("Saved "+what+" to "+msg.path+".", false)
}

// saveBodyCmd writes text to path through a temporary file in the same
// folder, renamed into place, so a reader never sees half a file. Without
// replace, an existing file is left alone and reported.
func saveBodyCmd(path, text string, replace bool) tea.Cmd {
	return func() tea.Msg {
		return writeBodyFile(path, text, replace)
	}
}

// writeBodyFile does the work of saveBodyCmd.
func writeBodyFile(path, text string, replace bool) bodySavedMsg {
	if strings.HasPrefix(path, "~"+string(filepath.Separator)) {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	if info, err := os.Stat(path); err == nil {
		if info.IsDir() {
			return bodySavedMsg{path: path, err: errors.New(path + " is a folder")}
		}
		if !replace {
			return bodySavedMsg{path: path, exists: true}
		}
	}
	// Owner-only (0600), as saved bodies have always been. Without replace
	// the file is linked into place, which fails when path appeared
	// meanwhile: never replaced without asking.
	err := atomicfile.Write(path, []byte(text), atomicfile.Options{Perm: 0o600, NoReplace: !replace})
	var create *atomicfile.CreateError
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrExist) && !replace:
		return bodySavedMsg{path: path, exists: true}
	case errors.As(err, &create):
		// The system's error without its path, the temporary file's.
		return bodySavedMsg{path: path, err: fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), errors.Unwrap(create.Err))}
	default:
		return bodySavedMsg{path: path, err: err}
	}
	return bodySavedMsg{path: path}
}
