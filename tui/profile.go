package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/keyway-cli/keyway/collections"
)

// profilesModel is the profiles screen: the collection's profiles with
// where their secrets come from, a form to create or edit one, and delete
// with confirmation.
type profilesModel struct {
	c    *common
	keys profileConfirmKeys
	// save is saveProfileCmd unless a test substitutes one.
	save func(profileSave) tea.Cmd

	width, height int
	selected      int

	mode profilesMode
	// draft and form are the profile being edited (modeForm).
	draft *profileDraft
	form  *huh.Form
	// selectAfterSave is the profile to select once the saved
	// collection arrives.
	selectAfterSave string
	// liveErr is the focused field's problem as the user types.
	liveErr error
	saving  bool
	// err is the last save or delete failure, shown in place.
	err error
}

// profilesMode is what the profiles screen shows.
type profilesMode int

const (
	modeList profilesMode = iota
	modeForm
	modeConfirmDelete
)

// profileConfirmKeys answer the delete confirmation.
type profileConfirmKeys struct {
	Yes, No key.Binding
}

// newProfilesModel returns the profiles screen, showing the list.
func newProfilesModel(c *common) profilesModel {
	return profilesModel{c: c, save: saveProfileCmd, keys: profileConfirmKeys{
		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "delete")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "keep it")),
	}}
}

// update is Update for the root, which holds the screen in place.
func (m *profilesModel) update(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

// name is the screen's tab label.
func (profilesModel) name() string { return "Profiles" }

// helpTitle names the screen in the `?` overlay.
func (m profilesModel) helpTitle() string { return m.name() }

// stop does nothing: the screen has no send, walk or replay to cancel.
func (*profilesModel) stop() {}

// capturingInput tells the root that the form takes every key, q and the
// digits included.
func (m profilesModel) capturingInput() bool { return m.mode == modeForm }

// store returns the secret store the form may write to, if the session
// has one that can be written.
func (m profilesModel) store() secretSetter {
	if m.c.session == nil {
		return nil
	}
	if m.c.session.store != nil {
		return m.c.session.store
	}
	s, _ := m.c.session.secrets.(secretSetter)
	return s
}

// names lists the collection's profiles in file order.
func (m profilesModel) names() []string {
	if m.c.coll == nil {
		return nil
	}
	return m.c.coll.ProfileNames
}

// selectedProfile returns the highlighted profile, nil when there is none.
func (m profilesModel) selectedProfile() *collections.Profile {
	names := m.names()
	if m.selected >= len(names) {
		return nil
	}
	return m.c.coll.Profiles[names[m.selected]]
}

// OpenForm opens the form on p, or on a new profile when p is nil.
func (m *profilesModel) OpenForm(p *collections.Profile) tea.Cmd {
	m.draft = newProfileDraft(p, m.store() != nil)
	if _, ok := m.c.coll.Vars["base_url"]; ok && p == nil {
		// The usual endpoint, as a value rather than a placeholder: a
		// placeholder looks filled in, yet enter would refuse it.
		m.draft.TokenURL = "{{base_url}}/oauth/token"
	}
	return m.startForm()
}

// startForm builds the form for the current draft; a failed save reopens
// it with the draft's answers in place.
func (m *profilesModel) startForm() tea.Cmd {
	m.form = newProfileForm(m.c, m.draft)
	m.form.WithWidth(m.formWidth())
	m.mode, m.liveErr = modeForm, nil
	return m.form.Init()
}

// Update handles keys, the form's messages and save results.
func (m profilesModel) Update(msg tea.Msg) (profilesModel, tea.Cmd) {
	switch msg := msg.(type) {
	case profileSavedMsg:
		m.saving = false
		if msg.err != nil {
			m.err = msg.err
			if !msg.deleted && m.draft != nil {
				m.draft.Confirm = true
				return m, m.startForm()
			}
			m.mode = modeList
			return m, nil
		}
		m.err, m.mode, m.draft, m.form = nil, modeList, nil, nil
		verb := "saved"
		if msg.deleted {
			verb = "deleted"
		}
		text := fmt.Sprintf("Profile %s %s.", printableLine(msg.name), verb)
		if m.c.demo {
			text = fmt.Sprintf("Profile %s %s for this session: %s", printableLine(msg.name), verb, demoNotSaved)
		}
		if !msg.deleted {
			// Land on the profile just saved (a new one is last).
			m.selectAfterSave = msg.name
		}
		coll := msg.coll
		return m, tea.Batch(func() tea.Msg { return collectionSavedMsg{coll: coll} }, statusCmd(text, false))
	case collectionChangedMsg:
		if i := slices.Index(m.names(), m.selectAfterSave); i >= 0 {
			m.selected = i
		}
		m.selectAfterSave = ""
		m.selected = min(m.selected, max(len(m.names())-1, 0))
		return m, nil
	}
	switch m.mode {
	case modeForm:
		return m.updateForm(msg)
	case modeConfirmDelete:
		return m.updateConfirm(msg)
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.updateList(msg)
	case tea.MouseClickMsg:
		// The rows start below the title and the column titles.
		if i := msg.Mouse().Y - 2; msg.Mouse().Button == tea.MouseLeft && i >= 0 && i < len(m.names()) {
			m.selected = i
		}
	}
	return m, nil
}

// updateList moves through the profiles and opens the form or the delete
// confirmation.
func (m profilesModel) updateList(msg tea.KeyPressMsg) (profilesModel, tea.Cmd) {
	keys := m.c.keys.Profiles
	switch {
	case key.Matches(msg, keys.Up):
		m.selected = max(m.selected-1, 0)
	case key.Matches(msg, keys.Down):
		m.selected = min(m.selected+1, max(len(m.names())-1, 0))
	case m.c.coll == nil:
		return m, nil
	case key.Matches(msg, keys.New):
		m.err = nil
		return m, m.OpenForm(nil)
	case key.Matches(msg, keys.Edit):
		if p := m.selectedProfile(); p != nil {
			m.err = nil
			return m, m.OpenForm(p)
		}
	case key.Matches(msg, keys.Delete):
		if p := m.selectedProfile(); p != nil {
			m.err = nil
			if users, isDefault := profileUsers(m.c.coll, p.Name); len(users) > 0 || isDefault {
				m.err = inUseError(p.Name, users, isDefault)
				return m, nil
			}
			m.mode = modeConfirmDelete
		}
	case key.Matches(msg, m.c.keys.Global.Back):
		return m, func() tea.Msg { return backMsg{} }
	}
	return m, nil
}

// inUseError explains why a profile cannot be deleted yet.
func inUseError(name string, requests []string, isDefault bool) error {
	var why []string
	if isDefault {
		why = append(why, "it is the default_profile")
	}
	if len(requests) > 0 {
		why = append(why, fmt.Sprintf("%d request(s) use it (%s)", len(requests), strings.Join(requests, ", ")))
	}
	return fmt.Errorf("profile %s is not deleted: %s; point them at another profile first", printableLine(name), printableLine(strings.Join(why, " and ")))
}

// updateConfirm answers the delete question.
func (m profilesModel) updateConfirm(msg tea.Msg) (profilesModel, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Yes):
		p := m.selectedProfile()
		if p == nil {
			m.mode = modeList
			return m, nil
		}
		m.saving = true
		return m, deleteProfileCmd(m.c.coll, p.Name, m.c.demo)
	case key.Matches(k, m.keys.No):
		m.mode = modeList
	}
	return m, nil
}

