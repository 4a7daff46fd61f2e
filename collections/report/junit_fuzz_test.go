package report

import (
	"bytes"
	"encoding/xml"
	"testing"
	"unicode/utf8"
)

// FuzzJUnitEscape checks escapeXML against encoding/xml's EscapeText on
// arbitrary bytes, and that what it writes, as an attribute value and as
// character data, reads back as the original text wherever the original is
// XML 1.0 text at all.
func FuzzJUnitEscape(f *testing.F) {
	for _, seed := range []string{"", "plain", hostile, "\r\n", "\xed\xbf\xbf", "\xef\xbf\xbe", "\xf4\x90\x80\x80", "&#x9;"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := escapeXML(nil, s)
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("escapeXML(%q) = %q, encoding/xml gives %q", s, got, want.Bytes())
		}

		doc := "<e a=\"" + string(got) + "\">" + string(got) + "</e>"
		var e struct {
			A    string `xml:"a,attr"`
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &e); err != nil {
			t.Fatalf("escaped %q does not parse: %v\n%s", s, err, doc)
		}
		if e.A != e.Text {
			t.Fatalf("attribute reads back as %q, character data as %q", e.A, e.Text)
		}
		if isXMLText(s) && e.Text != s {
			t.Fatalf("%q reads back as %q", s, e.Text)
		}
		if !isXMLText(e.Text) {
			t.Fatalf("%q reads back as %q, which XML 1.0 cannot hold", s, e.Text)
		}
	})
}

// isXMLText reports whether s is valid UTF-8 made only of XML 1.0
// characters.
func isXMLText(s string) bool {
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && width == 1) || !isXMLChar(r) {
			return false
		}
		i += width
	}
	return true
}

// FuzzWriteJUnit puts arbitrary strings in every field WriteJUnit prints
// and checks that the document is the one the encoding/xml writer it
// replaced produced, and that decoding it gives back each field as clean
// made it.
func FuzzWriteJUnit(f *testing.F) {
	f.Add("Demo <API> & co", "staging", "Who am I", "users", "", "status == 201", "404", false, int64(12))
	f.Add(hostile, hostile, hostile, hostile, hostile, hostile, hostile, false, int64(-1))
	f.Add("c", "", "n", "", "dial tcp: refused\r\n\x1b[0m", "", "", true, int64(1<<62))
	f.Fuzz(func(t *testing.T, collection, env, name, folder, message, expect, actual string, passed bool, ms int64) {
		r := &Report{Collection: collection, Env: env, DurationMS: ms}
		r.Add(Result{Name: name, Folder: folder, Passed: passed, DurationMS: ms, Assertions: []Assertion{
			{Expect: expect, Actual: actual}, {Expect: actual, Passed: true, Actual: expect},
		}})
		r.Add(Result{Name: expect, Folder: folder, Error: message})
		r.Add(Result{Name: actual, Passed: passed})

		var got bytes.Buffer
		if err := r.WriteJUnit(&got); err != nil {
			t.Fatal(err)
		}
		want, err := referenceJUnit(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("WriteJUnit differs from encoding/xml:\n got %q\nwant %q", got.Bytes(), want)
		}

		var doc junitSuites
		if err := xml.Unmarshal(got.Bytes(), &doc); err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, got.Bytes())
		}
		suite := doc.Suites[0]
		first := suite.Cases[0]
		classname := clean(collection, oneLine)
		if folder != "" {
			classname = clean(folder, oneLine)
		}
		for _, field := range []struct{ what, got, want string }{
			{"collection", doc.Name, clean(collection, oneLine)},
			{"suite name", suite.Name, clean(collection, oneLine)},
			{"testcase name", first.Name, clean(name, oneLine)},
			{"classname", first.Classname, classname},
			{"classname without folder", suite.Cases[2].Classname, clean(collection, oneLine)},
		} {
			if field.got != field.want {
				t.Errorf("%s reads back as %q, want %q", field.what, field.got, field.want)
			}
		}
		if problem := suite.Cases[1].Error; message != "" && (problem == nil ||
			problem.Message != clean(message, oneLine) || problem.Text != clean(message, multiLine)) {
			t.Errorf("error reads back as %+v, want message %q and text %q",
				problem, clean(message, oneLine), clean(message, multiLine))
		}
		if env != "" && suite.Properties.Property[0].Value != clean(env, oneLine) {
			t.Errorf("env reads back as %q, want %q", suite.Properties.Property[0].Value, clean(env, oneLine))
		}
		if !passed {
			wantBody := "expected " + clean(expect, multiLine) + ", got " + clean(actual, multiLine) + "\n"
			if first.Failure == nil || first.Failure.Text != wantBody {
				t.Errorf("failure reads back as %+v, want body %q", first.Failure, wantBody)
			}
		}
	})
}
