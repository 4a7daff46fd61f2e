package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
)

// fakeStore is a secret store that records what it was given.
type fakeStore struct {
	values map[string]string
	bound  map[string][]string
}

func (s *fakeStore) Set(name, value string) error {
	if s.values == nil {
		s.values = map[string]string{}
	}
	s.values[name] = value
	return nil
}

func (s *fakeStore) SetBound(name, value string, hosts []string) error {
	if s.bound == nil {
		s.bound = map[string][]string{}
	}
	s.bound[name] = hosts
	return s.Set(name, value)
}

var keyCtrlS2 = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

// importModel returns a model on dialogSource with a fake engine and
// store, sized w×h.
func importModel(t *testing.T, w, h int) (model, *fakeEngine, *fakeStore) {
	t.Helper()
	eng := &fakeEngine{}
	m := dialogModel(t, "shop.toml", dialogSource, eng, w, h)
	store := &fakeStore{}
	m.c.session.store = store
	return m, eng, store
}

const pastedCurl = `curl 'https://api.example.com/v1/items?page=2' \
  -H 'Authorization: Bearer sk_live_canary123' \
  -H 'Accept: application/json' \
  --data-raw '{"name":"pen"}' --frobnicate`

// TestPasteCurlAddsRequest pastes a curl command into the request list:
// the paste dialog opens holding it, ctrl+s adds it at the end of the file
// (every byte of the file before kept), the new request is selected, the
// token is in the store and not in the file or on the screen, and what
// could not be mapped is listed.
func TestPasteCurlAddsRequest(t *testing.T) {
	m, eng, store := importModel(t, 120, 40)
	m = feed(m, 2, tea.PasteMsg{Content: pastedCurl})
	if m.explore.imp == nil || m.explore.imp.kind != importPaste {
		t.Fatal("a paste into the request list did not open the paste dialog")
	}
	checkGolden(t, "paste-120x40", screenText(m))
	m = feed(m, 3, keyCtrlS2)
	if len(eng.sources) != 1 {
		t.Fatalf("saved %d times: %v", len(eng.sources), m.explore.imp)
	}
	got := eng.sources[0]
	// The new profile goes after the last one, the request at the end;
	// without them, the file is what it was, byte for byte.
	profile := "[profile.example-bearer]\ntype = \"bearer\"\ntoken = \"{{secret:api.example.com/token}}\"\n\n"
	if !strings.Contains(got, profile) || !strings.HasPrefix(strings.Replace(got, profile, "", 1), dialogSource) {
		t.Fatalf("the file before the import changed:\n%s", got)
	}
	for _, want := range []string{`name = "POST /v1/items"`, `url = "https://api.example.com/v1/items"`, "{{secret:api.example.com/token}}"} {
		if !strings.Contains(got, want) {
			t.Errorf("the file lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "canary123") {
		t.Fatal("the token was written to the file")
	}
	if store.values["api.example.com/token"] != "sk_live_canary123" || !slices.Equal(store.bound["api.example.com/token"], []string{"api.example.com"}) {
		t.Errorf("store = %v, bound = %v", store.values, store.bound)
	}
	if r := m.explore.list.Selected(); r == nil || r.Name != "POST /v1/items" {
		t.Errorf("selected %v", r)
	}
	screen := screenText(m)
	if strings.Contains(screen, "canary123") {
		t.Fatal("the token is on the screen")
	}
	for _, want := range []string{"api.example.com/token", "bound to api.example.com", "--frobnicate"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the result does not show %q:\n%s", want, screen)
		}
	}
	checkGolden(t, "result-120x40", screen)
	m = feed(m, 1, keyEsc)
	if m.explore.imp != nil {
		t.Error("esc did not close the result")
	}

	// The same command again: the profile is reused, the request is
	// added under a free name.
	m = feed(m, 2, keyChar('P'), tea.PasteMsg{Content: pastedCurl})
	m = feed(m, 3, keyCtrlS2)
	if len(eng.sources) != 2 {
		t.Fatalf("second paste saved %d times; dialog: %+v", len(eng.sources), m.explore.imp)
	}
	second := eng.sources[1]
	if strings.Count(second, "[profile.example-bearer]") != 1 || !strings.Contains(second, `name = "POST /v1/items 2"`) {
		t.Errorf("second paste:\n%s", second)
	}
	if !strings.Contains(screenText(m), "is added as “POST /v1/items 2”") {
		t.Errorf("the rename is not said:\n%s", screenText(m))
	}
}

// TestPasteDialogScreens are the paste and file dialogs at 80×24.
func TestPasteDialogScreens(t *testing.T) {
	m, _, _ := importModel(t, 80, 24)
	m = feed(m, 1, keyChar('P'))
	checkGolden(t, "paste-empty-80x24", screenText(m))
	m = feed(m, 1, keyCtrlS2)
	if !strings.Contains(screenText(m), "Paste a curl command first") {
		t.Errorf("an empty paste was not refused:\n%s", screenText(m))
	}
	m = feed(m, 1, keyEsc, keyChar('I'))
	checkGolden(t, "file-80x24", screenText(m))
	checkFits(t, m.View().Content, 80, 24)
	m = feed(m, 1, keyEsc)
	m = feed(m, 2, tea.PasteMsg{Content: pastedCurl})
	m = feed(m, 3, keyCtrlS2)
	checkGolden(t, "result-80x24", screenText(m))
	checkFits(t, m.View().Content, 80, 24)
}

// TestPasteGoesWhereKeysGo: a paste while the request editor is open is
// typed into it, not taken as a request to add.
func TestPasteGoesWhereKeysGo(t *testing.T) {
	m, eng, _ := importModel(t, 120, 40)
	m = feed(m, 1, keyChar('e'))
	m = feed(m, 1, tea.PasteMsg{Content: "curl https://x"})
	if m.explore.imp != nil || m.explore.editor == nil || len(eng.sources) != 0 {
		t.Errorf("a paste into the editor opened the paste dialog")
	}
}

// TestImportFileConflict imports a .http file whose variable the open
// collection already has with another value: the conflict is named,
// neither the file nor the store is touched, and the dialog stays open.
// The same file without the conflict is added, its secret stored.
func TestImportFileConflict(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "api.http")
	conflict := "@base_url = https://other.example.com\n\n### Items\nGET {{base_url}}/items\nAuthorization: Bearer tok_canary_42\n"
	if err := os.WriteFile(path, []byte(conflict), 0o600); err != nil {
		t.Fatal(err)
	}
	m, eng, store := importModel(t, 120, 40)
	m = feed(m, 1, keyChar('I'))
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir) // the path is typed relative to where keyway runs
	m = feed(m, 3, append(typeText("api.http"), keyEnter)...)
	screen := screenText(m)
	if err := os.Chdir(wd); err != nil { // for the golden file
		t.Fatal(err)
	}
	if len(eng.sources) != 0 || len(store.values) != 0 {
		t.Fatalf("a conflict wrote something: sources %d, store %v", len(eng.sources), store.values)
	}
	if !strings.Contains(screen, `variable "base_url" is already`) || m.explore.imp == nil {
		t.Errorf("the conflict is not shown:\n%s", screen)
	}
	checkGolden(t, "conflict-120x40", screen)

	fine := strings.Replace(conflict, "https://other.example.com", "http://127.0.0.1:8080", 1)
	if err := os.WriteFile(path, []byte(fine), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	m = feed(m, 3, keyEnter)
	if len(eng.sources) != 1 {
		t.Fatalf("not saved: %s", screenText(m))
	}
	profile := "[profile.local-bearer]\ntype = \"bearer\"\ntoken = \"{{secret:127.0.0.1:8080/token}}\"\n\n"
	if got := eng.sources[0]; !strings.HasPrefix(strings.Replace(got, profile, "", 1), dialogSource) || !strings.Contains(got, `name = "Items"`) || strings.Contains(got, "tok_canary_42") {
		t.Errorf("imported:\n%s", got)
	}
	if len(store.values) != 1 {
		t.Errorf("store = %v", store.values)
	}
}

