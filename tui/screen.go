package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
)

// screenID is a screen's place among the header's tabs, and the index of
// its binding in GlobalKeys.screenKeys.
type screenID int

const (
	screenExplore screenID = iota
	screenFlow
	screenReplay
	screenProfiles
)

// screen is what the root model needs of each of its screens: the root
// routes messages, sizes, draws and quits through it and never looks at a
// screen's own type (see common.go for the contract behind each method).
// Each screen keeps the value-typed Update of a component; its update
// method stores the result in place, so the root reaches every screen
// through a pointer into its own copy (model.screens).
type screen interface {
	// update hands msg to the screen, which keeps the new state.
	update(msg tea.Msg) tea.Cmd
	// View draws the screen at the size of the last SetSize.
	View() string
	SetSize(width, height int)
	// ShortHelp is the footer; FullHelp the `?` overlay's columns.
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
	// name is the screen's label in the header's tabs.
	name() string
	// helpTitle names what the `?` overlay lists the keys of: the
	// screen, or the view standing in for it.
	helpTitle() string
	// capturingInput reports that keys go to a text input, so the root
	// leaves global keys (q, ?, 1–4, v) to the screen.
	capturingInput() bool
	// stop ends the work under way (a send, a walk, a replay) before the
	// program quits.
	stop()
}

// screens returns the screens in tab order, each a pointer into m: the
// root model is a value, and each copy carries its own screens.
func (m *model) screens() [4]screen {
	return [...]screen{&m.explore, &m.flow, &m.replay, &m.profiles}
}

// activeScreen returns the screen shown.
func (m *model) activeScreen() screen { return m.screens()[m.active] }

// screenOpener is a message that asks the root to show a screen: the root
// hands it to that screen first, then makes it active (openFlowMsg,
// openReplayMsg).
type screenOpener interface{ opens() screenID }
