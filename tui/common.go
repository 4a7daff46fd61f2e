package tui

// How the tui package is put together (read this before adding a screen).
//
// There is one root tea.Model (model, root.go). Every screen and pane is a
// concrete component type — not a tea.Model — with this shape:
//
//	func newXModel(c *common) xModel
//	func (m xModel) Update(msg tea.Msg) (xModel, tea.Cmd)
//	func (m xModel) View() string           // exactly the size given to SetSize
//	func (m *xModel) SetSize(width, height int)
//	func (m xModel) ShortHelp() []key.Binding  // the footer
//	func (m xModel) FullHelp() [][]key.Binding // the `?` overlay, one column per slice
//
// Components share one *common (sizes, styles, key map, the collection, the
// chosen environment and the session: prompt answers, captures, secrets,
// the authflow client). There are no package-level variables. A component
// never changes another component; it asks the root by returning one of the
// messages in messages.go from a tea.Cmd (for example backMsg, statusMsg,
// needPromptMsg, openFlowMsg).
//
// The root holds its screens — explore, flow (flow*.go), replay (replay*.go)
// and profiles (profile*.go) — as fields, and reaches them only through the
// screen interface (screen.go): a screen adds to the shape above update (its
// Update, kept in place), name (its tab), helpTitle (the `?` overlay's
// title: what the keys listed belong to), capturingInput and stop. To add
// a screen, write its type, give it a field and a place in model.screens,
// and a key in GlobalKeys.screenKeys.
//
// The root sends key presses and mouse events (Y made relative to the body)
// to the active screen only, and every other message it does not handle
// itself (tea.Cmd results included) to every screen, so a command's
// result reaches its component even after the user switched screens:
// ignore messages that are not yours. The root calls
// SetSize with the body area (the full width; the height less the header and
// footer lines), and draws the header, status line and help footer itself.
// A message that opens a screen (screenOpener: openFlowMsg, openReplayMsg)
// goes to that screen first, then the root makes it active.
// The root handles the Global keys (quit, help, screen switching) before the
// screen, except while the screen reports that it is capturing text
// input (capturingInput). esc is delivered to the screen: it
// returns backMsg when it has nothing left to back out of. When the
// program quits the root calls every screen's stop, so no send, walk or
// replay goes on without a reader.
//
// Messages a component can rely on receiving: tea.WindowSizeMsg is not
// forwarded (SetSize is called instead); tea.BackgroundColorMsg is, after
// common.styles has been rebuilt, so components restyle text inputs and
// forms; collectionChangedMsg and envChangedMsg after the root changed
// common.coll or common.env; promptAnsweredMsg (active screen only) after a
// needPromptMsg the component returned was answered or cancelled.

