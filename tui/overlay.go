package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// promptOverlay asks for one {{prompt}} value in a masked input. The
// answer lives in the session only: it is never written anywhere.
type promptOverlay struct {
	c     *common
	label string
	input textinput.Model
}

// newPromptOverlay returns a focused, masked input for label.
func newPromptOverlay(c *common, label string) (promptOverlay, tea.Cmd) {
	ti := textinput.New()
	ti.EchoMode = textinput.EchoPassword
	ti.EchoCharacter = '•'
	ti.Prompt = "> "
	ti.SetStyles(c.styles.Input)
	ti.SetWidth(40)
	p := promptOverlay{c: c, label: label, input: ti}
	return p, p.input.Focus()
}

// Update types into the input; answered or cancelled report the outcome.
func (p promptOverlay) Update(msg tea.Msg) (o promptOverlay, cmd tea.Cmd, answered, cancelled bool) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.c.keys.Global.Confirm):
			p.c.session.prompts[p.label] = p.input.Value()
			return p, nil, true, false
		case key.Matches(k, p.c.keys.Global.Back):
			return p, nil, false, true
		}
	}
	p.input, cmd = p.input.Update(msg)
	return p, cmd, false, false
}

// View renders the prompt box.
func (p promptOverlay) View(width int) string {
	st := p.c.styles
	// The label is {{prompt:Label}}'s label or, for a bare {{prompt}},
	// the field it stands in (for example `profile "alice" password`).
	what := "the value"
	if p.label != "" {
		what = printableLine(p.label)
	}
	w := min(max(width-6, 20), 60)
	p.input.SetWidth(w - 4)
	lines := []string{
		st.Bold.Render("Enter " + what),
		st.Muted.Render("Asked once per session; kept in memory only."),
		"",
		p.input.View(),
		"",
		st.Muted.Render("enter confirm · esc cancel"),
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "…")
	}
	return st.Overlay.Render(strings.Join(lines, "\n"))
}

// envChooser picks the environment: none (the collection's vars) or one of
// the collection's [env.*] tables.
type envChooser struct {
	c        *common
	names    []string // "" first, for no environment
	selected int
}

// newEnvChooser returns a chooser with the current environment selected.
func newEnvChooser(c *common) envChooser {
	e := envChooser{c: c, names: []string{""}}
	if c.coll != nil {
		e.names = append(e.names, c.coll.EnvNames...)
	}
	for i, n := range e.names {
		if n == c.env {
			e.selected = i
		}
	}
	return e
}

// Update moves the selection; chosen reports a pick, closed any exit.
func (e envChooser) Update(msg tea.Msg) (ec envChooser, chosen, closed bool) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return e, false, false
	}
	keys := e.c.keys.Explore
	switch {
	case key.Matches(k, keys.Up):
		e.selected = max(e.selected-1, 0)
	case key.Matches(k, keys.Down):
		e.selected = min(e.selected+1, len(e.names)-1)
	case key.Matches(k, e.c.keys.Global.Confirm):
		return e, true, true
	case key.Matches(k, e.c.keys.Global.Back, e.c.keys.Global.Env):
		return e, false, true
	}
	return e, false, false
}

// Chosen returns the selected environment name.
func (e envChooser) Chosen() string { return e.names[e.selected] }

// View renders the chooser box.
func (e envChooser) View(width int) string {
	st := e.c.styles
	w := min(max(width-6, 20), 50)
	lines := []string{st.Bold.Render("Environment"), ""}
	for i, n := range e.names {
		label := n
		if n == "" {
			label = "(none: the collection's vars)"
		}
		label = ansi.Truncate(printableLine(label), w-2, "…")
		if i == e.selected {
			lines = append(lines, st.Selected.Render(padRight("› "+label, w)))
		} else {
			lines = append(lines, "  "+label)
		}
		if note := envOverrideNote(e.c, n); note != "" {
			for _, l := range strings.Split(wordWrap(printableLine(note), w-4), "\n") {
				lines = append(lines, "    "+st.Muted.Render(l))
			}
		}
	}
	lines = append(lines, "", st.Muted.Render("↑/↓ choose · enter use · esc close"))
	return st.Overlay.Render(strings.Join(lines, "\n"))
}
