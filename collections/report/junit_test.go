package report

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// hostile holds everything escapeXML and clean must deal with: markup,
// both quotes, tab, line feed, carriage return, C0 and C1 controls, an
// escape sequence, the XML noncharacters, invalid UTF-8, an encoded
// surrogate, a character outside the BMP, a CDATA end, a bidirectional
// override and a genuine U+FFFD.
const hostile = "a\"b'c&d<e>f\tg\nh\ri\x00j\x1b[1mk\u0085l\uFFFEm\uFFFF\xffn\xed\xa0\x80o\U0001F600p]]>q\u202er\uFFFD"

// TestWriteJUnitMatchesReference compares WriteJUnit with the encoding/xml
// writer it replaced, byte for byte, on reports of every shape.
func TestWriteJUnitMatchesReference(t *testing.T) {
	started := time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", -7*3600))
	rich := &Report{Collection: hostile, Env: hostile, Started: started}
	rich.SetDuration(time.Hour + 123456789)
	rich.Add(Result{Name: hostile, Folder: hostile, Error: hostile})
	rich.Add(Result{Name: hostile, Assertions: []Assertion{
		{Expect: hostile, Actual: hostile}, {Expect: "x", Passed: true}, {Expect: hostile + "2"},
	}})
	rich.Add(Result{Name: "failed without a failed assertion", Assertions: []Assertion{{Expect: "x", Passed: true}}})
	rich.Add(Result{Passed: true, DurationMS: 99999})

	large := largeReport(2000)
	large.Started = started
	for _, tc := range []struct {
		name   string
		report *Report
	}{
		{"sample", sample()},
		{"empty", &Report{}},
		{"environment only", &Report{Env: "e"}},
		{"cases only", &Report{Collection: "c", Results: []Result{{Name: "n", Passed: true}}}},
		{"hostile", rich},
		// Several times junitFlushSize, so the document is written in pieces.
		{"large", large},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := referenceJUnit(tc.report)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := tc.report.WriteJUnit(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("WriteJUnit differs from encoding/xml:\n got %q\nwant %q", got.Bytes(), want)
			}
		})
	}
}

func TestEscapeXML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain text", "plain text"},
		{`<a href="x">'&'</a>`, "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"},
		{"tab\tlf\ncr\r", "tab&#x9;lf&#xA;cr&#xD;"},
		{"nul\x00bell\x07esc\x1bus\x1f", "nul\uFFFDbell\uFFFDesc\uFFFDus\uFFFD"},
		{"del\x7f c1\u0085 nbsp\u00a0", "del\x7f c1\u0085 nbsp\u00a0"},
		{"\uFFFE\uFFFF", "\uFFFD\uFFFD"},
		{"\uFFFD stays", "\uFFFD stays"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"cut \xe2\x82", "cut \uFFFD\uFFFD"},
		{"surrogate \xed\xa0\x80", "surrogate \uFFFD\uFFFD\uFFFD"},
		{"\U0001F600 \U0010FFFD", "\U0001F600 \U0010FFFD"},
		{"\ud7ff\ue000", "\ud7ff\ue000"},
	} {
		if got := string(escapeXML(nil, tc.in)); got != tc.want {
			t.Errorf("escapeXML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeXMLAppends(t *testing.T) {
	got := escapeXML([]byte("x="), "<y>")
	if string(got) != "x=&lt;y&gt;" {
		t.Errorf("escapeXML appended %q, want %q", got, "x=&lt;y&gt;")
	}
}

// failingWriter accepts ok writes, then fails every one after.
type failingWriter struct {
	ok     int
	writes int
}

var errDiskFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes > w.ok {
		return 0, errDiskFull
	}
	return len(p), nil
}

func TestWriteJUnitWriteError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		report *Report
		ok     int
	}{
		{"small report, one write", sample(), 0},
		{"large report, first write", largeReport(2000), 0},
		{"large report, a later write", largeReport(2000), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := &failingWriter{ok: tc.ok}
			err := tc.report.WriteJUnit(w)
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("err = %v, want it to wrap %v", err, errDiskFull)
			}
			if !strings.HasPrefix(err.Error(), "report: writing JUnit: ") {
				t.Errorf("err = %q, want the package prefix", err)
			}
			if w.writes != tc.ok+1 {
				t.Errorf("%d writes, want %d: writing must stop at the first error", w.writes, tc.ok+1)
			}
		})
	}
}

// TestBinaryWithoutEncodingXML guards the reason WriteJUnit is written by
// hand: nothing the package needs outside tests may link encoding/xml,
// whose init every start of keyway would pay.
func TestBinaryWithoutEncodingXML(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for dep := range strings.FieldsSeq(string(out)) {
		if dep == "encoding/xml" {
			t.Fatal("the report package depends on encoding/xml")
		}
	}
}

func BenchmarkEscapeXML(b *testing.B) {
	for _, tc := range []struct{ name, in string }{
		{"plain", strings.Repeat("GET /items/42 status == 200 ", 4)},
		{"hostile", hostile},
	} {
		b.Run(tc.name, func(b *testing.B) {
			buf := make([]byte, 0, 4*len(tc.in))
			b.SetBytes(int64(len(tc.in)))
			b.ReportAllocs()
			for b.Loop() {
				buf = escapeXML(buf[:0], tc.in)
			}
		})
	}
}