// TestImportFileProfileConflict imports a request whose profile name the
// collection has with other settings: nothing is added.
func TestImportFileProfileConflict(t *testing.T) {
	m, eng, store := importModel(t, 120, 40)
	// example-bearer is what the curl importer names a bearer profile
	// for api.example.com; give the collection one with other settings.
	src := strings.Replace(dialogSource, "[profile.alice]", "[profile.example-bearer]\ntype = \"bearer\"\ntoken = \"{{env:TOKEN}}\"\n\n[profile.alice]", 1)
	m = dialogModel(t, "shop.toml", src, eng, 120, 40)
	m.c.session.store = store
	m = feed(m, 2, tea.PasteMsg{Content: pastedCurl})
	m = feed(m, 3, keyCtrlS2)
	if len(eng.sources) != 0 || len(store.values) != 0 {
		t.Fatalf("a profile conflict wrote something: %v %v", eng.sources, store.values)
	}
	if m.explore.imp == nil || !strings.Contains(m.explore.imp.err, `profile "example-bearer" with other settings`) {
		t.Errorf("the conflict is not shown:\n%s", screenText(m))
	}
}

// TestGuessImportFormat guesses from the extension, then the content.
func TestGuessImportFormat(t *testing.T) {
	for _, c := range []struct{ path, data, want string }{
		{"a.http", "", "http"},
		{"a.REST", "", "http"},
		{"req.sh", "", "curl"},
		{"notes.txt", "curl https://x", "curl"},
		{"notes.txt", "### one\nGET https://x", "http"},
		{"notes.txt", "POST https://x\n", "http"},
		{"notes.txt", "hello", ""},
	} {
		if got := guessImportFormat(c.path, []byte(c.data)); got != c.want {
			t.Errorf("guess(%s, %q) = %q, want %q", c.path, c.data, got, c.want)
		}
	}
}

// TestPasteNeverReplacesAKeptSecret: a pasted command whose credential
// would take the name of a secret the user already keeps with another
// value stores it under a name of its own, as keyway import does, so a
// command from elsewhere cannot change what the user's own collections
// send.
func TestPasteNeverReplacesAKeptSecret(t *testing.T) {
	m, eng, store := importModel(t, 120, 40)
	store.values = map[string]string{"api.example.com/token": "users-own-token"}
	m = feed(m, 2, tea.PasteMsg{Content: pastedCurl})
	feed(m, 3, keyCtrlS2)
	if len(eng.sources) != 1 {
		t.Fatalf("saved %d times", len(eng.sources))
	}
	if got := store.values["api.example.com/token"]; got != "users-own-token" {
		t.Fatalf("the kept secret was replaced by %q", got)
	}
	var taken string
	for name, v := range store.values {
		if v == "sk_live_canary123" {
			taken = name
		}
	}
	if taken == "" || !strings.Contains(eng.sources[0], "{{secret:"+taken+"}}") {
		t.Fatalf("the pasted token is not kept under a name of its own: %v\n%s", store.values, eng.sources[0])
	}
}
