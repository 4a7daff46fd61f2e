package report

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzEncoders feeds arbitrary server-like text into every field the
// encoders print and checks the promises of the package: JUnit stays
// well-formed XML, and neither JUnit nor text carries a control character
// or an escape sequence; the HTML page holds no control character and
// refers to nothing outside itself, whatever the fields hold.
func FuzzEncoders(f *testing.F) {
	for _, seed := range []string{"plain", "\x1b[2J\x1b]0;title\x07", "\xff\xfe", "a\x00b\r\nc", "\uFFFE\u202e", "]]>&<'\""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := &Report{Collection: s, Env: s}
		r.Add(Result{Name: s, Folder: s, Method: s, Assertions: []Assertion{{Expect: s, Actual: s}}})
		r.Add(Result{Name: s, Error: s + "x", URL: s, Exchange: &Exchange{
			Request:  Message{StartLine: s, Headers: []Header{{Name: s, Value: s}}, Body: s},
			Response: &Message{StartLine: s, Body: s}, Credentials: s}})
		var junit, text, page bytes.Buffer
		if err := r.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
		assertNoControl(t, page.String())
		if refs := externalReferences(t, page.String()); refs != nil {
			t.Fatalf("the page refers outside itself: %q", refs)
		}
		if err := r.WriteJUnit(&junit); err != nil {
			t.Fatal(err)
		}
		assertJUnitWellFormed(t, junit.Bytes())
		for _, res := range r.Results {
			if err := r.WriteText(&text, res); err != nil {
				t.Fatal(err)
			}
		}
		assertNoControl(t, text.String())
		if strings.Count(text.String(), "\n") != 4 {
			t.Fatalf("text output spans %d lines, want 4 (a line per request, assertion and error):\n%q",
				strings.Count(text.String(), "\n"), text.String())
		}
	})
}
