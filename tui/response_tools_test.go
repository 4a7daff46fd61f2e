package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"charm.land/bubbletea/v2"
)

// pickRequest moves the list selection to the request called name.
func pickRequest(t testing.TB, m model, name string) model {
	t.Helper()
	m = feed(m, 0, keyChar('g'))
	for range 30 {
		if r := m.explore.list.Selected(); r != nil && r.Name == name {
			return m
		}
		m = feed(m, 0, keyDown)
	}
	t.Fatalf("request %q not found in the list", name)
	return m
}

// sentAndFocused sends request name with body as its JSON answer and puts
// the focus on the response pane.
func sentAndFocused(t *testing.T, w, h int, dark bool, name, body string) (model, *fakeEngine) {
	t.Helper()
	m, fake := newTestModel(t, w, h, dark)
	if body != "" {
		fake.responses[name] = jsonResponse(body)
	}
	m = pickRequest(t, m, name)
	m = feed(m, 2, keyEnter, keyTab)
	if m.explore.focus != paneResponse || m.explore.resp.ex == nil {
		t.Fatal("response not shown and focused")
	}
	return m, fake
}

// clipboardText returns what the commands' messages put on the clipboard.
func clipboardText(msgs []tea.Msg) (string, bool) {
	for _, msg := range msgs {
		if v := reflect.ValueOf(msg); v.Kind() == reflect.String && v.Type().Name() == "setClipboardMsg" {
			return v.String(), true
		}
	}
	return "", false
}

// update feeds one message and returns the messages of its command.
func update(m model, msg tea.Msg) (model, []tea.Msg) {
	nm, cmd := m.Update(msg)
	return nm.(model), execCmd(cmd)
}

const searchBody = `{"name":"Alice","alias":"alice","note":"ALICE and bob"}`

// TestResponseSearch: / in the response pane finds text as it is typed,
// smart-case, with a count; n and N move between matches; esc clears. /
// in the request list still filters the list.
func TestResponseSearch(t *testing.T) {
	m, _ := sentAndFocused(t, 120, 40, true, "Who am I", searchBody)
	m = feed(m, 0, keyChar('/'))
	if !m.explore.capturingInput() || m.explore.list.Filtering() {
		t.Fatal("/ in the response pane did not open the response search")
	}
	m = feed(m, 0, typeText("alice")...)
	if got := m.explore.resp.search.count(); got != "1 of 3" {
		t.Fatalf("alice: %q, want 1 of 3 (case-insensitive)", got)
	}
	if screen := screenText(m); !strings.Contains(screen, "/alice") || !strings.Contains(screen, "1 of 3") {
		t.Fatalf("count not shown:\n%s", screenText(m))
	}
	m = feed(m, 0, keyEnter, keyChar('n'))
	if got := m.explore.resp.search.count(); got != "2 of 3" {
		t.Fatalf("after n: %q, want 2 of 3", got)
	}
	m = feed(m, 0, keyChar('N'), keyChar('N'))
	if got := m.explore.resp.search.count(); got != "3 of 3" {
		t.Fatalf("after N N: %q, want 3 of 3 (wrapping)", got)
	}
	// An upper-case letter makes the search case-sensitive.
	m = feed(m, 0, keyChar('/'))
	m = feed(m, 0, typeText("Alice")...)
	if got := m.explore.resp.search.count(); got != "1 of 1" {
		t.Fatalf("Alice: %q, want 1 of 1 (smart case)", got)
	}
	m = feed(m, 0, keyEnter, keyEsc)
	if m.explore.resp.search != nil {
		t.Fatal("esc did not clear the search")
	}
	// In the list, / is the list's filter.
	m = feed(m, 0, keyTab, keyChar('/'))
	if !m.explore.list.Filtering() || m.explore.resp.search != nil {
		t.Fatal("/ in the request list did not filter the list")
	}
}

// TestResponseSearchNeverFindsASecret: the search reads the body as shown,
// masked; the secret is not found in any case.
func TestResponseSearchNeverFindsASecret(t *testing.T) {
	m, fake := newTestModel(t, 120, 40, true)
	m.c.session.prompts[""] = "Sup3rSecretPw"
	fake.responses["Create token"] = jsonResponse(`{"echo":"Sup3rSecretPw","name":"x"}`)
	m = pickRequest(t, m, "Create token")
	m = feed(m, 2, keyEnter, keyTab, keyChar('/'))
	m = feed(m, 0, typeText("sup3r")...)
	if got := m.explore.resp.search.count(); got != "no match" {
		t.Fatalf("searching the secret: %q, want no match", got)
	}
	if strings.Contains(screenText(m), "Sup3rSecretPw") {
		t.Fatal("the secret is on screen")
	}
}

