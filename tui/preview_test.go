package tui

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestPreviewSaysWhichRequestCapturesAMissingVariable: a request that needs
// a value another request captures says to send that one first, rather
// than to fix the file.
func TestPreviewSaysWhichRequestCapturesAMissingVariable(t *testing.T) {
	coll, err := collections.Parse("notes.toml", []byte(`name = "Notes"
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

[[request]]
name = "Create a note"
folder = "notes"
method = "POST"
url = "{{base_url}}/notes"
[request.capture]
note_id = ".id"

[[request]]
name = "Read the note"
folder = "notes"
url = "{{base_url}}/notes/{{note_id}}"

[[request]]
name = "Read a user"
url = "{{base_url}}/users/{{user_id}}"
`))
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(coll, "", newSession(nil, nil, nil), realEngine{})
	c.styles = newStyles(true, true)
	lines := func(name string) string {
		return strings.Join(newPreview(c, coll.Request(name)).lines(c.styles, 200), "\n")
	}
	if got := lines("Read the note"); !strings.Contains(got, `note_id is captured by "Create a note": send that request first`) {
		t.Errorf("no hint to send the capturing request first:\n%s", got)
	}
	if got := lines("Read a user"); !strings.Contains(got, "Fix the collection") {
		t.Errorf("a variable nothing captures should point at the file:\n%s", got)
	}
	c.session.captures["note_id"] = "n1"
	if got := lines("Read the note"); strings.Contains(got, "Cannot resolve") || !strings.Contains(got, "/notes/n1") {
		t.Errorf("a captured value did not resolve the request:\n%s", got)
	}
}
