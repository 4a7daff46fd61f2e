package report

import (
	"errors"
	"strings"
	"testing"
)

// hostile holds everything the XML encoder and clean must deal with: markup,
// both quotes, tab, line feed, carriage return, C0 and C1 controls, an
// escape sequence, the XML noncharacters, invalid UTF-8, an encoded
// surrogate, a character outside the BMP, a CDATA end, a bidirectional
// override and a genuine U+FFFD.
const hostile = "a\"b'c&d<e>f\tg\nh\ri\x00j\x1b[1mk\u0085l\uFFFEm\uFFFF\xffn\xed\xa0\x80o\U0001F600p]]>q\u202er\uFFFD"

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