// TestResponseJQFilter: | filters the JSON body as typed; an error shows
// inline and keeps the last good result; esc gives the body back.
func TestResponseJQFilter(t *testing.T) {
	m, _ := sentAndFocused(t, 120, 40, true, "Who am I", searchBody)
	m = feed(m, 0, keyChar('|'))
	m = feed(m, 1, typeText(".name")...)
	if got := strings.Join(m.explore.resp.bodyLines(), "\n"); got != `"Alice"` {
		t.Fatalf("filtered body %q, want \"Alice\"", got)
	}
	m = feed(m, 1, typeText(" |")...)
	if f := m.explore.resp.filter; f.err == "" || strings.Join(f.lines, "") != `"Alice"` {
		t.Fatalf("after an incomplete filter: err %q, lines %q; want an error and the last result kept", f.err, f.lines)
	}
	if !strings.Contains(screenText(m), "✗ invalid jq expression") {
		t.Fatalf("error not shown:\n%s", screenText(m))
	}
	m = feed(m, 1, tea.KeyPressMsg{Code: tea.KeyBackspace}, tea.KeyPressMsg{Code: tea.KeyBackspace}, keyEnter)
	if m.explore.capturingInput() || !m.explore.resp.filtering() {
		t.Fatal("enter did not keep the filter applied")
	}
	m = feed(m, 0, keyEsc)
	if m.explore.resp.filter != nil || !strings.Contains(strings.Join(m.explore.resp.bodyLines(), ""), `"alias"`) {
		t.Fatal("esc did not give the body back")
	}
	// Not JSON: refused, said why.
	m = pickRequestShown(t, m, "Health")
	_, msgs := update(m, keyChar('|'))
	if len(msgs) != 1 || !strings.Contains(msgs[0].(statusMsg).text, "not JSON") {
		t.Fatalf("| on a text body: %v", msgs)
	}
}

// pickRequestShown sends request name and focuses its response.
func pickRequestShown(t *testing.T, m model, name string) model {
	t.Helper()
	m = feed(m, 0, keyTab)
	m = pickRequest(t, m, name)
	return feed(m, 2, keyEnter, keyTab)
}

// TestResponseJQFilterKeepsSecretsMasked: a filter reads the masked body,
// so no rewriting of a secret (explode, @base64, ascii_downcase) can spell
// it out; the result is the mask's.
func TestResponseJQFilterKeepsSecretsMasked(t *testing.T) {
	const secret = "Sup3rSecretPw"
	m, fake := newTestModel(t, 120, 40, true)
	m.c.session.prompts[""] = secret
	fake.responses["Create token"] = jsonResponse(`{"echo":"` + secret + `"}`)
	m = pickRequest(t, m, "Create token")
	m = feed(m, 2, keyEnter, keyTab)
	for _, expr := range []string{".echo | explode | map(tostring) | join(\",\")", ".echo | @base64", ".echo | ascii_downcase", ".echo | .[1:]"} {
		t.Run(expr, func(t *testing.T) {
			m := feed(m, 0, keyChar('|'))
			m = feed(m, 1, typeText(expr)...)
			got := strings.Join(m.explore.resp.bodyLines(), "\n")
			for _, leak := range []string{"83,117,112", "U3VwM3JTZWNyZXRQdw", "sup3rsecretpw", "up3rSecretPw"} {
				if strings.Contains(got, leak) || strings.Contains(screenText(m), leak) {
					t.Fatalf("filter %s shows %q of the secret: %q", expr, leak, got)
				}
			}
			if m.explore.resp.filter.err != "" || len(m.explore.resp.filter.lines) == 0 {
				t.Fatalf("filter %s: err %q", expr, m.explore.resp.filter.err)
			}
		})
	}
}

// TestResponseCopyBody: Y copies the body as shown (pretty-printed, masked,
// or the filter's result) through OSC 52 and says so.
func TestResponseCopyBody(t *testing.T) {
	m, _ := sentAndFocused(t, 120, 40, true, "Who am I", `{"a":1}`)
	m, msgs := update(m, keyChar('Y'))
	text, ok := clipboardText(msgs)
	if !ok || text != "{\n  \"a\": 1\n}\n" {
		t.Fatalf("clipboard %q (%v)", text, ok)
	}
	m = feed(m, 0, msgs...)
	if !strings.Contains(screenText(m), "Copied the body as shown (pretty-printed): 3 lines") {
		t.Fatalf("status:\n%s", screenText(m))
	}

	m, fake := newTestModel(t, 120, 40, true)
	m.c.session.prompts[""] = "Sup3rSecretPw"
	fake.responses["Create token"] = jsonResponse(`{"echo":"Sup3rSecretPw"}`)
	m = pickRequest(t, m, "Create token")
	m = feed(m, 2, keyEnter, keyTab)
	m, msgs = update(m, keyChar('Y'))
	text, _ = clipboardText(msgs)
	if strings.Contains(text, "Sup3r") || !strings.Contains(text, "••••••") {
		t.Fatalf("clipboard %q, want the masked body", text)
	}
	m = feed(m, 0, msgs...)
	if !strings.Contains(screenText(m), "secrets masked") {
		t.Fatalf("status does not say the secret is masked:\n%s", screenText(m))
	}
}

