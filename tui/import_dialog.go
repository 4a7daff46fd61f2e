package tui

import (
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections/importer"
)

// importKind is what an import dialog reads.
type importKind int

const (
	// importPaste reads curl commands pasted (or typed) into a text area.
	importPaste importKind = iota
	// importFile reads a file in any format the importer registry knows.
	importFile
)

// importDialog adds requests from elsewhere to the open collection: a
// pasted curl command, or a file (curl, .http, and whatever other format
// collections/importer has registered). It runs the importer and appends
// what it wrote to the file (importIntoCmd), then shows what was added,
// which secrets went to the store and what could not be mapped, until the
// user closes it.
type importDialog struct {
	c    *common
	kind importKind
	// paste is the text area of importPaste; path and the format picker
	// (formats[format], "" for a guess) those of importFile.
	paste   textarea.Model
	path    textinput.Model
	formats []string
	format  int
	// focus is 0 for the text (or path), 1 for the format picker.
	focus int
	busy  bool
	err   string
	// result, once set, is what the import did; the dialog then only
	// shows it, scrolled by offset.
	result *importDoneMsg
	offset int
	width  int
	height int
}

// newImportDialog returns a focused dialog of kind, the paste area holding
// text (a bracketed paste that opened it).
func newImportDialog(c *common, kind importKind, text string) (importDialog, tea.Cmd) {
	d := importDialog{c: c, kind: kind, formats: []string{""}}
	for _, f := range importer.Formats() {
		d.formats = append(d.formats, f.Name)
	}
	d.paste = textarea.New()
	d.paste.ShowLineNumbers = false
	d.paste.Prompt = ""
	d.paste.Placeholder = "curl https://api.example.com/items -H 'Accept: application/json'"
	plain := lipgloss.NewStyle()
	st := textarea.StyleState{Base: plain, Text: plain, Placeholder: plain.Faint(!c.noColor), CursorLine: plain, EndOfBuffer: plain, LineNumber: plain, CursorLineNumber: plain, Prompt: plain}
	d.paste.SetStyles(textarea.Styles{Focused: st, Blurred: st, Cursor: d.paste.Styles().Cursor})
	d.paste.SetValue(text)
	d.path = textinput.New()
	d.path.Prompt = "file   "
	d.path.Placeholder = "requests.http"
	d.path.SetStyles(c.styles.Input)
	return d, d.Focus()
}

// Focus focuses the text area or the path.
func (d *importDialog) Focus() tea.Cmd {
	d.path.Blur()
	d.paste.Blur()
	switch {
	case d.focus == 1:
		return nil
	case d.kind == importPaste:
		return d.paste.Focus()
	}
	return d.path.Focus()
}

// SetSize sets the content width and the most lines the dialog may use.
func (d *importDialog) SetSize(width, height int) {
	d.width, d.height = width, height
	d.paste.SetWidth(max(width, 10))
	d.paste.SetHeight(max(min(height-4, 8), 3))
	d.path.SetWidth(inputWidth(width, d.path.Prompt))
}

// title names the dialog.
func (d importDialog) title() string {
	switch {
	case d.result != nil:
		return "Imported"
	case d.kind == importPaste:
		return "Paste a curl command"
	}
	return "Import a file"
}

// Update handles keys, pastes and the import's outcome; done reports that
// the dialog closed.
func (d importDialog) Update(msg tea.Msg) (out importDialog, cmd tea.Cmd, done bool) {
	keys := d.c.keys
	if res, ok := msg.(importDoneMsg); ok {
		d.busy = false
		if res.err != nil {
			d.err = importErrorText(res.err)
			return d, nil, false
		}
		coll, name := res.coll, res.selectName
		saved := tea.Batch(func() tea.Msg { return collectionSavedMsg{coll: coll, selectName: name} },
			statusCmd(importedText(d.c, &res), false))
		if !res.noteworthy() {
			return d, saved, true
		}
		d.result = &res
		return d, saved, false
	}
	k, isKey := msg.(tea.KeyPressMsg)
	switch {
	case d.result != nil:
		if !isKey {
			return d, nil, false
		}
		switch {
		case key.Matches(k, keys.Global.Back, keys.Global.Confirm):
			return d, nil, true
		case key.Matches(k, keys.Explore.Up):
			d.offset = max(d.offset-1, 0)
		case key.Matches(k, keys.Explore.Down):
			d.offset = min(d.offset+1, max(len(d.resultLines())-d.height, 0))
		}
		return d, nil, false
	case d.busy:
		return d, nil, false
	case !isKey:
		return d.updateInput(msg)
	}
	switch {
	case key.Matches(k, keys.Global.Back):
		return d, nil, true
	case key.Matches(k, keys.Build.Add) || (d.kind == importFile && key.Matches(k, keys.Global.Confirm)):
		return d.confirm()
	case d.kind == importFile && key.Matches(k, keys.Edit.Next, keys.Edit.Prev) && !key.Matches(k, keys.Explore.Up, keys.Explore.Down):
		d.focus = 1 - d.focus
		return d, d.Focus(), false
	case d.kind == importFile && d.focus == 1 && key.Matches(k, keys.Build.PrevFormat):
		d.format = (d.format + len(d.formats) - 1) % len(d.formats)
		return d, nil, false
	case d.kind == importFile && d.focus == 1 && key.Matches(k, keys.Build.NextFormat):
		d.format = (d.format + 1) % len(d.formats)
		return d, nil, false
	}
	return d.updateInput(msg)
}

