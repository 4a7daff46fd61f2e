package tui

import (
	"strings"

	"github.com/keyway-cli/keyway/collections/curl"
)

// curlPanel is what the request pane shows after `y` copied a command:
// the shell variables the command reads and its notes (it needs jq; a
// client secret must be form-encoded per RFC 6749 §2.3.1; …). Pasting the
// command without them fails in ways curl does not explain, so they are
// shown in full, wrapped, until the next key — not cut to a status line.
type curlPanel struct {
	vars  []curl.Var
	notes []string
}

// newCurlPanel returns the panel for cmd, or nil when there is nothing to
// say beyond "Copied as curl".
func newCurlPanel(cmd curl.Command) *curlPanel {
	if len(cmd.Vars) == 0 && len(cmd.Notes) == 0 {
		return nil
	}
	return &curlPanel{vars: cmd.Vars, notes: cmd.Notes}
}

// lines renders the panel wrapped to width cells.
func (p *curlPanel) lines(st Styles, width int) []string {
	var out []string
	add := func(s string) {
		// Continuation lines are indented under the bullet's text.
		for i, l := range strings.Split(wrapText(printable(s), max(width-2, 10)), "\n") {
			if i > 0 {
				l = "  " + l
			}
			out = append(out, l)
		}
	}
	if len(p.vars) > 0 {
		names := make([]string, len(p.vars))
		for i, v := range p.vars {
			names[i] = "$" + v.Name
		}
		add("• Set " + strings.Join(names, ", ") + " first (secrets are never copied).")
	}
	for _, n := range p.notes {
		add("• " + n)
	}
	out = append(out, st.Muted.Render("any key closes"))
	return out
}
