package tui

import (
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// Messages components return (from a tea.Cmd) to ask the root for
// something. The root handles each of them; components never need to know
// about one another.

// backMsg asks the root to leave the active screen for the previous one
// (explore when there is none). A component returns it on esc when it has
// nothing of its own to back out of.
type backMsg struct{}

// statusMsg puts a line in the status bar until the next status. err marks
// it as an error (shown in the error style); text must already be free of
// secrets and terminal escapes.
type statusMsg struct {
	text string
	err  bool
}

// openFlowMsg asks the root to show the flow walkthrough for a profile,
// ending with request (empty: the first request using the profile). The
// root forwards it to the flow component, then makes flow active.
type openFlowMsg struct {
	profile string
	request string
}

// opens makes openFlowMsg a screenOpener.
func (openFlowMsg) opens() screenID { return screenFlow }

// openReplayMsg asks the root to show the replay screen for a folder
// ("" for the whole collection). The root forwards it to the replay
// component, then makes replay active.
type openReplayMsg struct {
	folder string
}

// opens makes openReplayMsg a screenOpener.
func (openReplayMsg) opens() screenID { return screenReplay }

// needPromptMsg asks the root for a {{prompt}} value not yet given this
// session. The root shows a masked input; once answered it stores the value
// in common.session.prompts under label and sends promptAnsweredMsg to the
// component that was active, which retries what it was doing.
type needPromptMsg struct {
	label string
}

// promptAnsweredMsg tells the active component that the prompt it asked
// for now has a value (or that the user cancelled it).
type promptAnsweredMsg struct {
	label     string
	cancelled bool
}

// collectionSavedMsg asks the root to make coll (just saved and parsed)
// the open collection; the root then sends collectionChangedMsg to every
// component. selectName, when set, is the request the list selects next
// (one just added, renamed or next to one deleted).
type collectionSavedMsg struct {
	coll       *collections.Collection
	selectName string
}

// collectionChangedMsg tells every component that common.coll was replaced
// (after a save); components drop anything that points into the old one.
type collectionChangedMsg struct{ selectName string }

// envChangedMsg tells every component that common.env changed.
type envChangedMsg struct{}

// capturesChangedMsg tells every component that the session holds new
// captured values (a replay made them), so that a request shown as
// unresolvable for want of one — {{note_id}}, say — is resolved again; or
// that they were cleared (the variables panel).
type capturesChangedMsg struct{}

// statusCmd returns a command that sets the status line.
func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: isErr} }
}
