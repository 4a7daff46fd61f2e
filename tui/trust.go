package tui

import (
	"context"
	"errors"
	"os"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/trust"
)

// The first time the TUI opens a collection that reads environment
// variables ({{env:…}}) or stored secrets ({{secret:…}}), it says which and
// to which hosts each would go, and asks before anything is read or sent. A
// collection is data and never runs code, but one written by someone else
// can still send the user's secrets to a host of its choosing. The answer
// is remembered per file and content (trust.Store): a changed file asks
// again.
//
// The dialog is a small program of its own that runs before the app, so no
// request can be prepared, previewed or sent until it is answered.

// errTrustQuit is returned by askTrust when the user chose to quit.
var errTrustQuit = errors.New("the collection was not opened")

// errNoTrustStore is askTrust's warning when there is no store to remember
// the answer in: the user is asked every time.
var errNoTrustStore = errors.New("trust answers cannot be remembered (no config folder; set KEYWAY_TRUST_FILE)")

// trustAnswer is what the user chose in the dialog.
type trustAnswer int

const (
	trustUnanswered trustAnswer = iota
	trustYes                    // trust: read env and secrets
	trustNoEnv                  // open without env and secrets
	trustQuit                   // do not open
)

// trustKeys are the dialog's keys.
type trustKeys struct {
	Trust, NoEnv, Quit, Up, Down key.Binding
}

func defaultTrustKeys() trustKeys {
	return trustKeys{
		Trust: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "trust")),
		NoEnv: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open without env & secrets")),
		Quit:  key.NewBinding(key.WithKeys("q", "esc", "ctrl+c"), key.WithHelp("q", "quit")),
		Up:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll")),
		Down:  key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll")),
	}
}

// ShortHelp lists the dialog's keys for the footer.
func (k trustKeys) ShortHelp() []key.Binding { return []key.Binding{k.Trust, k.NoEnv, k.Quit, k.Down} }

// FullHelp lists the same keys in one column.
func (k trustKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// trustModel is the trust dialog. It is a tea.Model of its own, since it
// runs as its own program before the app's.
type trustModel struct {
	path      string
	exposures []collections.Exposure
	dark      bool
	noColor   bool
	// theme is the config's choice; auto unless setTheme was called.
	theme  theme
	styles Styles
	keys   trustKeys
	help   help.Model
	width  int
	height int
	offset int // first line of the list shown
	answer trustAnswer
}

func newTrustModel(path string, exposures []collections.Exposure, noColor bool) trustModel {
	m := trustModel{path: path, exposures: exposures, dark: true, noColor: noColor, keys: defaultTrustKeys(), help: help.New()}
	m.restyle()
	return m
}

func (m *trustModel) restyle() {
	t := m.theme
	if m.noColor {
		t = themeNoColor
	}
	m.styles = stylesFor(t, m.dark)
	m.help.Styles = m.styles.Help
}

// setTheme draws the dialog in the theme the user chose, as
// common.setTheme does for the app.
func (m *trustModel) setTheme(t theme) {
	m.theme = t
	m.noColor = t == themeNoColor
	if t == themeDark || t == themeLight {
		m.dark = t == themeDark
	}
	m.restyle()
}

// Init asks for the background colour, as the app does.
func (m trustModel) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update handles keys and sizes; an answer ends the program.
func (m trustModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.offset = min(m.offset, m.maxOffset())
	case tea.BackgroundColorMsg:
		if m.theme != themeDark && m.theme != themeLight {
			m.dark = msg.IsDark()
		}
		m.restyle()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Trust):
			m.answer = trustYes
			return m, tea.Quit
		case key.Matches(msg, m.keys.NoEnv):
			m.answer = trustNoEnv
			return m, tea.Quit
		case key.Matches(msg, m.keys.Quit):
			m.answer = trustQuit
			return m, tea.Quit
		case key.Matches(msg, m.keys.Down):
			m.offset = min(m.offset+1, m.maxOffset())
		case key.Matches(msg, m.keys.Up):
			m.offset = max(m.offset-1, 0)
		}
	}
	return m, nil
}

// View draws the dialog in the alternate screen.
func (m trustModel) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "keyway · trust this collection?"
	return v
}

