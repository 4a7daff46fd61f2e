package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// headerLines and footerLines are the rows the root draws around the body:
// the header bar above; the status line and key help below. A long status
// takes more lines (status.go; bottomLines).
const (
	headerLines = 1
	footerLines = 2
)

// model is the root tea.Model: it owns the screens, the overlays (help,
// prompt, environment) and the frame around them. It reaches the screens
// only through the screen interface (screen.go), in the order of
// model.screens.
type model struct {
	c        *common
	active   screenID
	explore  exploreModel
	flow     flowModel
	replay   replayModel
	profiles profilesModel

	help     help.Model
	showHelp bool
	// helpOffset scrolls the `?` overlay on a terminal too short for it.
	helpOffset int
	prompt     *promptOverlay
	envs       *envChooser
	vars       *varPanel
	status     statusMsg
}

// newModel returns the root model on the explore screen.
func newModel(c *common) model {
	h := help.New()
	h.Styles = c.styles.Help
	return model{
		c:        c,
		explore:  newExploreModel(c),
		flow:     newFlowModel(c),
		replay:   newReplayModel(c),
		profiles: newProfilesModel(c),
		help:     h,
	}
}

// Init asks the terminal for its background colour; the answer may never
// come (tmux often stays silent), so dark styles are already in place.
func (m model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update routes messages: root messages and global keys here, keys and
// mouse events to the active screen, everything else to every screen (a
// command's result must reach its component even after the user moved on).
func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	return m, cmd
}

// update is Update on the root in place. The root's methods that reach a
// screen take a pointer: the screen interface holds pointers into the
// model, so a method on a copy would move that copy to the heap.
func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.resize()
		return nil
	case tea.BackgroundColorMsg:
		m.c.setBackground(msg.IsDark())
		m.help.Styles = m.c.styles.Help
		// Screens restyle what keeps its own copy of a style (text
		// inputs, forms), so they get the message too.
		return m.broadcast(msg)
	case statusMsg:
		m.setStatus(msg)
		return nil
	case backMsg:
		m.active = screenExplore
		return nil
	case screenOpener:
		cmd := m.screens()[msg.opens()].update(msg)
		m.active = msg.opens()
		return cmd
	case needPromptMsg:
		p, cmd := newPromptOverlay(m.c, msg.label)
		m.prompt = &p
		return cmd
	case collectionSavedMsg:
		m.c.coll = msg.coll
		return m.broadcast(collectionChangedMsg{selectName: msg.selectName})
	case tea.PasteMsg:
		// Pasted text is typed text: it goes where keys go (a prompt, or
		// the active screen, whose request list opens the paste dialog).
		if m.prompt != nil {
			p, cmd, _, _ := m.prompt.Update(msg)
			m.prompt = &p
			return cmd
		}
		return m.toActive(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	}
	var promptCmd tea.Cmd
	if m.prompt != nil { // cursor blinks
		p, cmd, _, _ := m.prompt.Update(msg)
		m.prompt, promptCmd = &p, cmd
	}
	return tea.Batch(promptCmd, m.broadcast(msg))
}

// broadcast sends msg to every screen.
func (m *model) broadcast(msg tea.Msg) tea.Cmd {
	screens := m.screens()
	var cmds [len(screens)]tea.Cmd
	for i, s := range screens {
		cmds[i] = s.update(msg)
	}
	return tea.Batch(cmds[:]...)
}

// toActive sends msg to the active screen only.
func (m *model) toActive(msg tea.Msg) tea.Cmd { return m.activeScreen().update(msg) }

// capturing reports whether the active screen is taking text input;
// ctrl+c quits even then.
func (m *model) capturing() bool { return m.activeScreen().capturingInput() }

// quit stops the work under way and ends the program.
func (m *model) quit() tea.Cmd {
	m.shutdown()
	return tea.Quit
}

// shutdown cancels every send, walk and replay under way. Bubble Tea does
// not wait for running commands when the program ends, so without this a
// request would go on being sent, and the goroutines that feed a walk or a
// replay into the screen would wait forever for a reader that is gone.
func (m *model) shutdown() {
	for _, s := range m.screens() {
		s.stop()
	}
}

