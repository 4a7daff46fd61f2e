package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the app, grouped by the pane that uses it.
// Components match with key.Matches and build their help from these
// bindings, so the footer and the `?` overlay always tell the truth.
type KeyMap struct {
	Global   GlobalKeys
	Explore  ExploreKeys
	Response ResponseKeys
	Edit     EditKeys
	Flow     FlowKeys
	Replay   ReplayKeys
	Profiles ProfileKeys
	Vars     VarKeys
	History  HistoryKeys
	Build    BuildKeys
}

// GlobalKeys work on every screen (unless a text input has the focus).
type GlobalKeys struct {
	Quit, Help, Back        key.Binding
	Explore, Flow, Replay   key.Binding
	Profiles, NextPane, Env key.Binding
	PrevPane                key.Binding
	// Vars opens the variables panel: every variable by layer, and which
	// one wins.
	Vars key.Binding
	// ForceQuit quits from anywhere, text inputs and overlays included.
	ForceQuit key.Binding
	// Confirm accepts an overlay (prompt, environment chooser).
	Confirm key.Binding
}

// ExploreKeys act on the request list and the selected request.
type ExploreKeys struct {
	Up, Down, Filter key.Binding
	Send, Cancel     key.Binding
	// FilterApply and FilterClear leave the filter input; only keys that
	// cannot be typed, since the input takes every other.
	FilterApply, FilterClear key.Binding
	History, Copy            key.Binding
	Edit, EditBody           key.Binding
	OpenFlow, ReplayHere     key.Binding
	// New, Duplicate, Rename, Delete, Move and Profile change the request
	// list, each through a dialog that saves to the file.
	New, Duplicate, Rename key.Binding
	Delete, Move, Profile  key.Binding
	// Saved opens the history kept across sessions.
	Saved key.Binding
}

// ResponseKeys scroll the response pane.
type ResponseKeys struct {
	Up, Down, PageUp, PageDown key.Binding
	Top, Bottom, Headers       key.Binding
	Left, Right                key.Binding
	// Search finds text in the response as shown; NextMatch and PrevMatch
	// move between its matches and Clear ends a search or a filter.
	Search, NextMatch, PrevMatch key.Binding
	// Filter runs a jq filter over a JSON body as it is typed.
	Filter key.Binding
	// CopyBody and SaveBody copy the body as shown, or write it to a file.
	CopyBody, SaveBody key.Binding
	Clear              key.Binding
	// InputDone and InputCancel leave the search, filter or path input.
	InputDone, InputCancel key.Binding
	// ScrollHelp and JumpHelp stand for the scrolling keys in the `?`
	// overlay, one line each, so the response's tools fit beside them at
	// 80×24; they match the same keys as the bindings they summarise.
	ScrollHelp, JumpHelp key.Binding
	// Replace and Keep answer whether to replace a file the body would be
	// saved over.
	Replace, Keep key.Binding
}

// VarKeys drive the variables panel.
type VarKeys struct {
	Up, Down      key.Binding
	ClearCaptures key.Binding
	Close         key.Binding
}

// EditKeys drive the inline request editor.
type EditKeys struct {
	Next, Prev, Save, Cancel key.Binding
	AddHeader, DelHeader     key.Binding
	// AddQuery adds a query parameter line.
	AddQuery key.Binding
}

// FlowKeys drive the flow walkthrough.
type FlowKeys struct {
	Next, Prev, Reveal, Run key.Binding
	Up, Down                key.Binding
	// Cached walks again reusing the cached token; Expire marks that
	// token expired first, so the walk shows the refresh (RFC 6749 §6).
	Cached, Expire key.Binding
	// Revoke and Introspect act on the walk's token at the server
	// (RFC 7009, RFC 7662).
	Revoke, Introspect key.Binding
}

// ReplayKeys drive the replay screen.
type ReplayKeys struct {
	Run, Cancel, Open key.Binding
	Up, Down          key.Binding
	// FailFast and Concurrency set the next replay's options, as
	// `keyway run --fail-fast --concurrency N` does.
	FailFast, Concurrency key.Binding
}

// HistoryKeys drive the history view (history.go).
type HistoryKeys struct {
	Up, Down, Open key.Binding
	// Toggle shows every request's responses or the selected one's.
	Toggle key.Binding
	// Mark marks a response; Diff compares another with it.
	Mark, Diff key.Binding
	// Resend sends the request again, as it is now in the collection.
	Resend key.Binding
}