// header is the explanation above the list.
func (m trustModel) header() []string {
	st := m.styles
	lines := []string{
		st.Bold.Render("Trust " + printableLine(m.path) + "?"),
		"",
		"keyway never runs code from a collection, but this one reads values from",
		"your environment and secret store and would send them to these hosts:",
	}
	if m.perEnv() {
		// The answer covers every environment: the user may switch to
		// any of them (v) without being asked again.
		lines = append(lines, st.Muted.Render("[env] marks a host used only in those environments; [none]: without one."))
	}
	return append(lines, "")
}

// perEnv reports whether some host is used in some environments only.
func (m trustModel) perEnv() bool {
	for _, e := range m.exposures {
		if len(e.Envs) > 0 {
			return true
		}
		for _, t := range e.Tokens {
			if len(t.Envs) > 0 {
				return true
			}
		}
	}
	return false
}

// list is a line per exposure (its hosts on lines of their own when they
// do not fit on one), one per field that reads it, and where the access
// tokens it buys go.
func (m trustModel) list() []string {
	st := m.styles
	const indent = "           "
	var lines []string
	for _, e := range m.exposures {
		kind := "env   "
		switch e.Kind {
		case collections.ExposureSecret:
			kind = "secret"
		case collections.ExposureFile:
			kind = "file  "
		}
		hosts := make([]string, len(e.Hosts))
		for i, h := range e.Hosts {
			hosts[i] = m.host(h, e.Envs[h])
		}
		lines = append(lines, m.fitOrSplit("  "+st.Muted.Render(kind)+" "+st.Key.Render(printableLine(e.Reference()))+" →", hosts, indent+"  ")...)
		for _, use := range e.Uses {
			lines = append(lines, indent+st.Muted.Render("read by "+printableLine(use)))
		}
		// A token bought with the value is as secret as the value.
		for i := 0; i < len(e.Tokens); {
			profile := e.Tokens[i].Profile
			var dests []string
			for ; i < len(e.Tokens) && e.Tokens[i].Profile == profile; i++ {
				t := e.Tokens[i]
				by := "any request paired with it"
				if len(t.Uses) > 0 {
					by = strings.Join(t.Uses, ", ")
				}
				dests = append(dests, m.host(t.Host, t.Envs)+st.Muted.Render(" for "+printableLine(by)))
			}
			lines = append(lines, m.fitOrSplit(indent+st.Muted.Render("its access token (profile "+printableLine(`"`+profile+`"`)+") →"), dests, indent+"  ")...)
		}
	}
	return lines
}

// fitOrSplit returns head followed by items on one line when that fits the
// width, else head alone and each item on a line of its own after indent.
func (m trustModel) fitOrSplit(head string, items []string, indent string) []string {
	one := head + " " + strings.Join(items, ", ")
	if len(items) <= 1 || ansi.StringWidth(one) <= m.width {
		return []string{one}
	}
	lines := []string{head}
	for _, item := range items {
		lines = append(lines, indent+item)
	}
	return lines
}

// host shows one destination: unknown hosts as a warning, a non-ASCII name
// with the ASCII form it is sent as, and the environments it is used in
// when not all.
func (m trustModel) host(h string, envs []string) string {
	st := m.styles
	shown := st.Bold.Render(printableLine(authflow.DisplayHost(h)))
	if h == collections.UnknownHost {
		shown = st.Warn.Render("an unknown host (decided when sending)")
	}
	if len(envs) == 0 {
		return shown
	}
	names := make([]string, len(envs))
	for i, env := range envs {
		names[i] = env
		if env == collections.NoEnvName {
			names[i] = "none"
		}
	}
	return shown + " " + st.Muted.Render("["+printableLine(strings.Join(names, ", "))+"]")
}

// wrappedList is the list with every line wider than the screen wrapped
// onto lines indented under it, rather than cut: "an unknown host (decided
// when sending)" is the warning the user must read.
func (m trustModel) wrappedList() []string {
	var out []string
	for _, l := range m.list() {
		if ansi.StringWidth(l) <= m.width || m.width < 20 {
			out = append(out, l)
			continue
		}
		plain := ansi.Strip(l)
		indent := strings.Repeat(" ", len(plain)-len(strings.TrimLeft(plain, " "))+2)
		first, rest := wrapFirst(l, m.width)
		out = append(out, first)
		for _, r := range strings.Split(wordWrap(rest, m.width-len(indent)), "\n") {
			out = append(out, indent+strings.TrimLeft(r, " "))
		}
	}
	return out
}

// wrapFirst splits l at the last space that lets its first part fit width
// (or at width when there is none), keeping its styles on both sides.
func wrapFirst(l string, width int) (first, rest string) {
	wrapped := wordWrap(l, width)
	first, rest, _ = strings.Cut(wrapped, "\n")
	return first, strings.ReplaceAll(rest, "\n", " ")
}

