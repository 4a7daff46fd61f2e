package tui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// explorePane is which pane of the explore screen has the focus.
type explorePane int

const (
	paneList explorePane = iota
	paneResponse
)

// exploreModel is the explore screen: the request list on the left; on the
// right the selected request as it will be sent (or its editor) above the
// response.
type exploreModel struct {
	c      *common
	list   requestList
	resp   responseView
	editor *requestEditor // non-nil while editing the selected request
	// dialog, while non-nil, asks for a change to the request list (new,
	// duplicate, rename, delete, move, profile).
	dialog *requestDialog
	// imp, while non-nil, imports a pasted curl command or a file into
	// the collection (import_dialog.go).
	imp *importDialog
	// checks, while non-nil, edits the selected request's expectations
	// and captures (checks_form.go).
	checks  *checksForm
	focus   explorePane
	preview preview
	// previewFor is the request the preview was computed for.
	previewFor *collections.Request
	// curl, while non-nil, stands in the request pane after a copy as
	// curl, until the next key or click.
	curl *curlPanel

	spin spinner.Model
	// inflight is the send under way, if any. Its id tells a reply to the
	// current send from a late reply to a cancelled one.
	inflight *inflightSend
	lastID   int
	// pendingSend is the request to send again once a prompt is answered.
	pendingSend string

	// history holds the exchanges of this session per request name,
	// within the limits of explore_history.go.
	history *sendHistory
	// saved, while non-nil, is the history kept across sessions, shown
	// in place of the screen (H; history.go).
	saved *historyView

	width, height int
}

// newExploreModel returns the explore screen for the common collection.
func newExploreModel(c *common) exploreModel {
	m := exploreModel{
		c:       c,
		list:    newRequestList(c),
		resp:    newResponseView(c),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		history: newSendHistory(historyPerRequest, historyMaxBytes),
	}
	m.refreshPreview()
	return m
}

// capturingInput reports whether keys are going to a text input, so the
// root must not treat them as global keys.
func (m exploreModel) capturingInput() bool {
	return m.list.Filtering() || m.editor != nil || m.dialog != nil || m.imp != nil || m.checks != nil || m.resp.capturing()
}