// updateForm routes everything to the form: esc cancels it; completing it
// saves when the user confirmed.
func (m profilesModel) updateForm(msg tea.Msg) (profilesModel, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.c.keys.Global.Back) && !m.saving {
		m.mode, m.draft, m.form, m.err = modeList, nil, nil, nil
		return m, nil
	}
	if m.form == nil || m.saving {
		return m, nil
	}
	fm, cmd := m.form.Update(msg)
	if f, ok := fm.(*huh.Form); ok {
		m.form = f
	}
	if field := m.form.GetFocusedField(); field != nil {
		m.liveErr = nil
		// An empty field is not a mistake yet: greeting the user with
		// "a name is needed" before they type is noise, and huh says
		// what is missing when they try to move on.
		if v, ok := field.GetValue().(string); !ok || v != "" {
			m.liveErr = liveError(m.c.coll, m.draft, field.GetKey())
		}
	}
	switch m.form.State {
	case huh.StateCompleted:
		if !m.draft.Confirm {
			m.mode, m.draft, m.form = modeList, nil, nil
			return m, cmd
		}
		m.saving = true
		return m, tea.Batch(cmd, m.save(profileSave{
			coll: m.c.coll, profile: m.draft.profile(), secrets: m.draft.storeWrites(), store: m.store(),
			inMemory: m.c.demo,
		}))
	case huh.StateAborted:
		m.mode, m.draft, m.form = modeList, nil, nil
	}
	return m, cmd
}

// formWidth is the form's width: beside the summary on a wide screen,
// the whole width otherwise.
func (m profilesModel) formWidth() int {
	if m.width >= 100 {
		return m.width * 3 / 5
	}
	return max(m.width, 20)
}

// SetSize sets the area the screen draws in.
func (m *profilesModel) SetSize(width, height int) {
	m.width, m.height = width, height
	if m.form != nil {
		m.form.WithWidth(m.formWidth())
	}
}

// ShortHelp returns the keys that matter now, for the footer.
func (m profilesModel) ShortHelp() []key.Binding {
	keys := m.c.keys.Profiles
	back := m.c.keys.Global.Back
	switch m.mode {
	case modeForm:
		back.SetHelp(back.Help().Key, "cancel")
		if m.form == nil {
			return []key.Binding{back}
		}
		return append(m.form.KeyBinds(), back)
	case modeConfirmDelete:
		return []key.Binding{m.keys.Yes, m.keys.No}
	}
	return []key.Binding{keys.Up, keys.Down, keys.New, keys.Edit, keys.Delete, back}
}

// FullHelp returns every key of the screen, for the help overlay.
func (m profilesModel) FullHelp() [][]key.Binding {
	keys := m.c.keys.Profiles
	switch m.mode {
	case modeForm, modeConfirmDelete:
		return [][]key.Binding{m.ShortHelp()}
	}
	return [][]key.Binding{{keys.Up, keys.Down}, {keys.New, keys.Edit, keys.Delete}, m.c.keys.Global.globalHelp()}
}

// errNoCollection is shown when there is nothing to hold profiles.
var errNoCollection = errors.New("no collection is open")
