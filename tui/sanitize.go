package tui

import (
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// printable returns server or file text made safe to draw: escape
// sequences and control characters removed and invalid UTF-8 replaced (by
// authflow.Printable, which both the TUI and the CLI use), and tabs expanded
// so that cell widths stay right. Text from servers — bodies, headers,
// error descriptions — always goes through it before it reaches a view.
func printable(s string) string {
	s = authflow.Printable(s)
	if strings.IndexByte(s, '\t') >= 0 {
		s = strings.ReplaceAll(s, "\t", "    ")
	}
	return s
}

// printableLine is printable for text shown on one line: line breaks are
// shown as the ↵ sign.
func printableLine(s string) string {
	s = printable(s)
	if strings.IndexByte(s, '\n') >= 0 {
		s = strings.ReplaceAll(s, "\n", "\u21b5")
	}
	return s
}
