package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
)

// profileCanary is a secret typed into the form: it must reach the secret
// store and never the collection file or the screen.
const profileCanary = "canary-secret-71b0"

const profilesTOML = `name = "Profiles test"
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

# Alice signs in with Basic.
[profile.alice-basic]
type = "basic"
username = "alice"
password = "{{env:ALICE_PASSWORD}}"

[profile.spare-token]
type = "bearer"   # kept for later
token = "{{secret:spare-token}}"

[profile.ask-me]
type = "apikey"
in = "header"
name = "X-API-Key"
value = "{{prompt}}"

[[request]]
name = "Who am I"
url = "{{base_url}}/me"
profile = "alice-basic"
`

// memoryStore is a secret store in memory.
type memoryStore map[string]string

func (s memoryStore) Get(name string) (string, error) { return s[name], nil }
func (s memoryStore) Set(name, value string) error    { s[name] = value; return nil }

// newProfilesTest writes the test collection to a temporary file and
// returns the profiles screen on it, sized w×h, with an in-memory store.
func newProfilesTest(t *testing.T, w, h int) (profilesModel, memoryStore) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keyway.toml")
	if err := os.WriteFile(path, []byte(profilesTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	coll, err := collections.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	store := memoryStore{}
	c := newCommon(coll, "", newSession(nil, store, nil), &fakeEngine{})
	c.styles = newStyles(true, true)
	c.noColor = true
	m := newProfilesModel(c)
	m.SetSize(w, h)
	return m, store
}

// feedProfiles feeds msgs to the screen and, up to depth levels, the
// messages their commands produce (huh moves between fields through its
// own commands).
func feedProfiles(m profilesModel, depth int, msgs ...tea.Msg) profilesModel {
	for _, msg := range msgs {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		if depth > 0 {
			m = feedProfiles(m, depth-1, runNow(cmd)...)
		}
	}
	return m
}

// runNow runs cmd synchronously, expanding batches and sequences, and
// skips the timers (cursor blinks, ticks) instead of waiting for them, so
// the result never depends on how fast the machine is.
func runNow(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	if strings.Contains(name, "cursor.(*Model).Blink") || strings.HasPrefix(name, "charm.land/bubbletea/v2.Tick") {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runNow(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		var out []tea.Msg // tea.Sequence's message type is unexported
		for i := range v.Len() {
			out = append(out, runNow(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// submitProfiles presses the key that completes the form and returns the
// screen after the save and the messages it sent.
func submitProfiles(t *testing.T, m profilesModel, k tea.KeyPressMsg) (profilesModel, []tea.Msg) {
	t.Helper()
	var saved []tea.Msg
	m.save = func(s profileSave) tea.Cmd {
		// The save's file I/O runs here, at once, so that the result does
		// not depend on how fast a command runs.
		msg := saveProfileCmd(s)()
		saved = append(saved, msg)
		return nil
	}
	m = feedProfiles(m, 3, k)
	if len(saved) != 1 {
		t.Fatalf("the form did not submit; view:\n%s", ansi.Strip(m.View()))
	}
	m, cmd := m.Update(saved[0])
	return m, runNow(cmd)
}

func TestProfilesListSaysWhereSecretsComeFrom(t *testing.T) {
	m, _ := newProfilesTest(t, 120, 40)
	view := ansi.Strip(m.View())
	for _, want := range []string{
		"alice-basic", "password: env ALICE_PASSWORD",
		"spare-token", "token: secret store (spare-token)",
		"ask-me", "value: prompt", "Used by 1 request: Who am I",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("the list lacks %q:\n%s", want, view)
		}
	}
}

func TestProfileFormCreatesBasicWithStoredSecret(t *testing.T) {
	m, store := newProfilesTest(t, 80, 24)
	m = feedProfiles(m, 3, keyChar('n'))
	if m.mode != modeForm || !m.capturingInput() {
		t.Fatal("n did not open the form")
	}
	m = feedProfiles(m, 3, keyEnter) // type: basic
	m = feedProfiles(m, 3, typeText("bob-basic")...)
	m = feedProfiles(m, 3, keyEnter)
	m = feedProfiles(m, 3, typeText("bob")...)
	m = feedProfiles(m, 3, keyEnter)
	m = feedProfiles(m, 3, keyEnter) // password: type it now (secret store)
	m = feedProfiles(m, 3, typeText(profileCanary)...)
	if strings.Contains(m.View(), profileCanary) {
		t.Fatal("the typed secret is on screen")
	}
	if got := ansi.Strip(m.View()); !strings.Contains(got, `password = "{{secret:bob-basic-password}}"`) {
		t.Errorf("the form does not show what the file gets:\n%s", got)
	}
	m = feedProfiles(m, 3, keyEnter)
	m, out := submitProfiles(t, m, keyEnter) // confirm: save
	if m.err != nil {
		t.Fatalf("save failed: %v", m.err)
	}
	if store["bob-basic-password"] != profileCanary {
		t.Errorf("the secret store holds %v", store)
	}
	file, err := os.ReadFile(m.c.coll.Path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(file), profileCanary) {
		t.Fatal("the secret was written into the collection file")
	}
	for _, want := range []string{"[profile.bob-basic]", `username = "bob"`, `password = "{{secret:bob-basic-password}}"`, "# Alice signs in with Basic.", `type = "bearer"   # kept for later`} {
		if !strings.Contains(string(file), want) {
			t.Errorf("the file lacks %q:\n%s", want, file)
		}
	}
	var replaced bool
	for _, msg := range out {
		if s, ok := msg.(collectionSavedMsg); ok && s.coll.Profiles["bob-basic"] != nil {
			replaced = true
			m.c.coll = s.coll // as the root does
			m, _ = m.Update(collectionChangedMsg{})
		}
	}
	if !replaced || m.mode != modeList {
		t.Errorf("after saving: mode=%v, collectionSavedMsg with the profile: %v", m.mode, replaced)
	}
	if p := m.selectedProfile(); p == nil || p.Name != "bob-basic" {
		t.Errorf("after saving the list selects %v, want the new profile", p)
	}
}

func TestProfileFormValidatesAsYouType(t *testing.T) {
	m, _ := newProfilesTest(t, 80, 24)
	m = feedProfiles(m, 3, keyChar('n'), keyEnter)
	if m.liveErr != nil {
		t.Errorf("an untouched empty name is flagged already: %v", m.liveErr)
	}
	tests := []struct {
		typed, want string
	}{
		{"Bad", "use lower-case letters"},
		{"alice-basic", `a profile named "alice-basic" already exists`},
		{"carol", ""},
	}
	for _, tt := range tests {
		for range 12 {
			m = feedProfiles(m, 1, tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
		m = feedProfiles(m, 1, typeText(tt.typed)...)
		got := ""
		if m.liveErr != nil {
			got = m.liveErr.Error()
		}
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("name %q: live error %q, want %q", tt.typed, got, tt.want)
		}
		if tt.want != "" && !strings.Contains(ansi.Strip(m.View()), tt.want) {
			t.Errorf("name %q: the error is not on screen", tt.typed)
		}
	}
	m = feedProfiles(m, 3, keyEnter)
	m = feedProfiles(m, 1, typeText("bo:b")...)
	if m.liveErr == nil || !strings.Contains(m.liveErr.Error(), "RFC 7617") {
		t.Errorf("a Basic username with ':' is not refused: %v", m.liveErr)
	}
}

func TestValidators(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) error
		input string
		ok    bool
	}{
		{"url", validateTokenURL, "https://auth.example.com/token", true},
		{"url with variable", validateTokenURL, "{{base_url}}/oauth/token", true},
		{"url scheme", validateTokenURL, "ftp://example.com/token", false},
		{"url relative", validateTokenURL, "/oauth/token", false},
		{"in header", validateIn, "header", true},
		{"in body", validateIn, "body", false},
		{"key name", validateKeyName, "X-API-Key", true},
		{"key name space", validateKeyName, "X API", false},
		{"env", validateEnvName, "DEMO_PASSWORD", true},
		{"env digit", validateEnvName, "1PASS", false},
		{"secret", validateSecret, "", false},
		{"secret line break", validateSecret, "a\nb", false},
		{"name kebab", validateName(nil, ""), "alice-oauth", true},
		{"name snake", validateName(nil, ""), "alice_oauth", true},
		{"name none", validateName(nil, ""), "none", false},
		{"name double dash", validateName(nil, ""), "a--b", false},
	}
	for _, tt := range tests {
		if err := tt.check(tt.input); (err == nil) != tt.ok {
			t.Errorf("%s: %q gave %v", tt.name, tt.input, err)
		}
	}
}

func TestProfileDraftNeverHoldsASecretReference(t *testing.T) {
	p := &collections.Profile{Name: "svc", Type: "oauth2-password", TokenURL: "{{base_url}}/token", Username: "u",
		Password: "{{env:PW}}", ClientID: "cid", ClientSecret: "literal-secret", ClientAuth: "body", Scopes: []string{"a", "b"}}
	d := newProfileDraft(p, true)
	if d.password.Source != sourceKeep || d.clientSecret.Source != sourceKeep {
		t.Fatalf("existing values are not kept by default: %q %q", d.password.Source, d.clientSecret.Source)
	}
	got := d.profile()
	if got.Password != "{{env:PW}}" || got.Scopes[1] != "b" || got.ClientAuth != "body" {
		t.Errorf("kept profile = %+v", got)
	}
	d.password.Source, d.password.Typed = sourceStore, profileCanary
	d.clientSecret.Source, d.clientSecret.EnvName = sourceEnv, "CLIENT_SECRET"
	got = d.profile()
	if got.Password != "{{secret:svc-password}}" || got.ClientSecret != "{{env:CLIENT_SECRET}}" {
		t.Errorf("references = %q, %q", got.Password, got.ClientSecret)
	}
	if fmt.Sprint(got) == "" || strings.Contains(fmt.Sprintf("%+v", got), profileCanary) {
		t.Error("the profile for the file holds the typed secret")
	}
	if w := d.storeWrites(); w["svc-password"] != profileCanary || len(w) != 1 {
		t.Errorf("store writes = %v", w)
	}
	d.password.Source = sourcePrompt
	if got := d.profile().Password; got != "{{prompt:password for svc}}" {
		t.Errorf("prompt reference = %q", got)
	}
	if got := describeReference("{{ password }}"); got != "variable password" {
		t.Errorf("a variable is described as %q", got)
	}
	if describeReference("literal-secret") != "a value written in the file" {
		t.Error("a literal secret is described by its value")
	}
}

func TestProfileSaveRefusesAFileChangedOnDisk(t *testing.T) {
	m, _ := newProfilesTest(t, 80, 24)
	changed := profilesTOML + "\n# edited elsewhere\n"
	if err := os.WriteFile(m.c.coll.Path, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	m = feedProfiles(m, 3, keyDown, keyChar('e')) // spare-token
	if m.mode != modeForm || m.draft.editing != "spare-token" {
		t.Fatalf("e did not open spare-token: mode=%v", m.mode)
	}
	m = feedProfiles(m, 3, keyEnter, keyEnter) // type: bearer; token: keep
	m, _ = submitProfiles(t, m, keyEnter)
	if m.err == nil || !strings.Contains(m.err.Error(), "changed on disk") {
		t.Fatalf("err = %v, want the file changed on disk", m.err)
	}
	if m.mode != modeForm || !strings.Contains(strings.Join(strings.Fields(ansi.Strip(m.View())), " "), "changed on disk") {
		t.Errorf("the error is not shown in place:\n%s", ansi.Strip(m.View()))
	}
	if file, _ := os.ReadFile(m.c.coll.Path); string(file) != changed {
		t.Error("the changed file was overwritten")
	}
}

func TestProfileDeleteAsksFirst(t *testing.T) {
	m, _ := newProfilesTest(t, 80, 24)
	m = feedProfiles(m, 0, keyChar('d')) // alice-basic: in use
	if m.mode != modeList || m.err == nil || !strings.Contains(m.err.Error(), "Who am I") {
		t.Fatalf("deleting a profile in use: mode=%v err=%v", m.mode, m.err)
	}
	m = feedProfiles(m, 0, keyDown, keyChar('d'))
	if m.mode != modeConfirmDelete || !strings.Contains(ansi.Strip(m.View()), "Delete profile spare-token") {
		t.Fatalf("no confirmation:\n%s", ansi.Strip(m.View()))
	}
	m = feedProfiles(m, 0, keyChar('n'))
	if m.mode != modeList {
		t.Fatal("n did not keep the profile")
	}
	m = feedProfiles(m, 0, keyChar('d'))
	m, cmd := m.Update(keyChar('y'))
	saved, ok := cmd().(profileSavedMsg)
	if !ok || saved.err != nil {
		t.Fatalf("delete: %+v", saved)
	}
	m, _ = m.Update(saved)
	file, _ := os.ReadFile(m.c.coll.Path)
	if strings.Contains(string(file), "[profile.spare-token]") || !strings.Contains(string(file), "[profile.ask-me]") {
		t.Errorf("after delete the file is:\n%s", file)
	}
}

func TestProfilesScreensGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newProfilesTest(t, size.w, size.h)
			path := m.c.coll.Path
			m.c.coll.Path = "keyway.toml" // the temporary folder differs per run
			checkFits(t, m.View(), size.w, size.h)
			checkGolden(t, fmt.Sprintf("profile_list_%dx%d", size.w, size.h), ansi.Strip(m.View()))
			m.c.coll.Path = path
			m = feedProfiles(m, 3, keyChar('n'), keyDown, keyDown, keyDown, keyEnter)
			m = feedProfiles(m, 3, typeText("svc-oauth")...)
			checkFits(t, m.View(), size.w, size.h)
			checkGolden(t, fmt.Sprintf("profile_form_%dx%d", size.w, size.h), ansi.Strip(m.View()))
		})
	}
}

func TestProfileFormAPIKeyFromEnvironment(t *testing.T) {
	m, store := newProfilesTest(t, 120, 40)
	m = feedProfiles(m, 3, keyChar('n'), keyDown, keyDown, keyEnter) // type: API key
	m = feedProfiles(m, 3, typeText("svc-key")...)
	m = feedProfiles(m, 3, keyEnter, keyDown, keyEnter) // in: query
	m = feedProfiles(m, 3, typeText("api_key")...)
	m = feedProfiles(m, 3, keyEnter, keyDown, keyDown, keyEnter) // value: environment variable
	m = feedProfiles(m, 3, typeText("SVC_KEY")...)
	if got := ansi.Strip(m.View()); !strings.Contains(got, `value = "{{env:SVC_KEY}}"`) {
		t.Errorf("the summary does not show the env reference:\n%s", got)
	}
	m = feedProfiles(m, 3, keyEnter)
	m, _ = submitProfiles(t, m, keyEnter)
	if m.err != nil {
		t.Fatal(m.err)
	}
	file, _ := os.ReadFile(m.c.coll.Path)
	for _, want := range []string{"[profile.svc-key]", `type = "apikey"`, `in = "query"`, `name = "api_key"`, `value = "{{env:SVC_KEY}}"`} {
		if !strings.Contains(string(file), want) {
			t.Errorf("the file lacks %q:\n%s", want, file)
		}
	}
	if len(store) != 0 {
		t.Errorf("nothing should go to the secret store: %v", store)
	}
}

// Requests that name no profile use the default one: the Profiles screen
// counts them (the demo's alice-oauth said "Used by no request").
func TestProfileUsersCountTheDefaultProfile(t *testing.T) {
	coll, err := collections.Parse("demo.toml", examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range coll.Requests {
		if r.Profile == "" {
			want = append(want, r.Name)
		}
	}
	if len(want) == 0 || coll.DefaultProfile == "" {
		t.Fatal("the demo has no request using its default profile: the test proves nothing")
	}
	users, isDefault := profileUsers(coll, coll.DefaultProfile)
	if !isDefault || len(users) < len(want) {
		t.Fatalf("users of %s = %v (default %v), want at least %v", coll.DefaultProfile, users, isDefault, want)
	}
	for _, name := range want {
		if !slices.Contains(users, name) {
			t.Errorf("%q, which names no profile, is not counted for %s", name, coll.DefaultProfile)
		}
	}
}
