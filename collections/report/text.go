package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteText writes res as the line `keyway run` prints when a request
// finishes: PASS or FAIL, the folder and name, the method, the status (---
// when no response arrived) and the time. A failed request is followed by
// indented lines naming each failed assertion with its actual value, or by
// its error. The text holds no escape sequence or control character, even
// when server data does, so it is safe in a terminal, a pipe or a CI log.
func (r *Report) WriteText(w io.Writer, res Result) error {
	var b strings.Builder
	verdict := "PASS"
	if !res.Passed {
		verdict = "FAIL"
	}
	name := res.Name
	if res.Folder != "" {
		name = res.Folder + " / " + res.Name
	}
	status := "---"
	if res.Status != 0 {
		status = strconv.Itoa(res.Status)
	}
	fmt.Fprintf(&b, "%s  %s  %s %s  %s\n", verdict, clean(name, oneLine), clean(res.Method, oneLine),
		status, formatDuration(res.elapsed()))
	if res.Error != "" {
		fmt.Fprintf(&b, "      error: %s\n", clean(res.Error, oneLine))
	}
	for _, a := range res.FailedAssertions() {
		fmt.Fprintf(&b, "      expected %s, got %s\n", clean(a.Expect, oneLine), clean(a.Actual, oneLine))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteSummary writes the last line of a run, exactly `N passed, N failed`,
// counting requests.
func (r *Report) WriteSummary(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%d passed, %d failed\n", r.Summary.Passed, r.Summary.Failed)
	return err
}

// WriteShardLine writes the line a sharded run prints before its summary:
// which shard ran and how many of the selected requests it holds. A
// shard with none says so — a CI matrix may have more jobs than the
// collection has groups of requests — and the run passes with
// "0 passed, 0 failed".
func WriteShardLine(w io.Writer, s Shard, requests, selected int) error {
	var line string
	switch {
	case requests > 0:
		line = fmt.Sprintf("%d of %d requests", requests, selected)
	case selected == 0:
		line = "no requests (none was selected)"
	case selected == 1:
		line = "no requests (the 1 selected request is in another shard)"
	default:
		line = fmt.Sprintf("no requests (the %d selected requests are in other shards)", selected)
	}
	_, err := fmt.Fprintf(w, "shard %s: %s\n", s, line)
	return err
}

// formatDuration prints d to a precision that reads well at every scale: a
// tenth of a millisecond for loopback requests, whole milliseconds under a
// second, hundredths of a second above.
func formatDuration(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + "ms"
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	default:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	}
}
