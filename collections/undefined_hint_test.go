package collections

import (
	"errors"
	"strings"
	"testing"
)

// TestUndefinedCapturedVariableSaysWhichRequestToSend: sending a request
// alone whose variable another request captures says to send that one
// first, not only to pass --var.
func TestUndefinedCapturedVariableSaysWhichRequestToSend(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "Create a note"
method = "POST"
url = "http://h/notes"
[request.capture]
note_id = ".id"

[[request]]
name = "Read the note back"
url = "http://h/notes/{{note_id}}"
`)
	_, err := c.Prepare(c.Requests[1], &Scope{})
	if !errors.Is(err, ErrUndefined) {
		t.Fatalf("err = %v", err)
	}
	if want := `send "Create a note" first (it captures note_id)`; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant it to say %s", err, want)
	}
	_, err = c.Prepare(&Request{Name: "other", URL: "http://h/{{nope}}"}, &Scope{})
	if err == nil || strings.Contains(err.Error(), "first") || !strings.Contains(err.Error(), "--var nope=VALUE") {
		t.Errorf("err for a variable nothing captures = %v", err)
	}
}

// TestUndefinedVariableHintInteractive: in the TUI (Scope.Interactive)
// there is no command line, so the hint names the request to send and
// never --var.
func TestUndefinedVariableHintInteractive(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "Create a note"
url = "http://h/notes"
[request.capture]
note_id = ".id"

[[request]]
name = "Read the note back"
url = "http://h/notes/{{note_id}}"
`)
	for _, r := range []*Request{c.Requests[1], {Name: "other", URL: "http://h/{{nope}}"}} {
		_, err := c.Prepare(r, &Scope{Interactive: true})
		if !errors.Is(err, ErrUndefined) || strings.Contains(err.Error(), "--var") {
			t.Errorf("%s: err = %v, want no --var advice", r.Name, err)
		}
	}
	_, err := c.Prepare(c.Requests[1], &Scope{Interactive: true})
	if want := `send "Create a note" first (it captures note_id)`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v\nwant it to end with %s", err, want)
	}
}
