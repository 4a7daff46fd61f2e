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
	"github.com/keyway-cli/keyway/collections/edit"
)

// dialogKind is what a request dialog does.
type dialogKind int

const (
	dialogNew dialogKind = iota
	dialogDuplicate
	dialogRename
	dialogDelete
	dialogMove
	dialogProfile
)

// requestDialog asks what a change to the request list needs — a name, a
// folder, a profile, or a yes — then saves it as one byte-preserving edit
// of the collection file (collections/edit), in a command.
type requestDialog struct {
	c    *common
	kind dialogKind
	// req is the request acted on, index its place in the file; nil and
	// -1 for a new request.
	req   *collections.Request
	index int
	// inputs are the text fields (new: name, method, url; duplicate and
	// rename: name; move: folder), focus the one typed into.
	inputs []textinput.Model
	focus  int
	// options are the profile picker's values ("" for the default, "none",
	// then each profile) and labels what it shows.
	options, labels []string
	selected        int
	err             string
	saving          bool
	width           int
}

// dialogSavedMsg is the outcome of a dialog's save; selectName is the
// request to select in the reloaded list.
type dialogSavedMsg struct {
	coll       *collections.Collection
	selectName string
	err        error
}

// newRequestDialog returns the dialog of kind for request r (nil for a new
// request), focused.
func newRequestDialog(c *common, kind dialogKind, r *collections.Request) (requestDialog, tea.Cmd) {
	d := requestDialog{c: c, kind: kind, req: r, index: -1}
	if r != nil {
		d.index = slices.Index(c.coll.Requests, r)
	}
	switch kind {
	case dialogNew:
		folder := ""
		if r != nil {
			folder = r.Folder // a new request joins the selected one's folder
		}
		d.req, d.index = nil, -1
		d.inputs = []textinput.Model{d.input("name   ", ""), d.input("method ", "GET"), d.input("url    ", "https://"), d.input("folder ", folder)}
	case dialogDuplicate:
		d.inputs = []textinput.Model{d.input("name ", freeName(c.coll, r.Name+" (copy)"))}
	case dialogRename:
		d.inputs = []textinput.Model{d.input("name ", r.Name)}
	case dialogMove:
		d.inputs = []textinput.Model{d.input("folder ", r.Folder)}
	case dialogProfile:
		// "" removes the key: the request then follows default_profile.
		def := "default_profile (none set)"
		if c.coll.DefaultProfile != "" {
			def = "default_profile (" + c.coll.DefaultProfile + ")"
		}
		d.options = []string{"", collections.ProfileNone}
		d.labels = []string{def, "none: sent without credentials"}
		for _, name := range c.coll.ProfileNames {
			d.options = append(d.options, name)
			d.labels = append(d.labels, name+" ("+c.coll.Profiles[name].Type+")")
		}
		d.selected = max(slices.Index(d.options, r.Profile), 0)
	}
	return d, d.Focus()
}

func (d requestDialog) input(prompt, value string) textinput.Model {
	return formInput(d.c.styles.Input, prompt, value, d.width)
}

// freeName returns name, or name with a number after it, that no request
// of coll has.
func freeName(coll *collections.Collection, name string) string {
	try := name
	for n := 2; coll.Request(try) != nil; n++ {
		try = fmt.Sprintf("%s %d", name, n)
	}
	return try
}

// Focus focuses the current field.
func (d *requestDialog) Focus() tea.Cmd {
	if len(d.inputs) == 0 {
		return nil
	}
	return focusInput(d.inputs, d.focus)
}

// SetSize sets the content width.
func (d *requestDialog) SetSize(width int) {
	d.width = width
	setInputWidths(d.inputs, width)
}

// title names the dialog.
func (d requestDialog) title() string {
	name := ""
	if d.req != nil {
		name = " “" + printableLine(d.req.Name) + "”"
	}
	return [...]string{"New request", "Duplicate" + name, "Rename" + name, "Delete" + name, "Move" + name, "Profile of" + name}[d.kind]
}

