package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// dialogSource is a collection as a person writes one: comments above,
// inside and after requests, a sub-table, folders, odd spacing. Each
// dialog's save must keep every byte it does not change.
const dialogSource = `name = "Shop"   # the title
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

[profile.alice]
type = "bearer"
token = "{{secret:alice}}"

# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth

# Who is calling
[[request]]
name = "Who am I"
folder = "users"
url = "{{base_url}}/me"
profile = "alice"
[request.expect]
status = 200
# after Who am I

[[request]]
name = "Login"
folder = "auth"
method = "POST"
url = "{{base_url}}/login"
`

// dialogModel returns a model on src parsed as path, driven by eng, w×h.
func dialogModel(t *testing.T, path, src string, eng engine, w, h int) model {
	t.Helper()
	t.Setenv("NO_COLOR", "")
	var data []byte
	if src != "" {
		data = []byte(src)
	}
	coll, err := collections.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(newCommon(coll, "", newSession(nil, nil, nil), eng))
	return feed(m, 0, tea.WindowSizeMsg{Width: w, Height: h})
}

// selectRequest moves the list's selection to request name.
func selectRequest(t *testing.T, m model, name string) model {
	t.Helper()
	for range 10 {
		if r := m.explore.list.Selected(); r != nil && r.Name == name {
			return m
		}
		m = feed(m, 0, keyDown)
	}
	t.Fatalf("cannot select %q", name)
	return m
}

// clearInput empties the focused dialog input.
func clearInput() []tea.Msg {
	return []tea.Msg{tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}}
}

// dialogCase is one request-list action driven through its dialog, with
// the file it must leave.
type dialogCase struct {
	name    string
	select_ string
	keys    []tea.Msg
	// want is the file after the save, built from dialogSource.
	want func() string
	// selected is the request selected afterwards.
	selected string
}

func dialogCases() []dialogCase {
	replace := func(old, new string) func() string {
		return func() string {
			if !strings.Contains(dialogSource, old) {
				panic("dialogSource lacks " + old)
			}
			return strings.Replace(dialogSource, old, new, 1)
		}
	}
	whoAmI := "[[request]]\nname = \"Who am I\"\nfolder = \"users\"\nurl = \"{{base_url}}/me\"\nprofile = \"alice\"\n[request.expect]\nstatus = 200\n"
	return []dialogCase{
		{
			name: "new", select_: "Who am I",
			keys: append(append(append(append([]tea.Msg{keyChar('n')}, typeText("Orders")...), keyTab, keyTab),
				append(clearInput(), typeText("{{base_url}}/orders")...)...), keyEnter),
			want:     replace("status = 200\n", "status = 200\n\n[[request]]\nname = \"Orders\"\nfolder = \"users\"\nurl = \"{{base_url}}/orders\"\n"),
			selected: "Orders",
		},
		{
			name: "duplicate", select_: "Who am I",
			keys:     []tea.Msg{keyChar('c'), keyEnter},
			want:     replace(whoAmI, whoAmI+"\n"+strings.Replace(whoAmI, `"Who am I"`, `"Who am I (copy)"`, 1)),
			selected: "Who am I (copy)",
		},
		{
			name: "rename", select_: "Health",
			keys:     append(append([]tea.Msg{keyChar('R')}, clearInput()...), append(typeText("Ping"), keyEnter)...),
			want:     replace(`name = "Health"`, `name = "Ping"`),
			selected: "Ping",
		},
		{
			name: "delete", select_: "Who am I",
			keys:     []tea.Msg{keyChar('d'), keyEnter},
			want:     replace("# Who is calling\n"+whoAmI, ""),
			selected: "Login",
		},
		{
			name: "move", select_: "Login",
			keys: append(append([]tea.Msg{keyChar('m')}, clearInput()...), append(typeText("users"), keyEnter)...),
			want: replace(whoAmI+"# after Who am I\n\n[[request]]\nname = \"Login\"\nfolder = \"auth\"\nmethod = \"POST\"\nurl = \"{{base_url}}/login\"\n",
				whoAmI+"\n[[request]]\nname = \"Login\"\nfolder = \"users\"\nmethod = \"POST\"\nurl = \"{{base_url}}/login\"\n# after Who am I\n"),
			selected: "Login",
		},
		{
			name: "profile", select_: "Health",
			keys:     []tea.Msg{keyChar('p'), keyDown, keyDown, keyEnter}, // (default), none, alice
			want:     replace("url  = \"{{base_url}}/health\"   # no auth\n", "url  = \"{{base_url}}/health\"   # no auth\nprofile = \"alice\"\n"),
			selected: "Health",
		},
	}
}

// TestRequestDialogsSave drives each action through its dialog with the
// fake engine: the source handed to the save is the file with that one
// change, and the list selects the request the action is about.
func TestRequestDialogsSave(t *testing.T) {
	for _, tc := range dialogCases() {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{}
			m := selectRequest(t, dialogModel(t, "shop.toml", dialogSource, eng, 100, 30), tc.select_)
			m = feed(m, 3, tc.keys...)
			if m.explore.dialog != nil {
				t.Fatalf("the dialog is still open:\n%s", screenText(m))
			}
			if len(eng.sources) != 1 {
				t.Fatalf("saved %d times:\n%s", len(eng.sources), screenText(m))
			}
			if got, want := eng.sources[0], tc.want(); got != want {
				t.Errorf("saved:\n%s\nwant:\n%s", got, want)
			}
			if r := m.explore.list.Selected(); r == nil || r.Name != tc.selected {
				t.Errorf("selected %v, want %q", r, tc.selected)
			}
		})
	}
}

