package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWordWrapBreaksAtSpacesOnly: a status line, a refresh token and a URL
// keep their punctuation; only a word wider than the line is cut (issue 13
// defect 12: "HTTP/1" / ".1", a refresh token broken at a hyphen).
func TestWordWrapBreaksAtSpacesOnly(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"GET /api/notes/42 HTTP/1.1", 22, "GET /api/notes/42\nHTTP/1.1"},
		{"refresh_token rt-3f9a-77c1-beef", 20, "refresh_token\nrt-3f9a-77c1-beef"},
		{"a=1&b=2&c=3 d/e/f", 12, "a=1&b=2&c=3\nd/e/f"},
		{"key abcdefghijklmnop", 8, "key\nabcdefgh\nijklmnop"},
		{"  indented words here", 10, "  indented\nwords here"},
		{"fits", 10, "fits"},
		{"one\ntwo three", 5, "one\ntwo\nthree"},
		{"", 5, ""},
	} {
		got := wordWrap(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("wordWrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > tc.width {
				t.Errorf("wordWrap(%q, %d): line %q is wider than %d", tc.in, tc.width, l, tc.width)
			}
		}
	}
}

// FuzzWordWrap: no line wider than asked, and no character but a space
// lost or added.
func FuzzWordWrap(f *testing.F) {
	f.Add("GET /a HTTP/1.1", 7)
	f.Add("  x yyyyyyyyyyyy z", 4)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 1 || width > 200 || strings.ContainsAny(s, "\x1b\t\r") || !isPrintableASCII(s) {
			return
		}
		got := wordWrap(s, width)
		for _, l := range strings.Split(got, "\n") {
			if ansi.StringWidth(l) > width {
				t.Fatalf("line %q wider than %d", l, width)
			}
		}
		strip := func(x string) string { return strings.NewReplacer(" ", "", "\n", "").Replace(x) }
		if strip(got) != strip(s) {
			t.Fatalf("wordWrap(%q, %d) = %q changed the text", s, width, got)
		}
	})
}

func isPrintableASCII(s string) bool {
	for _, r := range s {
		if r != '\n' && (r < ' ' || r > '~') {
			return false
		}
	}
	return true
}