// Update handles keys and the save's result; done reports that the dialog
// closed.
func (d requestDialog) Update(msg tea.Msg) (out requestDialog, cmd tea.Cmd, done bool) {
	keys := d.c.keys
	if saved, ok := msg.(dialogSavedMsg); ok {
		d.saving = false
		if saved.err != nil {
			d.err = saveErrorText(saved.err)
			return d, nil, false
		}
		coll, name := saved.coll, saved.selectName
		return d, tea.Batch(
			func() tea.Msg { return collectionSavedMsg{coll: coll, selectName: name} },
			statusCmd(savedText(d.c, coll), false)), true
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if len(d.inputs) > 0 { // cursor blinks, pastes
			d.inputs[d.focus], cmd = d.inputs[d.focus].Update(msg)
		}
		return d, cmd, false
	}
	if d.saving {
		return d, nil, false
	}
	switch {
	case key.Matches(k, keys.Global.Back):
		return d, nil, true
	case key.Matches(k, keys.Global.Confirm):
		return d.confirm()
	case d.kind == dialogProfile && key.Matches(k, keys.Explore.Up):
		d.selected = (d.selected + len(d.options) - 1) % len(d.options)
		return d, nil, false
	case d.kind == dialogProfile && key.Matches(k, keys.Explore.Down):
		d.selected = (d.selected + 1) % len(d.options)
		return d, nil, false
	case len(d.inputs) > 1 && key.Matches(k, keys.Edit.Next):
		d.focus = (d.focus + 1) % len(d.inputs)
		return d, d.Focus(), false
	case len(d.inputs) > 1 && key.Matches(k, keys.Edit.Prev):
		d.focus = (d.focus + len(d.inputs) - 1) % len(d.inputs)
		return d, d.Focus(), false
	}
	if len(d.inputs) > 0 {
		d.inputs[d.focus], cmd = d.inputs[d.focus].Update(msg)
	}
	return d, cmd, false
}

// saveErrorText says why a save failed and what to do.
func saveErrorText(err error) string {
	var readOnly *collections.ReadOnlyError
	switch {
	case errors.Is(err, collections.ErrChangedOnDisk):
		return "Not saved: the file changed on disk since it was opened, and saving would lose that change. Press esc, quit and reopen the file, then try again."
	case errors.As(err, &readOnly):
		return fmt.Sprintf("Not saved: %s is read-only (mode %04o). Make it writable (chmod u+w %s) and try again.",
			printableLine(readOnly.Path), readOnly.Mode.Perm(), printableLine(readOnly.Path))
	}
	return "Not saved: " + err.Error() + ". The file was left as it was."
}

// confirm checks the answers and starts the save.
func (d requestDialog) confirm() (requestDialog, tea.Cmd, bool) {
	value := func(i int) string { return strings.TrimSpace(d.inputs[i].Value()) }
	var change func(src []byte) ([]byte, error)
	selectName := ""
	if d.req != nil {
		selectName = d.req.Name
	}
	switch d.kind {
	case dialogNew:
		r := edit.NewRequest{Name: value(0), Method: strings.ToUpper(value(1)), URL: value(2), Folder: value(3)}
		if err := d.checkName(r.Name); err != nil {
			d.err = err.Error()
			return d, nil, false
		}
		if r.URL == "" || r.URL == "https://" {
			d.err = "Give the request a URL, such as https://api.example.com/items or {{base_url}}/items."
			return d, nil, false
		}
		if r.Method == "GET" {
			r.Method = "" // GET is what keyway sends without one
		}
		change = func(src []byte) ([]byte, error) { return edit.AppendRequest(src, r) }
		selectName = r.Name
	case dialogDuplicate, dialogRename:
		name := value(0)
		if d.kind == dialogRename && name == d.req.Name {
			return d, statusCmd("Nothing changed.", false), true
		}
		if err := d.checkName(name); err != nil {
			d.err = err.Error()
			return d, nil, false
		}
		index := d.index
		if d.kind == dialogDuplicate {
			change = func(src []byte) ([]byte, error) { return edit.DuplicateRequest(src, index, name) }
		} else {
			change = func(src []byte) ([]byte, error) { return edit.SetRequestField(src, index, "name", name) }
		}
		selectName = name
	case dialogDelete:
		index := d.index
		change = func(src []byte) ([]byte, error) { return edit.DeleteRequest(src, index) }
		selectName = d.neighbour()
	case dialogMove:
		folder, index := value(0), d.index
		if folder == d.req.Folder {
			return d, statusCmd("Nothing changed.", false), true
		}
		change = func(src []byte) ([]byte, error) { return edit.MoveRequest(src, index, folder) }
	case dialogProfile:
		profile, index := d.options[d.selected], d.index
		if profile == d.req.Profile {
			return d, statusCmd("Nothing changed.", false), true
		}
		change = func(src []byte) ([]byte, error) { return edit.SetRequestField(src, index, "profile", profile) }
	}
	d.saving, d.err = true, ""
	return d, saveSourceCmd(d.c.engine, d.c.coll, change, selectName), false
}

