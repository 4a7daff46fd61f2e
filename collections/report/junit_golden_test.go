package report

import (
	"bytes"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// TestJUnitEscapingGolden pins the bytes of a report whose every field
// holds hostile text (see hostile): how markup, quotes, line ends,
// controls, noncharacters and invalid UTF-8 are written is what CI
// systems have been reading.
func TestJUnitEscapingGolden(t *testing.T) {
	r := &Report{Collection: hostile, Env: hostile, Started: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", -7*3600))}
	r.SetDuration(time.Hour + 123456789)
	r.Add(Result{Name: hostile, Folder: hostile, Error: hostile})
	r.Add(Result{Name: hostile, Assertions: []Assertion{
		{Expect: hostile, Actual: hostile}, {Expect: "x", Passed: true}, {Expect: hostile + "2"},
	}})
	r.Add(Result{Name: "failed without a failed assertion", Assertions: []Assertion{{Expect: "x", Passed: true}}})
	r.Add(Result{Passed: true, DurationMS: 99999})
	var buf bytes.Buffer
	if err := r.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, buf.Bytes())
}