// TestResponseSaveBody: w asks a path, writes through a temporary file, and
// asks before replacing a file.
func TestResponseSaveBody(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	m, _ := sentAndFocused(t, 120, 40, true, "Who am I", `{"a":1}`)
	m = feed(m, 0, keyChar('w'))
	if !m.explore.capturingInput() {
		t.Fatal("w did not ask where to save")
	}
	m.explore.resp.saving.input.SetValue(path)
	m = feed(m, 2, keyEnter)
	if b, err := os.ReadFile(path); err != nil || string(b) != "{\n  \"a\": 1\n}\n" {
		t.Fatalf("saved %q, %v", b, err)
	}
	if !strings.Contains(screenText(m), "Saved the body as shown (pretty-printed) to "+path) {
		t.Fatalf("status:\n%s", screenText(m))
	}
	os.WriteFile(path, []byte("keep me"), 0o600)
	m = feed(m, 0, keyChar('w'))
	m.explore.resp.saving.input.SetValue(path)
	m = feed(m, 2, keyEnter)
	if !strings.Contains(screenText(m), "exists. Replace it? y/n") {
		t.Fatalf("no question before replacing:\n%s", screenText(m))
	}
	m = feed(m, 2, keyChar('n'), keyEsc)
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Fatalf("file replaced without asking: %q", b)
	}
	m = feed(m, 0, keyChar('w'))
	m.explore.resp.saving.input.SetValue(path)
	m = feed(m, 2, keyEnter, keyChar('y'))
	if b, _ := os.ReadFile(path); string(b) != "{\n  \"a\": 1\n}\n" {
		t.Fatalf("file not replaced after y: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

// BenchmarkResponseSearch: one keystroke of a search on a 10 MB JSON body
// (about 300,000 lines shown), as research runs it on the UI goroutine.
func BenchmarkResponseSearch(b *testing.B) {
	var body strings.Builder
	body.WriteString("[")
	for i := 0; body.Len() < 10<<20; i++ {
		if i > 0 {
			body.WriteString(",")
		}
		body.WriteString(`{"id":` + itoa(i) + `,"name":"user number ` + itoa(i) + `","email":"u@example.com"}`)
	}
	body.WriteString("]")
	m, fake := newTestModel(b, 120, 40, true)
	fake.responses["Who am I"] = jsonResponse(body.String())
	m = pickRequest(b, m, "Who am I")
	m = feed(m, 2, keyEnter, keyTab, keyChar('/'))
	v := m.explore.resp
	b.ResetTimer()
	for range b.N {
		// A fresh query each time: the first keystroke searches every
		// line.
		v.search.query, v.search.searched = "number 12345", ""
		v.research()
	}
}

// TestSearchNarrowingFindsWhatAFullSearchFinds: as a query is typed, only
// the lines the shorter query matched are searched again; that must find
// exactly what searching every line finds, smart case included.
func TestSearchNarrowingFindsWhatAFullSearchFinds(t *testing.T) {
	lines := []string{`"name": "Alice"`, `"alias": "alice"`, `"note": "ALICE and bob"`, `"ÉLAN": "élan"`, "", "alalal"}
	for _, typed := range []string{"alice", "Alice", "al", "éla", "ÉLA", "ala", "bob"} {
		var prev string
		var matches []textMatch
		for i := range len(typed) + 1 {
			q := typed[:i]
			if !utf8.ValidString(q) {
				continue
			}
			at := func(i int) string { return lines[i] }
			got := findMatches(len(lines), at, q, narrowed(prev, matches, q))
			want := findMatches(len(lines), at, q, nil)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%q after %q: narrowed %v, full %v", q, prev, got, want)
			}
			prev, matches = q, got
		}
	}
}

// TestResponseJQFilterRefusesASecretShown: should the text shown ever hold
// a secret (a form the mask missed), the filter refuses, as a run hides
// jq's result of a response holding a secret.
func TestResponseJQFilterRefusesASecretShown(t *testing.T) {
	m, _ := sentAndFocused(t, 120, 40, true, "Who am I", `{"a":1}`)
	ex := *m.explore.resp.ex
	ex.redact = ex.redact.With("Sup3rSecretPw")
	ex.body = newBodyDoc(ex.result.Response.Header, []byte(`{"echo":"Sup3rSecretPw"}`))
	m.explore.resp.SetExchange(&ex, "")
	m, msgs := update(m, keyChar('|'))
	if m.explore.resp.filter != nil || len(msgs) != 1 || !strings.Contains(msgs[0].(statusMsg).text, "still holds a secret") {
		t.Fatalf("filter opened on a body showing a secret: %v", msgs)
	}
}