// checkName refuses an empty name or one another request has: names are
// how `keyway run --only` and the reports tell requests apart.
func (d requestDialog) checkName(name string) error {
	switch {
	case name == "":
		return errorf("Give the request a name.")
	case d.c.coll.Request(name) != nil:
		return errorf("A request is already named “%s”; names are unique in a collection.", printableLine(name))
	}
	return nil
}

// neighbour is the request to select once the dialog's request is gone:
// the next one, else the previous one.
func (d requestDialog) neighbour() string {
	reqs := d.c.coll.Requests
	switch {
	case d.index+1 < len(reqs):
		return reqs[d.index+1].Name
	case d.index > 0:
		return reqs[d.index-1].Name
	}
	return ""
}

// saveSourceCmd applies edit to the collection as loaded and saves the
// result, off the UI goroutine.
func saveSourceCmd(eng engine, coll *collections.Collection, edit func([]byte) ([]byte, error), selectName string) tea.Cmd {
	return func() tea.Msg {
		src, err := edit(coll.Source)
		if err != nil {
			return dialogSavedMsg{err: err}
		}
		next, err := eng.SaveSource(coll, src)
		return dialogSavedMsg{coll: next, selectName: selectName, err: err}
	}
}

// lineCount is how many lines the dialog wants.
func (d requestDialog) lineCount() int {
	return len(d.lines())
}

// lines renders the dialog's content in its width.
func (d requestDialog) lines() []string {
	st := d.c.styles
	var out []string
	switch d.kind {
	case dialogDelete:
		path := "the file"
		if d.c.coll.Path != "" {
			path = printableLine(d.c.coll.Path)
		}
		out = append(out, wrapLines("Delete this request? Its lines, and the comments directly above it, are removed from "+path+".", d.width)...)
	case dialogProfile:
		for i, label := range d.labels {
			line := "  " + printableLine(label)
			if i == d.selected {
				line = st.Selected.Render("› " + printableLine(label))
			}
			out = append(out, ansi.Truncate(line, d.width, "…"))
		}
	default:
		for _, in := range d.inputs {
			out = append(out, ansi.Truncate(in.View(), d.width, "…"))
		}
	}
	out = append(out, "")
	switch {
	case d.saving:
		out = append(out, st.Muted.Render("Saving…"))
	case d.err != "":
		out = append(out, errorLines(st, d.err, d.width)...)
	default:
		out = append(out, wrapLines(d.hint(), d.width)...)
	}
	return out
}

// hint says what the dialog's answer does.
func (d requestDialog) hint() string {
	switch d.kind {
	case dialogNew:
		return "{{references}} allowed; the request is added to its folder, or at the end of the file."
	case dialogMove:
		if folders := folderNames(d.c.coll); len(folders) > 0 {
			return "Folders: " + strings.Join(folders, ", ") + ". Empty for none; a new name makes a folder."
		}
		return "Type a folder name; empty for none."
	case dialogDelete:
		return "enter delete · esc keep"
	case dialogProfile:
		return "The profile whose credentials the request is sent with."
	}
	return "Names are unique in a collection."
}

// folderNames lists the collection's folders in file order.
func folderNames(coll *collections.Collection) []string {
	var out []string
	for _, r := range coll.Requests {
		if r.Folder != "" && !slices.Contains(out, r.Folder) {
			out = append(out, printableLine(r.Folder))
		}
	}
	return out
}

// wrapLines wraps s to width and splits it into lines.
func wrapLines(s string, width int) []string {
	return strings.Split(wrapText(s, max(width, 10)), "\n")
}

// ShortHelp lists the dialog's keys.
func (d requestDialog) ShortHelp() []key.Binding {
	k := d.c.keys
	confirm, back := k.Global.Confirm, k.Global.Back
	switch d.kind {
	case dialogDelete:
		confirm.SetHelp(confirm.Help().Key, "delete")
		back.SetHelp(back.Help().Key, "keep")
		return []key.Binding{confirm, back}
	case dialogProfile:
		confirm.SetHelp(confirm.Help().Key, "choose")
		back.SetHelp(back.Help().Key, "cancel")
		return []key.Binding{confirm, back, k.Explore.Up, k.Explore.Down}
	}
	confirm.SetHelp(confirm.Help().Key, "save")
	back.SetHelp(back.Help().Key, "cancel")
	if len(d.inputs) > 1 {
		return []key.Binding{confirm, back, k.Edit.Next}
	}
	return []key.Binding{confirm, back}
}
