package tui

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"
)

// Searching the response: `/` in the response pane types a query, matched
// as it is typed against the lines as shown — headers and the body,
// pretty-printed and masked, or a jq filter's result — so a search can
// never find, or reveal, a secret the pane does not show. The query is
// smart-case, as in less and vim: case-insensitive unless it holds an
// upper-case letter.

// maxMatches bounds the matches kept: "10000+ matches" says enough, and a
// one-letter query on a 10 MB body must not allocate a match per byte.
const maxMatches = 10000

// textMatch is one match: bytes [start, end) of scrollable line line.
type textMatch struct{ line, start, end int }

// bodySearch is a search of the response pane.
type bodySearch struct {
	input textinput.Model
	// typing is true while the query is being typed.
	typing  bool
	query   string
	matches []textMatch
	current int
}

// newBodySearch returns a search with its input focused.
func newBodySearch(c *common) *bodySearch {
	in := textinput.New()
	in.Prompt = "/"
	in.SetStyles(c.styles.Input)
	in.Focus()
	return &bodySearch{input: in, typing: true}
}

// findMatches returns the matches of query in lines, smart-case, at most
// maxMatches of them.
func findMatches(lines []string, query string) []textMatch {
	if query == "" {
		return nil
	}
	fold := !hasUpper(query)
	if fold {
		query = foldCase(query)
	}
	var out []textMatch
	for i, line := range lines {
		if fold {
			line = foldCase(line)
		}
		for at := 0; ; {
			j := strings.Index(line[at:], query)
			if j < 0 {
				break
			}
			start := at + j
			out = append(out, textMatch{line: i, start: start, end: start + len(query)})
			if len(out) >= maxMatches {
				return out
			}
			at = start + len(query)
		}
	}
	return out
}

// hasUpper reports whether s holds an upper-case letter.
func hasUpper(s string) bool {
	return strings.ContainsFunc(s, unicode.IsUpper)
}

// foldCase lower-cases s rune by rune where that keeps the rune's length
// in bytes, so that a match's offsets in the folded text are offsets in
// the original.
func foldCase(s string) string {
	return strings.Map(func(r rune) rune {
		if l := unicode.ToLower(r); utf8.RuneLen(l) == utf8.RuneLen(r) {
			return l
		}
		return r
	}, s)
}

// count is the match count as the pane shows it: "3 of 17".
func (s *bodySearch) count() string {
	switch n := len(s.matches); {
	case s.query == "":
		return ""
	case n == 0:
		return "no match"
	case n >= maxMatches:
		return strconv.Itoa(s.current+1) + " of " + strconv.Itoa(n) + "+"
	default:
		return strconv.Itoa(s.current+1) + " of " + strconv.Itoa(n)
	}
}

// onLine returns the matches on line i (matches are in line order).
func (s *bodySearch) onLine(i int) []textMatch {
	lo, _ := slices.BinarySearchFunc(s.matches, i, func(m textMatch, line int) int { return m.line - line })
	hi := lo
	for hi < len(s.matches) && s.matches[hi].line == i {
		hi++
	}
	return s.matches[lo:hi]
}

// highlight renders a plain line with its matches marked, the current one
// in the selection style.
func (v responseView) highlight(plain string, ms []textMatch) string {
	st := v.c.styles
	var b strings.Builder
	at := 0
	for _, m := range ms {
		b.WriteString(plain[at:m.start])
		style := st.Match
		if cur := v.search.matches[v.search.current]; cur == m {
			style = st.Selected
		}
		b.WriteString(style.Render(plain[m.start:m.end]))
		at = m.end
	}
	b.WriteString(plain[at:])
	return b.String()
}

// plainLines is every scrollable line without colour, as searched (the
// lines were made printable when prepared: they hold no escapes).
func (v responseView) plainLines() []string {
	n := v.lineCount()
	out := make([]string, n)
	for i := range n {
		out[i] = v.plainLine(i)
	}
	return out
}

// research runs the query again on the lines as shown now (after t, or a
// filter's new result), keeping the current match as near as it can.
func (v *responseView) research() {
	s := v.search
	if s == nil {
		return
	}
	s.matches = findMatches(v.plainLines(), s.query)
	s.current = 0
	// The first match at or after the top line: typing moves forward
	// from where the reader is, as less does.
	for i, m := range s.matches {
		if m.line >= v.offset {
			s.current = i
			break
		}
	}
	v.showCurrentMatch()
}

// step moves to the next (+1) or previous (-1) match, wrapping around.
func (v *responseView) step(delta int) {
	s := v.search
	if s == nil || len(s.matches) == 0 {
		return
	}
	s.current = (s.current + delta + len(s.matches)) % len(s.matches)
	v.showCurrentMatch()
}

// showCurrentMatch scrolls so that the current match is on screen,
// horizontally too.
func (v *responseView) showCurrentMatch() {
	s := v.search
	if s == nil || len(s.matches) == 0 {
		return
	}
	m := s.matches[s.current]
	if m.line < v.offset || m.line >= v.offset+v.visibleLines() {
		v.offset = max(m.line-v.visibleLines()/3, 0)
	}
	plain := v.plainLine(m.line)
	startCol := ansi.StringWidth(plain[:m.start])
	endCol := ansi.StringWidth(plain[:m.end])
	if startCol < v.column || endCol > v.column+v.width-1 {
		v.column = max(startCol-v.width/3, 0)
	}
	v.clamp()
}