// BuildKeys bring requests in from elsewhere and edit what a request
// checks: the request list's paste and import dialogs (import_dialog.go)
// and the expectations form (checks_form.go).
type BuildKeys struct {
	// Paste opens the curl dialog, ImportFile the file dialog, Checks the
	// expectations and captures form of the selected request.
	Paste, ImportFile, Checks key.Binding
	// Add imports what was pasted (enter makes a new line there).
	Add key.Binding
	// NextFormat and PrevFormat choose the file dialog's format.
	NextFormat, PrevFormat key.Binding
}

// ProfileKeys drive the profiles screen.
type ProfileKeys struct {
	New, Edit, Delete key.Binding
	Up, Down          key.Binding
}

// DefaultKeyMap returns keyway's key bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Global: GlobalKeys{
			Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
			Help:      b([]string{"?"}, "?", "help"),
			Back:      b([]string{"esc"}, "esc", "back"),
			Explore:   b([]string{"1"}, "1", "explore"),
			Flow:      b([]string{"2"}, "2", "flow"),
			Replay:    b([]string{"3"}, "3", "replay"),
			Profiles:  b([]string{"4"}, "4", "profiles"),
			NextPane:  b([]string{"tab"}, "tab", "next pane"),
			PrevPane:  b([]string{"shift+tab"}, "shift+tab", "previous pane"),
			Env:       b([]string{"v"}, "v", "environment"),
			ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
			Confirm:   b([]string{"enter"}, "enter", "confirm"),
			Vars:      b([]string{"V"}, "V", "variables"),
		},
		Explore: ExploreKeys{
			Up:          b([]string{"up", "k"}, "↑/k", "up"),
			Down:        b([]string{"down", "j"}, "↓/j", "down"),
			Filter:      b([]string{"/"}, "/", "filter"),
			FilterApply: b([]string{"enter", "up", "down"}, "enter", "apply filter"),
			FilterClear: b([]string{"esc"}, "esc", "clear filter"),
			Send:        b([]string{"enter"}, "enter", "send"),
			Cancel:      b([]string{"ctrl+x", "esc"}, "ctrl+x", "cancel send"),
			History:     b([]string{"h"}, "h", "previous response"),
			Copy:        b([]string{"y"}, "y", "copy as curl"),
			Edit:        b([]string{"e"}, "e", "edit"),
			EditBody:    b([]string{"b"}, "b", "edit body in $EDITOR"),
			OpenFlow:    b([]string{"f"}, "f", "walk its auth flow"),
			ReplayHere:  b([]string{"r"}, "r", "replay folder"),
			New:         b([]string{"n"}, "n", "new request"),
			Duplicate:   b([]string{"c"}, "c", "duplicate"),
			Rename:      b([]string{"R"}, "R", "rename"),
			Delete:      b([]string{"d"}, "d", "delete"),
			Move:        b([]string{"m"}, "m", "move to folder"),
			Profile:     b([]string{"p"}, "p", "choose profile"),
			Saved:       b([]string{"H"}, "H", "history"),
		},
		Response: ResponseKeys{
			Up:          b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:        b([]string{"down", "j"}, "↓/j", "scroll down"),
			PageUp:      b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
			PageDown:    b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "page down"),
			Top:         b([]string{"home", "g"}, "g", "top"),
			Bottom:      b([]string{"end", "G"}, "G", "bottom"),
			Headers:     b([]string{"t"}, "t", "toggle headers"),
			Left:        b([]string{"left"}, "←", "scroll left"),
			Right:       b([]string{"right"}, "→", "scroll right"),
			ScrollHelp:  b([]string{"up", "down", "pgup", "pgdown"}, "↑↓ pgup/dn", "scroll"),
			JumpHelp:    b([]string{"home", "end", "left", "right"}, "g G ← →", "top, end, sideways"),
			Search:      b([]string{"/"}, "/", "search the body"),
			NextMatch:   b([]string{"n"}, "n/N", "next/previous match"),
			PrevMatch:   b([]string{"N"}, "N", "previous match"),
			Filter:      b([]string{"|"}, "|", "jq filter"),
			CopyBody:    b([]string{"Y"}, "Y", "copy body"),
			SaveBody:    b([]string{"w"}, "w", "save body to a file"),
			Clear:       b([]string{"esc"}, "esc", "clear search/filter"),
			InputDone:   b([]string{"enter"}, "enter", "done"),
			InputCancel: b([]string{"esc"}, "esc", "cancel"),
			Replace:     b([]string{"y", "Y"}, "y", "replace the file"),
			Keep:        b([]string{"n", "N", "esc"}, "n", "keep it"),
		},
		Vars: VarKeys{
			Up:            b([]string{"up", "k"}, "↑/k", "up"),
			Down:          b([]string{"down", "j"}, "↓/j", "down"),
			ClearCaptures: b([]string{"x"}, "x", "clear captures"),
			Close:         b([]string{"esc", "V"}, "esc", "close"),
		},
		Edit: EditKeys{
			Next:      b([]string{"tab", "down"}, "tab", "next field"),
			Prev:      b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
			Save:      b([]string{"ctrl+s"}, "ctrl+s", "save to file"),
			Cancel:    b([]string{"esc"}, "esc", "discard"),
			AddHeader: b([]string{"ctrl+n"}, "ctrl+n", "add header"),
			DelHeader: b([]string{"ctrl+k"}, "ctrl+k", "remove header or query line"),
			AddQuery:  b([]string{"ctrl+o"}, "ctrl+o", "add query parameter"),
		},
		Flow: FlowKeys{
			Next:       b([]string{"right", "l", "n"}, "→/n", "next step"),
			Prev:       b([]string{"left", "p"}, "←/p", "previous step"),
			Reveal:     b([]string{"s"}, "s", "show/mask secrets"),
			Run:        b([]string{"enter"}, "enter", "start"),
			Up:         b([]string{"up", "k"}, "↑/k", "scroll up"),
			Down:       b([]string{"down", "j"}, "↓/j", "scroll down"),
			Cached:     b([]string{"c"}, "c", "walk again with the cached token"),
			Expire:     b([]string{"x"}, "x", "expire the token, walk again"),
			Revoke:     b([]string{"r"}, "r", "revoke the token at the server (RFC 7009)"),
			Introspect: b([]string{"i"}, "i", "ask the server about the token (RFC 7662)"),
		},
		Replay: ReplayKeys{
			Run:         b([]string{"r"}, "r", "run"),
			Cancel:      b([]string{"ctrl+x"}, "ctrl+x", "cancel"),
			Open:        b([]string{"enter"}, "enter", "open result"),
			Up:          b([]string{"up", "k"}, "↑/k", "up"),
			Down:        b([]string{"down", "j"}, "↓/j", "down"),
			FailFast:    b([]string{"f"}, "f", "fail fast on/off"),
			Concurrency: b([]string{"c"}, "c", "concurrency 1/4/8"),
		},
		History: HistoryKeys{
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
			Open:   b([]string{"enter"}, "enter", "show"),
			Toggle: b([]string{"a"}, "a", "all/one"),
			Mark:   b([]string{"space"}, "space", "mark"),
			Diff:   b([]string{"d"}, "d", "compare"),
			Resend: b([]string{"r"}, "r", "send again"),
		},
		Build: BuildKeys{
			Paste:      b([]string{"P"}, "P", "paste curl"),
			ImportFile: b([]string{"I"}, "I", "import a file"),
			Checks:     b([]string{"E"}, "E", "expect & capture"),
			Add:        b([]string{"ctrl+s"}, "ctrl+s", "add"),
			NextFormat: b([]string{"right", "down"}, "→", "next format"),
			PrevFormat: b([]string{"left", "up"}, "←", "previous format"),
		},
		Profiles: ProfileKeys{
			New:    b([]string{"n"}, "n", "new"),
			Edit:   b([]string{"e", "enter"}, "e", "edit"),
			Delete: b([]string{"d"}, "d", "delete"),
			Up:     b([]string{"up", "k"}, "↑/k", "up"),
			Down:   b([]string{"down", "j"}, "↓/j", "down"),
		},
	}
}

// screenKeys lists the screen-switching bindings, for help columns.
func (g GlobalKeys) screenKeys() []key.Binding {
	return []key.Binding{g.Explore, g.Flow, g.Replay, g.Profiles}
}

// globalHelp is the column of global keys appended to every full help.
func (g GlobalKeys) globalHelp() []key.Binding {
	return []key.Binding{g.Env, g.Help, g.Back, g.Quit}
}