// TestRequestDialogsRoundTrip saves each action through the real engine to
// a file: the file then holds exactly the original with that change.
func TestRequestDialogsRoundTrip(t *testing.T) {
	for _, tc := range dialogCases() {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "shop.toml")
			if err := os.WriteFile(path, []byte(dialogSource), 0o644); err != nil {
				t.Fatal(err)
			}
			m := selectRequest(t, dialogModel(t, path, dialogSource, realEngine{}, 100, 30), tc.select_)
			m = feed(m, 3, tc.keys...)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(data), tc.want(); got != want {
				t.Errorf("file after %s:\n%s\nwant:\n%s", tc.name, got, want)
			}
			if !strings.Contains(screenText(m), "Saved to "+path) {
				t.Errorf("no saved notice:\n%s", screenText(m))
			}
		})
	}
}

// TestRequestDialogsRefuse: a name another request has, an empty name,
// and a new request without a URL are refused in the dialog, which stays
// open and saves nothing; esc closes it, saving nothing.
func TestRequestDialogsRefuse(t *testing.T) {
	eng := &fakeEngine{}
	m := selectRequest(t, dialogModel(t, "shop.toml", dialogSource, eng, 100, 30), "Health")
	m = feed(m, 2, append(append([]tea.Msg{keyChar('R')}, clearInput()...), append(typeText("Login"), keyEnter)...)...)
	if m.explore.dialog == nil || !strings.Contains(screenText(m), "A request is already named “Login”") {
		t.Errorf("a taken name was not refused:\n%s", screenText(m))
	}
	m = feed(m, 2, keyEsc)
	m = feed(m, 2, append(append([]tea.Msg{keyChar('n')}, typeText("Orders")...), keyEnter)...)
	if m.explore.dialog == nil || !strings.Contains(screenText(m), "Give the request a URL") {
		t.Errorf("a request without a URL was not refused:\n%s", screenText(m))
	}
	m = feed(m, 2, keyEsc)
	if m.explore.dialog != nil || len(eng.sources) != 0 {
		t.Errorf("dialog open %v, saves %d", m.explore.dialog != nil, len(eng.sources))
	}
}

// TestRequestDialogScreens: each dialog at 80×24 and 120×40.
func TestRequestDialogScreens(t *testing.T) {
	opens := []struct {
		name, select_ string
		key           rune
	}{
		{"new", "Who am I", 'n'}, {"duplicate", "Who am I", 'c'}, {"rename", "Health", 'R'},
		{"delete", "Who am I", 'd'}, {"move", "Login", 'm'}, {"profile", "Health", 'p'},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, o := range opens {
			m := selectRequest(t, dialogModel(t, "shop.toml", dialogSource, &fakeEngine{}, size[0], size[1]), o.select_)
			m = feed(m, 0, keyChar(o.key))
			checkFits(t, m.View().Content, size[0], size[1])
			checkGolden(t, o.name+"_"+sizeName(size), screenText(m))
		}
	}
}

func sizeName(size [2]int) string {
	return map[int]string{80: "80x24", 120: "120x40"}[size[0]]
}

// TestEmptyCollectionSaysHowToStart: a collection without requests (a new
// file) says how to add the first one, and n adds it: the first save
// creates the file.
func TestEmptyCollectionSaysHowToStart(t *testing.T) {
	path := "new.toml" // relative, as typed: the screen names it so
	m := dialogModel(t, path, "", realEngine{}, 80, 24)
	checkGolden(t, "empty_80x24", screenText(m))
	t.Chdir(t.TempDir()) // where the first save creates it
	if text := screenText(m); !strings.Contains(text, "No requests yet. Press n") || !strings.Contains(text, "which is created then") {
		t.Fatalf("no hint:\n%s", screenText(m))
	}
	m = feed(m, 3, append(append(append([]tea.Msg{keyChar('n')}, typeText("First")...), keyTab, keyTab),
		append(clearInput(), append(typeText("https://api.example.com/"), keyEnter)...)...)...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the first save did not create the file: %v\n%s", err, screenText(m))
	}
	if want := "[[request]]\nname = \"First\"\nurl = \"https://api.example.com/\"\n"; string(data) != want {
		t.Errorf("new file:\n%q\nwant:\n%q", data, want)
	}
	if r := m.explore.list.Selected(); r == nil || r.Name != "First" {
		t.Errorf("selected %v", r)
	}
}

// TestAppendToCollection: the seam for paste-a-curl and import adds the
// fragment's request to the open collection, selects it, and shows a
// refused fragment's error without saving.
func TestAppendToCollection(t *testing.T) {
	eng := &fakeEngine{}
	m := dialogModel(t, "shop.toml", dialogSource, eng, 100, 30)
	fragment := []byte("# imported from curl\n[[request]]\nname = \"Orders\"\nurl = \"https://api.example.com/orders\"\n")
	m = feed(m, 3, execCmd(appendToCollectionCmd(m.c.engine, m.c.coll, fragment, "Orders"))...)
	if len(eng.sources) != 1 || eng.sources[0] != dialogSource+"\n"+string(fragment) {
		t.Fatalf("saved %q", eng.sources)
	}
	if r := m.explore.list.Selected(); r == nil || r.Name != "Orders" {
		t.Errorf("selected %v", r)
	}
	m = feed(m, 3, execCmd(appendToCollectionCmd(m.c.engine, m.c.coll, []byte("[env.prod]\nbase_url = \"x\"\n"), ""))...)
	if len(eng.sources) != 1 || !strings.Contains(strings.Join(strings.Fields(screenText(m)), " "), "env.prod cannot be added") {
		t.Errorf("a refused fragment: %d saves\n%s", len(eng.sources), screenText(m))
	}
}
