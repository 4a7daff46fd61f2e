package authflow

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// String names a step status in plain text.
func (s StepStatus) String() string {
	switch s {
	case StepPending:
		return "pending"
	case StepRunning:
		return "running"
	case StepDone:
		return "done"
	case StepFailed:
		return "failed"
	case StepSkipped:
		return "skipped"
	}
	return fmt.Sprintf("StepStatus(%d)", int(s))
}

// textWidth is where WriteText wraps explanations.
const textWidth = 78

// WriteText writes the flow as plain text, as `keyway flow` prints it:
// numbered steps with their title, status, RFC section, explanation,
// fields, the raw request and response of each exchange (indented) and,
// for a failed step, the error and a hint. Everything is masked by red
// together with the flow's own secrets and those its steps show
// (StepSecrets; a nil red reveals everything) and
// passed through Printable, so server text cannot inject escape sequences.
// It writes no colours.
func (f *Flow) WriteText(w io.Writer, red *Redactor) error {
	red = red.With(slices.Concat(f.Secrets, StepSecrets(f.Steps))...)
	out := bufio.NewWriter(w)
	clean := func(s string) string { return Printable(red.Redact(s)) }
	fmt.Fprintf(out, "Profile %s (%s)\n", clean(orNone(f.Profile)), clean(string(f.Type)))
	for i, s := range f.Steps {
		writeStep(out, i+1, s, red, clean)
	}
	return out.Flush()
}

// WriteStepText writes step s as the n-th of a flow, as Flow.WriteText
// does, for a caller that prints steps as they end (`keyway login`).
// red should know the secrets of the steps before it too (StepSecrets):
// a code or verifier shown in one step reappears in a later exchange.
func WriteStepText(w io.Writer, n int, s Step, red *Redactor) error {
	red = red.With(StepSecrets([]Step{s})...)
	out := bufio.NewWriter(w)
	clean := func(v string) string { return Printable(red.Redact(v)) }
	writeStep(out, n, s, red, clean)
	return out.Flush()
}

// writeStep writes one numbered step.
func writeStep(out *bufio.Writer, n int, s Step, red *Redactor, clean func(string) string) {
	fmt.Fprintf(out, "\n%d. %s [%s", n, clean(s.Title), s.Status)
	if s.Duration > 0 {
		fmt.Fprintf(out, ", %s", roundDuration(s.Duration))
	}
	fmt.Fprint(out, "]\n")
	if s.RFC != "" {
		fmt.Fprintf(out, "   %s\n", clean(s.RFC))
	}
	for _, line := range wrap(clean(s.Why), textWidth-3) {
		fmt.Fprintf(out, "   %s\n", line)
	}
	for _, field := range s.Fields {
		value := field.Value
		if field.Secret && red != nil {
			value = cmp.Or(field.Masked, Mask)
		}
		fmt.Fprintf(out, "   %s: %s\n", clean(field.Label), indentRest(clean(value), "     "))
	}
	if ex := s.Exchange; ex != nil {
		fmt.Fprintf(out, "   > request\n%s", indentAll(clean(ex.RawRequest()), "     "))
		if raw := ex.RawResponse(); raw != "" {
			fmt.Fprintf(out, "   < response (%s)\n%s", roundDuration(ex.Duration), indentAll(clean(raw), "     "))
		}
	}
	if s.Err != nil {
		fmt.Fprintf(out, "   error: %s\n", indentRest(clean(s.Err.Error()), "     "))
	}
	if s.Hint != "" {
		for j, line := range wrap(clean(s.Hint), textWidth-9) {
			prefix := "   hint: "
			if j > 0 {
				prefix = "         "
			}
			fmt.Fprintf(out, "%s%s\n", prefix, line)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// roundDuration shows a duration to a useful precision.
func roundDuration(d time.Duration) string {
	if d >= time.Millisecond {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// wrap splits text into lines of at most width runes, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	for _, paragraph := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(paragraph) {
			if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

// indentAll indents every non-empty line of s (CRLF line ends become LF)
// and ends it with a newline.
func indentAll(s, prefix string) string {
	s = strings.TrimRight(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line != "" {
			b.WriteString(prefix)
			b.WriteString(line)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// indentRest indents the lines after the first.
func indentRest(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}
