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
	// searched is the query matches were found for, on the lines shown
	// with or without the headers (searchedHeaders) and the filter
	// searchedFilter applied.
	searched        string
	searchedHeaders bool
	searchedFilter  string
}

// newBodySearch returns a search with its input focused.
func newBodySearch(c *common) *bodySearch {
	in := textinput.New()
	in.Prompt = "/"
	in.SetStyles(c.styles.Input)
	in.Focus()
	return &bodySearch{input: in, typing: true}
}

// findMatches returns the matches of query in the n lines lineAt gives
// (printable: the pane's lines hold no escapes), smart-case, at most
// maxMatches of them. When only is not nil, only those lines are searched
// (in order): as a query is typed, it names the lines the shorter query
// matched, since a longer query can match nowhere else.
func findMatches(n int, lineAt func(int) string, query string, only []int) []textMatch {
	if query == "" {
		return nil
	}
	fold := !hasUpper(query)
	if fold {
		query = foldCase(query)
	}
	var out []textMatch
	search := func(i int, line string) bool {
		if fold {
			line = foldCase(line)
		}
		for at := 0; ; {
			j := strings.Index(line[at:], query)
			if j < 0 {
				return true
			}
			start := at + j
			out = append(out, textMatch{line: i, start: start, end: start + len(query)})
			if len(out) >= maxMatches {
				return false
			}
			at = start + len(query)
		}
	}
	if only != nil {
		for _, i := range only {
			if !search(i, lineAt(i)) {
				break
			}
		}
		return out
	}
	for i := range n {
		if !search(i, lineAt(i)) {
			break
		}
	}
	return out
}

// narrowed returns the lines a search for query need look at, knowing the
// matches of the previous query: nil (every line) unless query extends it
// with the same case rule and those matches were all found.
func narrowed(prev string, matches []textMatch, query string) []int {
	if prev == "" || !strings.HasPrefix(query, prev) || hasUpper(prev) != hasUpper(query) || len(matches) >= maxMatches {
		return nil
	}
	lines := []int{}
	for _, m := range matches {
		if len(lines) == 0 || lines[len(lines)-1] != m.line {
			lines = append(lines, m.line)
		}
	}
	return lines
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

// research runs the query again on the lines as shown now (after t, or a
// filter's new result), keeping the current match as near as it can.
func (v *responseView) research() {
	s := v.search
	if s == nil {
		return
	}
	only := narrowed(s.searched, s.matches, s.query)
	if s.searchedHeaders != v.showHeaders || s.searchedFilter != v.filterExpr() {
		only = nil // other lines now
	}
	s.matches = findMatches(v.lineCount(), v.plainLine, s.query, only)
	s.searched, s.searchedHeaders, s.searchedFilter = s.query, v.showHeaders, v.filterExpr()
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
