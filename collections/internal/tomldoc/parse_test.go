package tomldoc

import (
	"fmt"
	"strings"
	"testing"
)

// TestTreeImplicitTableTakesItsHeader: a table first made by a longer
// header is positioned at its own header once that comes, for the
// messages the decoder writes about it.
func TestTreeImplicitTableTakesItsHeader(t *testing.T) {
	data := []byte("[a.b]\nx = 1\n\n[a]\ny = 2\n")
	doc, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	lines := doc.Lines
	a := doc.Root.Get("a")
	if line, col := lines.Position(a.Value.Offset); line != 4 || col != 1 {
		t.Errorf("table a at %d:%d, want line 4 col 1", line, col)
	}
	if line, col := lines.Position(a.KeyOffset); line != 4 || col != 2 {
		t.Errorf("key a at %d:%d, want line 4 col 2", line, col)
	}
	if a.Value.Get("b") == nil || a.Value.Get("y") == nil {
		t.Errorf("table a lost keys: %+v", a.Value.Entries)
	}
}

// TestParseExprs: each top-level expression keeps the byte ranges an
// edit splices at, the table it is in, and the [[request]] it belongs to
// ([request.x] after another table still belongs to the last one).
func TestParseExprs(t *testing.T) {
	src := "top = 1\r\n[[request]]\r\nname = \"a\"  # c\r\nheaders.Accept = \"x\"\r\n[other]\r\nk = [\"a\", # why\r\n]\r\n[request.expect]\r\nstatus = 200\r\n[[request]]\r\n"
	doc, err := Parse([]byte(src))
	if err != nil || doc.Invalid != nil {
		t.Fatal(err, doc.Invalid)
	}
	if doc.Newline != "\r\n" {
		t.Errorf("newline %q", doc.Newline)
	}
	type want struct {
		table, key, text, line string
		value                  string // src[ValueStart:End]
		item                   int
		direct                 bool
	}
	wants := []want{
		{"", "top", "top = 1", "top = 1\r\n", "1", -1, false},
		{"request", "", "request", "[[request]]\r\n", "", 0, false},
		{"request", "name", `name = "a"`, "name = \"a\"  # c\r\n", `"a"`, 0, true},
		{"request", "headers.Accept", `headers.Accept = "x"`, "headers.Accept = \"x\"\r\n", `"x"`, 0, true},
		{"other", "", "other", "[other]\r\n", "", -1, false},
		{"other", "k", "k = [\"a\", # why\r\n]", "k = [\"a\", # why\r\n]\r\n", "[\"a\", # why\r\n]", -1, false},
		{"request.expect", "", "request.expect", "[request.expect]\r\n", "", 0, false},
		{"request.expect", "status", "status = 200", "status = 200\r\n", "200", 0, false},
		{"request", "", "request", "[[request]]\r\n", "", 1, false},
	}
	if len(doc.Exprs) != len(wants) {
		t.Fatalf("%d expressions, want %d", len(doc.Exprs), len(wants))
	}
	for i, w := range wants {
		e := &doc.Exprs[i]
		got := want{strings.Join(e.Table, "."), strings.Join(e.Key, "."), src[e.Start:e.End], src[e.LineStart:e.LineEnd], "", e.Item, e.Direct()}
		if e.Key != nil {
			got.value = src[e.ValueStart:e.End]
		}
		if got != w {
			t.Errorf("expression %d: %+v, want %+v", i, got, w)
		}
	}
	if v := doc.Exprs[5].Value; v.Kind != Array || len(v.Items) != 1 || v.Items[0].Str != "a" {
		t.Errorf("k = %+v, want an array of one item", v)
	}
	if v := doc.Exprs[2].Value; v.Kind != String || v.Str != "a" {
		t.Errorf("name = %+v", v)
	}
}

// TestParseInvalidKeepsExprs: a document that parses but defines a key
// twice has no tree (loading refuses it at the key) but all its
// expressions, for an edit, whose result go-toml then judges.
func TestParseInvalidKeepsExprs(t *testing.T) {
	src := "a = 1\nb = 99999999999999999999\na = 2\n[t]\nx = \"y\"\n"
	doc, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Root != nil || doc.Invalid == nil {
		t.Fatalf("root %v, invalid %v", doc.Root, doc.Invalid)
	}
	if line, col := doc.Lines.Position(doc.Invalid.Offset); line != 2 || col != 5 || !strings.Contains(doc.Invalid.Msg, "out of range") {
		t.Errorf("invalid at %d:%d: %s, want the integer at 2:5", line, col, doc.Invalid.Msg)
	}
	if len(doc.Exprs) != 5 || doc.Exprs[4].Value.Str != "y" {
		t.Errorf("expressions %+v", doc.Exprs)
	}
}

// TestParseSyntaxError: the parser's error comes back at its place, in
// characters as an editor counts them (é is two bytes, one column).
func TestParseSyntaxError(t *testing.T) {
	for _, tc := range []struct{ src, at string }{
		{"a = 1\nb = \"x", "2:6"},
		{"a = [1,\n", "1:8"},
		{"s = \"é\" b = 2\n", "1:9"},
	} {
		_, err := Parse([]byte(tc.src))
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("%q: %T %v", tc.src, err, err)
		}
		line, col := NewLines([]byte(tc.src)).Position(e.Offset)
		if at := fmt.Sprintf("%d:%d", line, col); at != tc.at {
			t.Errorf("%q: error at %s, want %s (%s)", tc.src, at, tc.at, e.Msg)
		}
	}
}
