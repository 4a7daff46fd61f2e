package report

import (
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// Server data (response headers, OAuth2 error descriptions, jq results over
// a body) reaches reports through assertion values and errors. Printed raw,
// an escape sequence in it could recolour, move the cursor or retitle the
// user's terminal, and an XML 1.0 document may not contain most control
// characters at all (XML 1.0 §2.2), so the text and JUnit encoders pass
// every string through clean first.

// cleanMode says what clean keeps of line breaks and tabs.
type cleanMode int

const (
	// oneLine turns tabs and line feeds into spaces, for a line of text or
	// an XML attribute.
	oneLine cleanMode = iota
	// multiLine keeps tabs and line feeds, for the body of a JUnit
	// <failure>.
	multiLine
)

// noncharacters replaces the two BMP noncharacters XML 1.0 §2.2 forbids;
// authflow.Printable keeps them, as a terminal shows them harmlessly.
var noncharacters = strings.NewReplacer("\uFFFE", "\uFFFD", "\uFFFF", "\uFFFD")

// clean returns s as authflow.Printable makes it (no escape sequences,
// control characters or bidirectional overrides; invalid UTF-8 replaced),
// without the XML noncharacters and, in oneLine mode, on one line.
func clean(s string, mode cleanMode) string {
	s = authflow.Printable(s)
	// Most strings hold neither: a Replacer would copy them anyway, twice
	// for every field of every result.
	if strings.ContainsAny(s, "\uFFFE\uFFFF") {
		s = noncharacters.Replace(s)
	}
	if mode == oneLine && strings.ContainsAny(s, "\n\t") {
		s = lineBreaks.Replace(s)
	}
	return s
}

// lineBreaks puts a multi-line value on one line.
var lineBreaks = strings.NewReplacer("\n", " ", "\t", " ")