// update is Update for the root, which holds the screen in place.
func (m *exploreModel) update(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

// name is the screen's tab label.
func (exploreModel) name() string { return "Explore" }

// helpTitle names what the `?` overlay lists: the history view's keys
// while it stands in for the screen.
func (m exploreModel) helpTitle() string {
	if m.saved != nil {
		return "History"
	}
	return m.name()
}

// stop cancels the send in progress, if any.
func (m *exploreModel) stop() {
	if m.inflight != nil {
		m.inflight.cancel()
		m.inflight = nil
	}
}

// SetSize lays the panes out in the body area.
func (m *exploreModel) SetSize(width, height int) {
	m.width, m.height = width, height
	l := m.layout()
	m.list.SetSize(l.listW-2, l.height-2)
	m.resp.SetSize(l.rightW-2, l.respH-2)
	if m.editor != nil {
		m.editor.SetSize(l.rightW-2, l.topH-2)
	}
	if m.dialog != nil {
		m.dialog.SetSize(l.rightW - 2)
	}
	if m.saved != nil {
		m.saved.SetSize(width, height)
	}
	if m.imp != nil {
		m.imp.SetSize(l.rightW-2, importLimit(m.height)-2)
	}
	if m.checks != nil {
		m.checks.SetSize(l.rightW - 2)
	}
}

// exploreLayout is the explore screen's geometry.
type exploreLayout struct {
	height, listW, rightW, topH, respH int
}

// layout splits the body: list on the left (35%, 22–40 cells); on the
// right, the request pane sized to its content (at most two fifths, or
// half while editing) and the response below.
func (m exploreModel) layout() exploreLayout {
	l := exploreLayout{height: m.height}
	l.listW = min(max(m.width*7/20, 22), 40, m.width/2)
	l.rightW = m.width - l.listW
	limit := max(m.height*2/5, 5)
	want := len(m.preview.lines(m.c.styles, max(l.rightW-2, 1))) + 2
	if m.list.Selected() == nil {
		want = len(m.emptyLines(max(l.rightW-2, 1))) + 2
	}
	if m.curl != nil { // for a moment: the response keeps five lines
		limit = max(m.height-5, 7)
		want = len(m.curl.lines(m.c.styles, max(l.rightW-2, 1))) + 2
	}
	if m.editor != nil {
		limit = max(m.height/2, 7)
		want = m.editor.lineCount() + 2
	}
	if m.dialog != nil {
		limit = max(m.height/2, 7)
		want = m.dialog.lineCount() + 2
	}
	if m.imp != nil {
		limit = importLimit(m.height)
		want = m.imp.lineCount() + 2
	}
	if m.checks != nil {
		limit = importLimit(m.height)
		want = m.checks.lineCount() + 2
	}
	l.topH = min(max(want, 4), limit)
	l.respH = max(m.height-l.topH, 3)
	return l
}

// refreshPreview recomputes the preview when the selection changed.
func (m *exploreModel) refreshPreview() {
	if m.list.Selected() != m.previewFor {
		m.rebuildPreview()
	}
}

// rebuildPreview recomputes the preview of the selected request, as when
// what it resolves against changed (the environment, the session's
// values, the collection).
func (m *exploreModel) rebuildPreview() {
	r := m.list.Selected()
	m.previewFor = r
	if r == nil {
		m.preview = preview{}
		m.resp.SetExchange(nil, "")
		return
	}
	m.preview = newPreview(m.c, r)
	m.showHistory(r.Name)
	m.SetSize(m.width, m.height)
}

// showHistory shows the exchange of request name picked by shown.
func (m *exploreModel) showHistory(name string) {
	m.resp.SetExchange(m.history.current(name))
}

// Update handles keys, mouse events and the results of its commands.
func (m exploreModel) Update(msg tea.Msg) (exploreModel, tea.Cmd) {
	if paste, ok := msg.(tea.PasteMsg); ok && !m.capturingInput() {
		// A paste into the request list is a request to add: the paste
		// dialog opens holding it.
		return m.openImport(importPaste, paste.Content)
	}
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.inflight == nil {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case sentMsg:
		return m.handleSent(msg)
	case historyLoadedMsg, historyAppendedMsg, historyDiffMsg:
		return m.handleSaved(msg)
	case promptAnsweredMsg:
		name := m.pendingSend
		m.pendingSend = ""
		m.rebuildPreview()
		if name == "" || msg.cancelled {
			return m, nil
		}
		if r := m.c.coll.Request(name); r != nil {
			return m.send(r)
		}
		return m, nil
	case envChangedMsg, capturesChangedMsg:
		m.rebuildPreview()
		return m, nil
	case tea.BackgroundColorMsg:
		m.list.filter.SetStyles(m.c.styles.Input)
		if m.editor != nil {
			for i := range m.editor.inputs {
				m.editor.inputs[i].SetStyles(m.c.styles.Input)
			}
		}
		return m, nil
	case collectionChangedMsg:
		keep := msg.selectName
		if r := m.list.Selected(); r != nil && keep == "" {
			keep = r.Name
		}
		m.list.rebuild(keep)
		m.rebuildPreview()
		return m, nil
	case curlMsg:
		if msg.err != nil {
			var need *promptNeededError
			if errors.As(msg.err, &need) {
				return m, statusCmd("Send the request once first: curl needs the {{prompt}} answered.", true)
			}
			return m, statusCmd("Could not build the curl command: "+msg.err.Error(), true)
		}
		text := "Copied as curl."
		if len(msg.curl.Vars) > 0 {
			var names []string
			for _, v := range msg.curl.Vars {
				names = append(names, "$"+v.Name)
			}
			text = "Copied as curl; set " + strings.Join(names, ", ") + " first (secrets are never copied)."
		}
		m.curl = newCurlPanel(msg.curl)
		if m.curl != nil {
			text = "Copied as curl; what it needs to run is shown above."
			m.SetSize(m.width, m.height)
		}
		return m, tea.Batch(tea.SetClipboard(msg.curl.Script), statusCmd(text, false))
	case jqFilteredMsg:
		m.resp = m.resp.filtered(msg)
		return m, nil
	case bodySavedMsg:
		var cmd tea.Cmd
		m.resp, cmd = m.resp.saved(msg)
		return m, cmd
	case bodyFileMsg, bodyEditedMsg:
		return m.handleBody(msg)
	case dialogSavedMsg:
		if m.dialog != nil {
			return m.updateDialog(msg)
		}
		if m.checks != nil {
			return m.updateChecks(msg)
		}
		// A save without a dialog: appendToCollectionCmd.
		if msg.err != nil {
			return m, statusCmd(saveErrorText(msg.err), true)
		}
		coll, name := msg.coll, msg.selectName
		return m, tea.Batch(func() tea.Msg { return collectionSavedMsg{coll: coll, selectName: name} },
			statusCmd(savedText(m.c, coll), false))
	case editorMsg:
		if m.editor == nil {
			return m.handleBody(msg)
		}
		return m.updateEditor(msg)
	case importDoneMsg:
		if m.imp != nil {
			return m.updateImport(msg)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		if m.saved != nil { // the list under the history is hidden
			return m, nil
		}
		return m.handleClick(msg)
	case tea.MouseWheelMsg:
		if m.saved != nil {
			return m.updateSaved(msg)
		}
		if msg.X < m.layout().listW {
			m.list, _ = m.list.Update(msg)
			m.refreshPreview()
		} else {
			m.resp, _ = m.resp.Update(msg)
		}
		return m, nil
	}
	if m.editor != nil {
		return m.updateEditor(msg)
	}
	if m.dialog != nil {
		return m.updateDialog(msg)
	}
	if m.imp != nil {
		return m.updateImport(msg)
	}
	if m.checks != nil {
		return m.updateChecks(msg)
	}
	if m.list.Filtering() { // cursor blinks and pastes
		var cmd tea.Cmd
		m.list.filter, cmd = m.list.filter.Update(msg)
		return m, cmd
	}
	if m.resp.capturing() {
		var cmd tea.Cmd
		m.resp, cmd = m.resp.updateInput(msg)
		return m, cmd
	}
	return m, nil
}

// updateEditor passes msg to the request editor (a copy: models are
// values) and closes it when it is done.
func (m exploreModel) updateEditor(msg tea.Msg) (exploreModel, tea.Cmd) {
	ed, cmd, done := m.editor.Update(msg)
	m.editor = &ed
	if done {
		m.editor = nil
		m.SetSize(m.width, m.height)
	}
	return m, cmd
}

// updateDialog passes msg to the open dialog and closes it when it is done.
func (m exploreModel) updateDialog(msg tea.Msg) (exploreModel, tea.Cmd) {
	d, cmd, done := m.dialog.Update(msg)
	m.dialog = &d
	if done {
		m.dialog = nil
	}
	m.SetSize(m.width, m.height)
	return m, cmd
}

// openDialog opens the dialog of kind for r.
func (m exploreModel) openDialog(kind dialogKind, r *collections.Request) (exploreModel, tea.Cmd) {
	d, cmd := newRequestDialog(m.c, kind, r)
	m.dialog = &d
	m.SetSize(m.width, m.height)
	return m, cmd
}

// handleKey handles a key press.
func (m exploreModel) handleKey(msg tea.KeyPressMsg) (exploreModel, tea.Cmd) {
	keys := m.c.keys
	if m.editor != nil {
		return m.updateEditor(msg)
	}
	if m.dialog != nil {
		return m.updateDialog(msg)
	}
	if m.saved != nil {
		return m.updateSaved(msg)
	}
	if m.imp != nil {
		return m.updateImport(msg)
	}
	if m.checks != nil {
		return m.updateChecks(msg)
	}
	if m.curl != nil { // any key closes the notes of a copy as curl
		m.curl = nil
		m.SetSize(m.width, m.height)
		return m, nil
	}
	if m.list.Filtering() {
		var cmd tea.Cmd
		m.list, cmd = m.list.Update(msg)
		m.refreshPreview()
		m.SetSize(m.width, m.height)
		return m, cmd
	}
	// With the response pane focused, / searches the response, | filters
	// it, and n/N and esc act on its search (response_tools.go); the
	// request list keeps / for its own filter.
	if m.focus == paneResponse || m.resp.capturing() {
		if resp, cmd, handled := m.resp.updateTools(msg); handled {
			m.resp = resp
			return m, cmd
		}
	}
	if m.inflight != nil && key.Matches(msg, keys.Explore.Cancel) {
		m.inflight.cancel()
		name := m.inflight.request
		m.inflight = nil
		return m, statusCmd("Cancelled sending “"+printableLine(name)+"”.", false)
	}
	// esc first clears an applied filter; with none, it does what it
	// always did.
	if m.list.Filtered() && key.Matches(msg, keys.Explore.FilterClear) {
		m.list.ClearFilter()
		m.refreshPreview()
		m.SetSize(m.width, m.height)
		return m, nil
	}
	r := m.list.Selected()
	switch {
	case key.Matches(msg, keys.Global.NextPane, keys.Global.PrevPane):
		m.focus = 1 - m.focus
		return m, nil
	case key.Matches(msg, keys.Explore.Send):
		if r == nil {
			return m, nil
		}
		return m.send(r)
	case key.Matches(msg, keys.Explore.History):
		if r != nil && m.history.next(r.Name) {
			m.showHistory(r.Name)
		}
		return m, nil
	case key.Matches(msg, keys.Explore.Saved):
		return m.openSaved(r)
	case key.Matches(msg, keys.Explore.Copy):
		if r == nil {
			return m, nil
		}
		return m, curlCmd(m.c.engine, m.c.coll, r, m.c.scope())
	case key.Matches(msg, keys.Explore.Edit):
		if r == nil {
			return m, nil
		}
		ed := newRequestEditor(m.c, r)
		m.editor = &ed
		m.SetSize(m.width, m.height)
		return m, m.editor.Focus()
	case key.Matches(msg, keys.Explore.New):
		return m.openDialog(dialogNew, r)
	case key.Matches(msg, keys.Build.Paste):
		return m.openImport(importPaste, "")
	case key.Matches(msg, keys.Build.ImportFile):
		return m.openImport(importFile, "")
	case r != nil && key.Matches(msg, keys.Build.Checks):
		return m.openChecks(r)
	case r != nil && key.Matches(msg, keys.Explore.Duplicate):
		return m.openDialog(dialogDuplicate, r)
	case r != nil && key.Matches(msg, keys.Explore.Rename):
		return m.openDialog(dialogRename, r)
	case r != nil && key.Matches(msg, keys.Explore.Delete):
		return m.openDialog(dialogDelete, r)
	case r != nil && key.Matches(msg, keys.Explore.Move):
		return m.openDialog(dialogMove, r)
	case r != nil && key.Matches(msg, keys.Explore.Profile):
		return m.openDialog(dialogProfile, r)
	case key.Matches(msg, keys.Explore.EditBody):
		if r == nil {
			return m, nil
		}
		return m, editBodyCmd(r)
	case key.Matches(msg, keys.Explore.OpenFlow):
		if r == nil {
			return m, nil
		}
		profile := m.c.coll.ProfileFor(r)
		if profile == "" {
			return m, statusCmd("“"+printableLine(r.Name)+"” is sent without credentials: there is no auth flow to walk.", true)
		}
		return m, func() tea.Msg { return openFlowMsg{profile: profile, request: r.Name} }
	case key.Matches(msg, keys.Response.Headers):
		// t means one thing on this screen, so it works whichever pane
		// has the focus.
		m.resp, _ = m.resp.Update(msg)
		return m, nil
	case key.Matches(msg, keys.Explore.ReplayHere):
		folder := ""
		if r != nil {
			folder = r.Folder
		}
		return m, func() tea.Msg { return openReplayMsg{folder: folder} }
	}
	if m.focus == paneResponse {
		m.resp, _ = m.resp.Update(msg)
		return m, nil
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	m.refreshPreview()
	return m, cmd
}

// handleClick focuses and selects what was clicked. Coordinates are
// relative to the body area.
func (m exploreModel) handleClick(msg tea.MouseClickMsg) (exploreModel, tea.Cmd) {
	if m.curl != nil {
		m.curl = nil
		m.SetSize(m.width, m.height)
	}
	l := m.layout()
	if msg.X < l.listW {
		m.focus = paneList
		inner := msg
		inner.X, inner.Y = msg.X-1, msg.Y-1 // inside the border
		m.list, _ = m.list.Update(inner)
		m.refreshPreview()
		return m, nil
	}
	if msg.Y >= l.topH {
		m.focus = paneResponse
	}
	return m, nil
}
