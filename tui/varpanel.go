package tui

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// The variables panel (V) lists every variable with its value from each
// layer — [vars], the chosen environment, --var, this session's captures —
// and marks the one that wins (docs/collections.md, Precedence: lowest
// first, vars < env < --var < captures). Values are shown as written:
// {{env:NAME}} and {{secret:NAME}} stay references, never read. A value
// that is a secret — one a request or profile sends as a credential — is
// masked. x clears the captures, after asking.

// varLayer is one source of variables, lowest precedence first.
type varLayer int

const (
	layerVars varLayer = iota
	layerEnv
	layerFlag
	layerCapture
	layerCount
)

// varValue is one variable's value in one layer.
type varValue struct {
	layer varLayer
	text  string // masked when a secret
}

// varRow is one variable: its values, the winner last.
type varRow struct {
	name   string
	values []varValue
}

// varPanel is the variables overlay.
type varPanel struct {
	c      *common
	rows   []varRow
	offset int
	// confirmClear is set while asking whether to clear the captures;
	// nothingToClear after x with none to clear.
	confirmClear, nothingToClear bool
}

// newVarPanel collects the variables of every layer.
func newVarPanel(c *common) varPanel {
	p := varPanel{c: c}
	p.rows = collectVars(c)
	return p
}

// layerName names a layer as the panel shows it.
func (c *common) layerName(l varLayer) string {
	switch l {
	case layerVars:
		return "vars"
	case layerEnv:
		return "env " + printableLine(c.env)
	case layerFlag:
		return "--var"
	}
	return "captured"
}

// collectVars reads the layers, masking what is a secret.
func collectVars(c *common) []varRow {
	var layers [layerCount]map[string]string
	if c.coll != nil {
		layers[layerVars] = c.coll.Vars
		if c.env != "" {
			layers[layerEnv] = c.coll.Envs[c.env]
		}
	}
	layers[layerFlag] = c.session.vars
	layers[layerCapture] = c.session.captures
	red := authflow.NewRedactor(knownSecrets(c)...)
	names := map[string]bool{}
	for _, l := range layers {
		for name := range l {
			names[name] = true
		}
	}
	var rows []varRow
	for _, name := range slices.Sorted(maps.Keys(names)) {
		row := varRow{name: name}
		for l, values := range layers {
			if v, ok := values[name]; ok {
				if red.Holds(v) {
					v = authflow.Mask
				}
				row.values = append(row.values, varValue{layer: varLayer(l), text: v})
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// knownSecrets is every value the collection's requests send as a
// credential, as resolved for display (the secret store is not read: a
// {{secret:…}} resolves to the mask), and the captures bound to a host
// (what came back for bound credentials).
func knownSecrets(c *common) []string {
	if c.coll == nil {
		return nil
	}
	scope := c.scope()
	scope.Secrets = maskedSecrets{}
	scope.Prompt = func(string) (string, error) { return authflow.Mask, nil }
	var out []string
	for _, r := range c.coll.Requests {
		if prep, err := c.engine.Prepare(c.coll, r, &scope); err == nil {
			out = append(out, prep.Secrets...)
		}
	}
	for name := range c.session.captureLimits {
		out = append(out, c.session.captures[name])
	}
	return out
}

// captureCount is how many captured values the session holds.
func (p varPanel) captureCount() int { return len(p.c.session.captures) }

// Update scrolls, asks to clear the captures and clears them; closed
// reports that the panel is done. cleared reports captures were cleared.
func (p varPanel) Update(msg tea.KeyPressMsg) (_ varPanel, closed, cleared bool) {
	keys := p.c.keys.Vars
	p.nothingToClear = false
	if p.confirmClear {
		p.confirmClear = false
		if msg.String() == "y" || msg.String() == "Y" {
			clear(p.c.session.captures)
			p.c.session.captureLimits = nil
			p.rows = collectVars(p.c)
			p.offset = 0
			return p, false, true
		}
		return p, false, false
	}
	switch {
	case key.Matches(msg, keys.Close):
		return p, true, false
	case key.Matches(msg, keys.Up):
		p.offset = max(p.offset-1, 0)
	case key.Matches(msg, keys.Down):
		p.offset++
	case key.Matches(msg, keys.ClearCaptures):
		p.confirmClear = p.captureCount() > 0
		p.nothingToClear = p.captureCount() == 0
	}
	return p, false, false
}

// lines renders every row: the winning value, then the values it
// overrides, muted.
func (p varPanel) lines(width int) []string {
	st := p.c.styles
	if len(p.rows) == 0 {
		return []string{st.Muted.Render("No variables: none in [vars], the environment or --var, and nothing captured yet.")}
	}
	nameW := 0
	for _, r := range p.rows {
		nameW = max(nameW, ansi.StringWidth(printableLine(r.name)))
	}
	nameW = min(nameW, max(width/3, 8))
	var out []string
	for _, r := range p.rows {
		win := r.values[len(r.values)-1]
		name := padRight(ansi.Truncate(printableLine(r.name), nameW, "…"), nameW)
		tag := "  " + st.Muted.Render("("+p.c.layerName(win.layer)+" wins)")
		if len(r.values) == 1 {
			tag = "  " + st.Muted.Render("("+p.c.layerName(win.layer)+")")
		}
		value := printableLine(win.text)
		room := max(width-nameW-3-ansi.StringWidth(tag), 8)
		out = append(out, st.Key.Render(name)+" = "+ansi.Truncate(value, room, "…")+tag)
		for i := len(r.values) - 2; i >= 0; i-- {
			v := r.values[i]
			text := strings.Repeat(" ", nameW) + "   overrides " + p.c.layerName(v.layer) + ": " + printableLine(v.text)
			out = append(out, st.Muted.Render(ansi.Truncate(text, width, "…")))
		}
	}
	return out
}

// View renders the panel in exactly width×height.
func (p varPanel) View(width, height int) string {
	st := p.c.styles
	inner := max(width-4, 10)
	env := "no environment"
	if p.c.env != "" {
		env = "environment " + printableLine(p.c.env)
	}
	head := []string{
		st.Bold.Render("Variables") + st.Muted.Render(" · "+env),
		st.Muted.Render("Which wins, lowest first: vars < env < --var < captured"),
		"",
	}
	foot := []string{"", st.Muted.Render("↑/↓ scroll · x clear captures (" + strconv.Itoa(p.captureCount()) + ") · esc close")}
	if p.nothingToClear {
		foot[1] = st.Muted.Render("Nothing captured this session: no captures to clear. · esc close")
	}
	if p.confirmClear {
		foot[1] = st.Warn.Render("Clear " + strconv.Itoa(p.captureCount()) + " captured values for this session? y/n")
	}
	body := p.lines(inner)
	room := max(height-2-len(head)-len(foot), 1)
	offset := min(p.offset, max(len(body)-room, 0))
	body = body[offset:min(offset+room, len(body))]
	for len(body) < room {
		body = append(body, "")
	}
	lines := append(append(head, body...), foot...)
	box := st.Overlay.Render(fitLines(lines, inner, max(height-2, 1)))
	return fitBlock(box, width, height)
}
