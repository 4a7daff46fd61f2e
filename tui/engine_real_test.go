package tui

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

const realTOML = `# hand-written: comments and layout must survive an edit
name = "Real"
version = 1

[vars]
base_url = "BASE"

[profile.alice]
type = "basic"
username = "alice"
password = "{{prompt:Alice password}}"

[[request]]
name = "Hello"
method = "GET"
url = "{{base_url}}/hello"   # keep this comment
headers = { Accept = "application/json" }

[[request]]
name = "Private"
url = "{{base_url}}/private"
profile = "alice"
`

// loadReal writes realTOML (pointed at base) to a temporary file and loads
// it.
func loadReal(t *testing.T, base string) *collections.Collection {
	t.Helper()
	path := filepath.Join(t.TempDir(), "real.toml")
	if err := os.WriteFile(path, []byte(strings.Replace(realTOML, "BASE", base, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := collections.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// execAll runs cmd and every command of its batches to completion, with no
// time limit (for commands that do real loopback I/O).
func execAll(cmd tea.Cmd) (out []tea.Msg) {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	v := reflect.ValueOf(msg)
	switch {
	case v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]():
		for i := range v.Len() {
			out = append(out, execAll(v.Index(i).Interface().(tea.Cmd))...)
		}
	case msg != nil:
		out = append(out, msg)
	}
	return out
}

func TestRealEngineSendAndPrompt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/private" {
			if u, p, ok := r.BasicAuth(); !ok || u != "alice" || p != "canary-pw" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"path":"` + r.URL.Path + `"}`))
	}))
	defer srv.Close()
	c := newCommon(loadReal(t, srv.URL), "", newSession(nil, nil, nil), realEngine{})
	m := feed(newModel(c), 0, tea.WindowSizeMsg{Width: 100, Height: 30})

	m = feedAll(m, keyEnter)
	if !strings.Contains(screenText(m), `"path": "/hello"`) {
		t.Fatalf("response not shown:\n%s", screenText(m))
	}

	m = feedAll(m, keyDown, keyEnter)
	if m.prompt == nil || m.prompt.label != "Alice password" {
		t.Fatalf("no prompt for the profile password:\n%s", screenText(m))
	}
	m = feed(m, 0, typeText("canary-pw")...) // typing only blinks the cursor
	m = feedAll(m, keyEnter)
	screen := screenText(m)
	if !strings.Contains(screen, "200 OK") || !strings.Contains(screen, `"/private"`) || strings.Contains(screen, "canary-pw") {
		t.Fatalf("after the prompt:\n%s", screen)
	}
}

// feedAll feeds msgs and, recursively, everything their commands return,
// waiting for each (spinner ticks and cursor blinks are dropped, since they
// re-arm forever).
func feedAll(m model, msgs ...tea.Msg) model {
	for _, msg := range msgs {
		switch msg.(type) {
		case spinner.TickMsg, cursor.BlinkMsg:
			continue
		}
		nm, cmd := m.Update(msg)
		m = feedAll(nm.(model), execAll(cmd)...)
	}
	return m
}

func TestRealEngineSaveEdit(t *testing.T) {
	c := loadReal(t, "http://127.0.0.1:1")
	url := "{{base_url}}/hello?v=2"
	headers := []collections.KV{{Key: "Accept", Value: "application/json"}, {Key: "X-Trace", Value: "1"}}
	next, err := realEngine{}.SaveEdit(c, c.Requests[0], requestEdit{URL: &url, Headers: &headers})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(c.Path)
	want := strings.Replace(string(c.Source), `url = "{{base_url}}/hello"   # keep this comment`, `url = "{{base_url}}/hello?v=2"   # keep this comment`, 1)
	want = strings.Replace(want, `headers = { Accept = "application/json" }`, `headers = { Accept = "application/json", X-Trace = "1" }`, 1)
	if string(got) != want {
		t.Fatalf("saved file:\n%s\nwant:\n%s", got, want)
	}
	if next.Requests[0].URL != url || len(next.Requests[0].Headers) != 2 {
		t.Fatalf("reloaded request %+v", next.Requests[0])
	}

	// Someone else changes the file: the next save must refuse and leave it.
	changed := append(got, "\n# edited elsewhere\n"...)
	if err := os.WriteFile(c.Path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	method := "POST"
	if _, err := (realEngine{}).SaveEdit(next, next.Requests[0], requestEdit{Method: &method}); !errors.Is(err, collections.ErrChangedOnDisk) {
		t.Fatalf("save over a changed file: %v", err)
	}
	if now, _ := os.ReadFile(c.Path); string(now) != string(changed) {
		t.Fatal("the changed file was overwritten")
	}
}

// TestSaveEditLeavesAReadOnlyCollectionAlone: a collection made read-only
// (0444) is not replaced by a save — as root too, who could — and keeps
// its mode and content (issue 9, item 16).
func TestSaveEditLeavesAReadOnlyCollectionAlone(t *testing.T) {
	c := loadReal(t, "http://127.0.0.1:1")
	if err := os.Chmod(c.Path, 0o444); err != nil {
		t.Fatal(err)
	}
	method := "POST"
	_, err := (realEngine{}).SaveEdit(c, c.Requests[0], requestEdit{Method: &method})
	var readOnly *collections.ReadOnlyError
	if !errors.As(err, &readOnly) || readOnly.Mode.Perm() != 0o444 {
		t.Fatalf("save over a read-only file: %v; want a ReadOnlyError", err)
	}
	info, _ := os.Stat(c.Path)
	if now, _ := os.ReadFile(c.Path); string(now) != string(c.Source) || info.Mode().Perm() != 0o444 {
		t.Fatalf("read-only file changed: mode %04o\n%s", info.Mode().Perm(), now)
	}
}