// updateInput passes msg to the focused input.
func (d importDialog) updateInput(msg tea.Msg) (importDialog, tea.Cmd, bool) {
	var cmd tea.Cmd
	switch {
	case d.focus == 1:
	case d.kind == importPaste:
		d.paste, cmd = d.paste.Update(msg)
	default:
		d.path, cmd = d.path.Update(msg)
	}
	d.err = ""
	return d, cmd, false
}

// confirm reads the input, picks the format and starts the import.
func (d importDialog) confirm() (importDialog, tea.Cmd, bool) {
	var in importer.Input
	var format importer.Format
	from := "." // a pasted command's paths are relative to where keyway runs
	if d.kind == importPaste {
		text := d.paste.Value()
		if strings.TrimSpace(text) == "" {
			d.err = "Paste a curl command first (as an API's docs or a browser's “Copy as cURL” give it)."
			return d, nil, false
		}
		format, _ = importer.Lookup("curl")
		in = importer.Input{Name: "the pasted command", Data: []byte(text)}
	} else {
		path := expandHome(strings.TrimSpace(d.path.Value()))
		if path == "" {
			d.err = "Type the path of the file to import."
			return d, nil, false
		}
		data, err := readImportFile(path)
		if err != nil {
			d.err = err.Error()
			return d, nil, false
		}
		name := d.formats[d.format]
		if name == "" {
			if name = guessImportFormat(path, data); name == "" {
				d.err = "Cannot tell the format of " + printableLine(path) + ": press tab and choose one."
				return d, nil, false
			}
		}
		format, _ = importer.Lookup(name)
		in = importer.Input{Name: path, Data: data, ReadFile: importer.FolderReader(filepath.Dir(path))}
		if name != "curl" {
			from = filepath.Dir(path)
		}
	}
	d.busy, d.err = true, ""
	return d, importIntoCmd(d.c.engine, d.c.coll, d.c.session.store, format, in, from), false
}

// expandHome turns a leading ~/ into the home folder, as a shell would.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// lineCount is how many lines the dialog wants.
func (d importDialog) lineCount() int { return len(d.lines()) }

// lines renders the dialog's content in its width.
func (d importDialog) lines() []string {
	st := d.c.styles
	if d.result != nil {
		lines := d.resultLines()
		if d.height > 0 && len(lines) > d.height {
			end := min(d.offset+d.height, len(lines))
			lines = lines[d.offset:end]
		}
		return lines
	}
	var out []string
	if d.kind == importPaste {
		out = append(out, strings.Split(d.paste.View(), "\n")...)
	} else {
		out = append(out, ansi.Truncate(d.path.View(), d.width, "…"))
		label := "guess from the name and content"
		if name := d.formats[d.format]; name != "" {
			f, _ := importer.Lookup(name)
			label = name + ": " + f.Summary
		}
		line := "format ‹ " + label + " ›"
		if d.focus == 1 {
			line = st.Selected.Render(line)
		}
		out = append(out, ansi.Truncate(line, d.width, "…"))
	}
	out = append(out, "")
	switch {
	case d.busy:
		out = append(out, st.Muted.Render("Importing…"))
	case d.err != "":
		out = append(out, errorLines(st, d.err, d.width)...)
	default:
		out = append(out, wrapLines(d.hint(), d.width)...)
	}
	return out
}

// hint says what happens to the input.
func (d importDialog) hint() string {
	add := d.c.keys.Build.Add.Help().Key
	if d.kind == importPaste {
		return "Several commands add several requests. Secrets (tokens, passwords, API keys, cookies) go to your secret store, never into the file. " + add + " adds."
	}
	return "Any format keyway import knows (tab, then ←/→ to choose one). The requests are added to the open collection; secrets go to your secret store."
}

// resultLines says what the import did, every line of it: nothing is cut,
// the dialog scrolls instead.
func (d importDialog) resultLines() []string {
	r, st, w := d.result, d.c.styles, d.width
	var out []string
	out = append(out, wrapLines(importedText(d.c, r), w)...)
	for _, n := range r.renamed {
		out = append(out, wrapLines("  "+n, w)...)
	}
	if len(r.secrets) > 0 {
		out = append(out, "", st.Bold.Render("Secrets in your secret store"))
		for _, l := range wrapLines("(the file says {{secret:NAME}}; keyway secret lists them)", w) {
			out = append(out, st.Muted.Render(l))
		}
		for _, s := range r.secrets {
			line := "  " + printableLine(s.Name) + ": " + printableLine(s.Where)
			if len(s.Hosts) > 0 {
				line += ", bound to " + printableLine(strings.Join(s.Hosts, ", "))
			}
			out = append(out, wrapLines(line, w)...)
		}
	}
	if len(r.unmapped) > 0 {
		out = append(out, "", st.Bold.Render("Not imported (also a comment in the file)"))
		for _, u := range r.unmapped {
			out = append(out, wrapLines("  "+printableLine(u), w)...)
		}
	}
	out = append(out, "", st.Muted.Render("enter or esc closes"))
	return out
}

// ShortHelp lists the dialog's keys.
func (d importDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	back := k.Global.Back
	if d.result != nil {
		back.SetHelp(back.Help().Key, "close")
		return []key.Binding{back, k.Explore.Down}
	}
	back.SetHelp(back.Help().Key, "cancel")
	if d.kind == importPaste {
		return []key.Binding{k.Build.Add, back}
	}
	confirm := k.Global.Confirm
	confirm.SetHelp(confirm.Help().Key, "import")
	next := k.Edit.Next
	next.SetHelp(next.Help().Key, "format")
	return []key.Binding{confirm, back, next, k.Build.NextFormat}
}