// handleKey gives overlays the first look, then global keys, then the
// active screen.
func (m *model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	g := m.c.keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return m.quit()
	}
	if m.prompt != nil {
		p, cmd, answered, cancelled := m.prompt.Update(msg)
		m.prompt = &p
		if answered || cancelled {
			label := m.prompt.label
			m.prompt = nil
			return tea.Batch(cmd, m.toActive(promptAnsweredMsg{label: label, cancelled: cancelled}))
		}
		return cmd
	}
	if m.envs != nil {
		e, chosen, closed := m.envs.Update(msg)
		m.envs = &e
		if closed {
			env := m.envs.Chosen()
			m.envs = nil
			if chosen && env != m.c.env {
				m.c.env = env
				return tea.Batch(m.broadcast(envChangedMsg{}), statusCmd(envSwitchText(m.c, env), false))
			}
		}
		return nil
	}
	if m.vars != nil {
		p, closed, cleared := m.vars.Update(msg)
		m.vars = &p
		if closed {
			m.vars = nil
		}
		if cleared {
			return tea.Batch(m.broadcast(capturesChangedMsg{}), statusCmd("Captured values cleared: requests use vars, the environment and --var again.", false))
		}
		return nil
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, g.Help, g.Back):
			m.showHelp = false
		case key.Matches(msg, m.c.keys.Explore.Down):
			m.helpOffset = min(m.helpOffset+1, m.helpScrollMax())
		case key.Matches(msg, m.c.keys.Explore.Up):
			m.helpOffset = max(m.helpOffset-1, 0)
		case key.Matches(msg, g.Quit):
			return m.quit()
		}
		return nil
	}
	if !m.capturing() {
		switch {
		case key.Matches(msg, g.Quit):
			return m.quit()
		case key.Matches(msg, g.Help):
			m.showHelp, m.helpOffset = true, 0
			return nil
		case key.Matches(msg, g.Env):
			e := newEnvChooser(m.c)
			m.envs = &e
			return nil
		case key.Matches(msg, g.Vars):
			p := newVarPanel(m.c)
			m.vars = &p
			return nil
		}
		for i, show := range g.screenKeys() {
			if key.Matches(msg, show) {
				m.active = screenID(i)
				return nil
			}
		}
	}
	// A status describes the last action; the next key starts another.
	m.setStatus(statusMsg{})
	return m.toActive(msg)
}

// handleMouse switches screens from the header tabs and otherwise passes
// the event on with coordinates relative to the body.
func (m *model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.prompt != nil || m.envs != nil || m.vars != nil || m.showHelp {
		return nil
	}
	mouse := msg.Mouse()
	if mouse.Y < headerLines {
		if click, ok := msg.(tea.MouseClickMsg); ok {
			for i, r := range m.tabRanges() {
				if click.X >= r[0] && click.X < r[1] {
					m.active = screenID(i)
				}
			}
		}
		return nil
	}
	if mouse.Y >= m.c.height-m.bottomLines() {
		return nil
	}
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		msg.Y -= headerLines
		return m.toActive(msg)
	case tea.MouseWheelMsg:
		msg.Y -= headerLines
		return m.toActive(msg)
	}
	return nil
}

// resize gives every screen the body area.
func (m *model) resize() {
	w, h := m.c.width, max(m.c.height-headerLines-m.bottomLines(), 1)
	for _, s := range m.screens() {
		s.SetSize(w, h)
	}
}

// activeHelp returns the active screen's bindings.
func (m *model) activeHelp() (short []key.Binding, full [][]key.Binding) {
	s := m.activeScreen()
	return s.ShortHelp(), s.FullHelp()
}

// View draws the header, the active screen (or an overlay), the status
// line and the key help.
func (m model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "keyway"
	if m.c.coll != nil && m.c.coll.Name != "" {
		v.WindowTitle = "keyway · " + printableLine(m.c.coll.Name)
	}
	return v
}

// render is the screen as text.
func (m *model) render() string {
	w, h := m.c.width, m.c.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < 40 || h < 10 {
		return fitLines([]string{"keyway needs at least 40×10 cells;", "this terminal is " + itoa(w) + "×" + itoa(h) + "."}, w, h)
	}
	status := statusLines(m.c.styles, m.status, w, h)
	bodyH := h - headerLines - 1 - max(len(status), 1)
	st := m.c.styles
	var body string
	short, _ := m.activeHelp()
	switch {
	case m.prompt != nil:
		body = lipgloss.Place(w, bodyH, lipgloss.Center, lipgloss.Center, m.prompt.View(w))
	case m.envs != nil:
		body = lipgloss.Place(w, bodyH, lipgloss.Center, lipgloss.Center, m.envs.View(w))
	case m.vars != nil:
		body = m.vars.View(w, bodyH)
	case m.showHelp:
		lines, closeNote := m.helpLines(), "? or esc to close"
		if room := m.helpRoom(); len(lines) > room {
			offset := min(m.helpOffset, len(lines)-room)
			lines = lines[offset : offset+room]
			closeNote = "↑/↓ more · " + closeNote
		}
		box := st.Overlay.Render(st.Bold.Render("Keys — "+m.activeScreen().helpTitle()) + "\n\n" + strings.Join(lines, "\n") + "\n\n" + st.Muted.Render(closeNote))
		body = lipgloss.Place(w, bodyH, lipgloss.Center, lipgloss.Center, box)
	default:
		body = m.activeScreen().View()
	}
	footer := footerView(m.help, m.c.keys.Global, short, m.capturing(), w)
	if m.showHelp || m.prompt != nil || m.envs != nil || m.vars != nil {
		footer = ""
	}
	return strings.Join([]string{
		m.header(),
		fitBlock(body, w, bodyH),
		fitLines(status, w, max(len(status), 1)),
		fitLines([]string{footer}, w, 1),
	}, "\n")
}