import (
	"maps"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// common is the state every component shares. Components keep the pointer
// and read it when they render; only the root writes the sizes, styles and
// environment.
type common struct {
	// width and height are the whole terminal's size.
	width, height int
	// dark is the terminal background as last reported (dark by default,
	// since the background query may never be answered); noColor honours
	// NO_COLOR or the no-color theme.
	dark, noColor bool
	// theme is the user's choice (theme.go); styles are built from it.
	theme  theme
	styles Styles
	keys   KeyMap
	// editor is the command that edits a body (`b`) from the config file;
	// "" means $VISUAL, then $EDITOR, then vi.
	editor string

	// coll is the open collection; the root replaces it after a save.
	coll *collections.Collection
	// env is the chosen environment ("" for the collection's vars only).
	env string
	// session is what this run of the app remembers.
	session *session
	// engine is the collections and authflow work the TUI calls; tests
	// substitute a fake.
	engine engine
	// demo marks the built-in demo collection (the header says so).
	demo bool
	// history keeps every response Explore receives across sessions
	// (history_store.go); nil when there is none, noHistory saying why.
	history   *history.Store
	noHistory string
	// historyFailed is set once keeping a response failed: the status
	// says so once, not after every send.
	historyFailed bool
}

// newCommon returns the shared state for a collection, dark styles and
// the default key map.
func newCommon(coll *collections.Collection, env string, s *session, e engine) *common {
	c := &common{
		dark:    true,
		keys:    DefaultKeyMap(),
		coll:    coll,
		env:     env,
		session: s,
		engine:  e,
	}
	c.setTheme(themeAuto)
	return c
}

// session is what the app remembers until it exits: nothing in it is ever
// written to disk.
type session struct {
	// vars are the --var overrides given on the command line.
	vars map[string]string
	// prompts holds {{prompt}} answers by label ("" for a bare {{prompt}}).
	prompts map[string]string
	// captures holds values captured by requests sent this session.
	captures map[string]string
	// captureLimits binds the captures taken from the answer to a request
	// that sent bound values (collections.Scope.CaptureLimits).
	captureLimits map[string][]authflow.HostLimit
	// secrets resolves {{secret:NAME}}; nil makes such references errors.
	secrets collections.SecretSource
	// store is where the profile form writes typed secrets when secrets
	// cannot be written to (see secretStore); nil means secrets itself,
	// if it can.
	store secretSetter
	// lookupEnv resolves {{env:NAME}}; nil means os.LookupEnv.
	lookupEnv func(string) (string, bool)
	// noEnv is set when the user opened an untrusted collection without
	// environment variables and secrets (trust.go): every such reference
	// is then an error and nothing is read.
	noEnv bool
	// client sends every request, so its token cache lives as long as the
	// app.
	client *authflow.Client
	// met are the secrets every screen masks (met_secrets.go).
	met *metSecrets
}

// newSession returns an empty session.
func newSession(vars map[string]string, secrets collections.SecretSource, client *authflow.Client) *session {
	if client == nil {
		client = authflow.NewClient()
	}
	return &session{
		vars:     maps.Clone(vars),
		prompts:  map[string]string{},
		captures: map[string]string{},
		secrets:  secrets,
		client:   client,
		met:      &metSecrets{},
	}
}

// keepCaptures keeps values captured by one request for the rest of the
// session, bound by limits when the request that captured them sent bound
// values (a capture that replaces an earlier one takes its limits, or
// none).
func (s *session) keepCaptures(values map[string]string, limits []authflow.HostLimit) {
	for k, v := range values {
		s.captures[k] = v
		if len(limits) > 0 {
			if s.captureLimits == nil {
				s.captureLimits = map[string][]authflow.HostLimit{}
			}
			s.captureLimits[k] = limits
		} else {
			delete(s.captureLimits, k)
		}
	}
}

// scope returns the scope requests resolve against: the chosen environment
// and copies of the session's values, so a tea.Cmd may use it on another
// goroutine while Update goes on changing the session. Its Prompt answers
// from the session and otherwise fails with a *promptNeededError naming the
// label; commands turn that error into a needPromptMsg.
func (c *common) scope() collections.Scope {
	prompts := maps.Clone(c.session.prompts)
	return collections.Scope{
		Env:      c.env,
		Vars:     maps.Clone(c.session.vars),
		Captures: maps.Clone(c.session.captures),
		// The slices are never changed in place, only replaced.
		CaptureLimits: maps.Clone(c.session.captureLimits),
		LookupEnv:     c.session.lookupEnv,
		Secrets:       c.session.secrets,
		NoEnv:         c.session.noEnv,
		Interactive:   true,
		Prompt: func(label string) (string, error) {
			if v, ok := prompts[label]; ok {
				return v, nil
			}
			return "", &promptNeededError{Label: label}
		},
	}
}

// promptNeededError is the error Scope.Prompt returns for a {{prompt}} not
// answered yet this session.
type promptNeededError struct{ Label string }

// Error names the prompt without any value.
func (e *promptNeededError) Error() string {
	if e.Label == "" {
		return "a {{prompt}} value is needed"
	}
	return "a value for {{prompt:" + e.Label + "}} is needed"
}