// footerLines are the choices below the list.
func (m trustModel) footer() []string {
	return []string{
		"",
		"t: trust it — read them and send them as the file says",
		"o: open it without reading environment variables or secrets",
		"q: quit without opening it",
		"",
		m.help.ShortHelpView(m.keys.ShortHelp()),
	}
}

// listHeight is how many lines of the list fit.
func (m trustModel) listHeight() int {
	return max(m.height-len(m.header())-len(m.footer()), 1)
}

func (m trustModel) maxOffset() int {
	return max(len(m.wrappedList())-m.listHeight(), 0)
}

func (m trustModel) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	list := m.wrappedList()
	end := min(m.offset+m.listHeight(), len(list))
	shown := list[min(m.offset, end):end]
	if end < len(list) {
		shown = append(shown[:len(shown)-1:len(shown)-1], m.styles.Muted.Render("  … "+itoa(len(list)-end+1)+" more lines (↓)"))
	}
	lines := append(append(m.header(), shown...), m.footer()...)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return fitLines(lines, m.width, m.height)
}

// trustRunner runs a trust dialog and returns the final model; tests
// replace the terminal with a fake.
type trustRunner func(ctx context.Context, m trustModel) (trustModel, error)

// runTrustProgram runs the dialog in the terminal.
func runTrustProgram(ctx context.Context, m trustModel) (trustModel, error) {
	final, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if err != nil {
		return m, err
	}
	return final.(trustModel), nil
}

// askTrust decides whether the collection at path may read environment
// variables and secrets: yes when it reads none, else the remembered answer
// for its content, else the user's answer, which is then remembered. It
// returns trust.Trusted or trust.NoOutside, or errTrustQuit.
// A trust store that is missing (nil), or cannot be read or written, does
// not stop the app: the user is asked, and warning says the answer was not
// remembered.
//
// The question lists every environment's hosts, not only those of s.Env:
// the user may switch environment later without being asked again. The
// answer is remembered for exactly that list (collections.ExposuresDigest).
func askTrust(ctx context.Context, store *trust.Store, path string, c *collections.Collection, s *collections.Scope, run trustRunner) (answer trust.Answer, warning error, err error) {
	exposures := c.EveryEnvExposures(s)
	if len(exposures) == 0 {
		return trust.Trusted, nil, nil
	}
	shown := collections.ExposuresDigest(exposures)
	lookupErr := errNoTrustStore
	if store != nil {
		remembered, ok, err := store.Lookup(path, c.Source, shown)
		if err == nil && ok {
			return remembered, nil, nil
		}
		lookupErr = err
	}
	final, err := run(ctx, newTrustModel(path, exposures, os.Getenv("NO_COLOR") != ""))
	if err != nil {
		return "", nil, err
	}
	switch final.answer {
	case trustYes:
		answer = trust.Trusted
	case trustNoEnv:
		answer = trust.NoOutside
	default:
		return "", nil, errTrustQuit
	}
	if lookupErr != nil {
		return answer, lookupErr, nil
	}
	return answer, store.Remember(path, c.Source, shown, answer), nil
}

// decideTrust asks, unless opts is the built-in demo, whether the
// collection may read environment variables and secrets, and sets up the
// session for the answer. It returns the status line the app starts with.
func decideTrust(ctx context.Context, opts Options, s *session, run trustRunner) (statusMsg, error) {
	if opts.Demo {
		return statusMsg{}, nil
	}
	scope := &collections.Scope{Env: opts.Env, Vars: opts.Vars}
	if opts.Config != nil && opts.Config.Theme != "" {
		inner := run
		run = func(ctx context.Context, m trustModel) (trustModel, error) {
			m.setTheme(theme(opts.Config.Theme))
			return inner(ctx, m)
		}
	}
	answer, warning, err := askTrust(ctx, opts.Trust, opts.Path, opts.Collection, scope, run)
	if err != nil {
		return statusMsg{}, err
	}
	s.noEnv = answer == trust.NoOutside
	switch {
	case warning != nil:
		return statusMsg{text: warning.Error(), err: true}, nil
	case s.noEnv:
		text := "Opened without environment variables or secrets: requests that read them fail."
		if opts.Trust != nil {
			text += " To be asked again, remove this file's entry from " + opts.Trust.Path() + "."
		}
		return statusMsg{text: text}, nil
	}
	return statusMsg{}, nil
}
