package tui

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFindMatches: whatever the lines and the query, every match lies on
// rune boundaries inside its line and is the query, case folded when the
// query has no upper-case letter; narrowing as the query grows finds the
// same matches.
func FuzzFindMatches(f *testing.F) {
	f.Add("Alice\nalice ALICE\nK\u212a", "al")
	f.Add("İstanbul\nistanbul", "i")
	f.Add("\xff\xfeab", "ab")
	f.Fuzz(func(t *testing.T, text, query string) {
		lines := strings.Split(printable(text), "\n")
		at := func(i int) string { return lines[i] }
		ms := findMatches(len(lines), at, query, nil)
		for _, m := range ms {
			line := lines[m.line]
			if m.start < 0 || m.end > len(line) || m.start >= m.end && query != "" {
				t.Fatalf("match %+v outside %q", m, line)
			}
			if !utf8.RuneStart(line[m.start]) || m.end < len(line) && !utf8.RuneStart(line[m.end]) {
				t.Fatalf("match %+v splits a rune of %q", m, line)
			}
			got := line[m.start:m.end]
			if hasUpper(query) && got != query || !hasUpper(query) && foldCase(got) != foldCase(query) {
				t.Fatalf("match %q of query %q", got, query)
			}
		}
		if len(query) > 1 {
			short := query[:len(query)-1]
			prev := findMatches(len(lines), at, short, nil)
			narrow := findMatches(len(lines), at, query, narrowed(short, prev, query))
			if len(narrow) != len(ms) {
				t.Fatalf("narrowed search found %d, full %d", len(narrow), len(ms))
			}
		}
	})
}
