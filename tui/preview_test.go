package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
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

// TestPreviewShowsWhereTheCredentialsGo: the request pane shows what each
// kind of profile adds when the request is sent, masked.
func TestPreviewShowsWhereTheCredentialsGo(t *testing.T) {
	for _, tc := range []struct {
		profile collections.Profile
		want    string
	}{
		{collections.Profile{Type: "basic", Password: "{{password}}"}, "Authorization: Basic ••••••"},
		{collections.Profile{Type: "bearer"}, "Authorization: Bearer ••••••"},
		{collections.Profile{Type: "oauth2-password"}, "Authorization: Bearer ••••••  (fetched on send)"},
		{collections.Profile{Type: "apikey", In: "header", KeyName: "X-API-Key"}, "X-API-Key: ••••••"},
		{collections.Profile{Type: "apikey", In: "query", KeyName: "api_key"}, "?api_key=••••••"},
		{collections.Profile{Type: "apikey", In: "cookie", KeyName: "sid"}, "Cookie: sid=••••••"},
	} {
		if got := authLine(&tc.profile); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s in %q: got %q, want %q…", tc.profile.Type, tc.profile.In, got, tc.want)
		}
	}
	if authLine(nil) != "" {
		t.Error("no profile should add nothing")
	}
}

// TestHeadersToggleFromTheList: t hides the response headers whichever
// pane has the focus.
func TestHeadersToggleFromTheList(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 2, keyEnter)
	if !m.explore.resp.showHeaders {
		t.Fatal("headers hidden from the start")
	}
	m = feed(m, 0, keyChar('t'))
	if m.explore.resp.showHeaders {
		t.Error("t with the list focused did not hide the headers")
	}
}

// TestResponseHintIsWrappedNotCut: the advice after a failure is shown in
// full on a narrow pane.
func TestResponseHintIsWrappedNotCut(t *testing.T) {
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), &fakeEngine{})
	c.styles = newStyles(true, true)
	hint := "Nothing is listening there: check the host and port, and that the server runs."
	res := run.Outcome{Err: errors.New("authflow: connection refused"), Flow: &authflow.Flow{Steps: []authflow.Step{
		{Title: "Send the request", Status: authflow.StepFailed, Hint: hint},
	}}}
	v := newResponseView(c)
	v.SetSize(30, 12)
	v.SetExchange(newExchange(time.Unix(0, 0), res), "")
	got := strings.Join(strings.Fields(ansi.Strip(v.View())), " ")
	if !strings.Contains(got, "and that the server runs.") {
		t.Errorf("the hint was cut:\n%s", ansi.Strip(v.View()))
	}
}

// TestPreviewNamesFileBodies: a body read from files shows each file by
// name and size, not its bytes, and the preview reads no file whole.
func TestPreviewNamesFileBodies(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cat.png"), []byte("preview-canary-bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	coll, err := collections.Parse(filepath.Join(dir, "up.toml"), []byte(`
[[request]]
name = "Upload"
method = "POST"
url = "http://127.0.0.1:1/photos"
[request.multipart]
title = "A cat"
photo = { file = "cat.png" }

[[request]]
name = "Raw"
method = "PUT"
url = "http://127.0.0.1:1/photos/1"
body_file = "cat.png"
`))
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(coll, "", newSession(nil, nil, nil), realEngine{})
	c.styles = newStyles(true, true)
	for name, want := range map[string]string{
		"Upload": "multipart/form-data:\ntitle = A cat\nphoto = ‹file cat.png, image/png, 20 bytes›",
		"Raw":    "‹file cat.png, 20 bytes›",
	} {
		got := ansi.Strip(strings.Join(newPreview(c, coll.Request(name)).lines(c.styles, 200), "\n"))
		if !strings.HasSuffix(got, "\n"+want) || strings.Contains(got, "canary") {
			t.Errorf("%s previewed as:\n%s\nwant it to end with:\n%s", name, got, want)
		}
	}
}
