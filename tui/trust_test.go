package tui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/trust"
)

const trustTOML = `
name = "untrusted"
[vars]
base = "https://api.example.com"
[profile.key]
type = "apikey"
name = "X-API-Key"
value = "{{secret:api-key}}"
[[request]]
name = "list"
url = "{{base}}/items"
profile = "key"
headers = { X-Home = "{{env:HOME}}" }
[[request]]
name = "elsewhere"
url = "{{env:TARGET}}/x"
json = { user = "{{env:USER}}" }
`

func trustCollection(t *testing.T, src string) (*collections.Collection, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "untrusted.toml")
	c, err := collections.Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return c, path
}

func keyPress(text string) tea.KeyPressMsg {
	switch text {
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	}
	return tea.KeyPressMsg{Code: rune(text[0]), Text: text}
}

func TestTrustDialogKeys(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	for _, tc := range []struct {
		key  string
		want trustAnswer
	}{{"t", trustYes}, {"o", trustNoEnv}, {"q", trustQuit}, {"esc", trustQuit}} {
		m := newTrustModel(path, c.Exposures(nil), true)
		next, cmd := m.Update(keyPress(tc.key))
		if got := next.(trustModel).answer; got != tc.want {
			t.Errorf("%s: answer %v, want %v", tc.key, got, tc.want)
		}
		if cmd == nil {
			t.Errorf("%s: no command; want tea.Quit", tc.key)
		} else if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s: command gives %T, want tea.QuitMsg", tc.key, cmd())
		}
	}
	// Other keys answer nothing.
	m := newTrustModel(path, c.Exposures(nil), true)
	next, cmd := m.Update(keyPress("x"))
	if next.(trustModel).answer != trustUnanswered || cmd != nil {
		t.Error("an unbound key answered the dialog")
	}
}

func TestTrustDialogShowsWhatGoesWhere(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	var m tea.Model = newTrustModel(path, c.Exposures(nil), true)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	screen := ansi.Strip(m.(trustModel).render())
	for _, want := range []string{
		"{{secret:api-key}} → api.example.com",
		"{{env:HOME}} → api.example.com",
		"{{env:USER}} → an unknown host",
		`read by request "elsewhere": json`,
		"t: trust it", "o: open it without", "q: quit",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	lines := strings.Split(screen, "\n")
	if len(lines) != 24 {
		t.Errorf("%d lines, want 24", len(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line wider than 80: %q", l)
		}
	}
}

func TestTrustDialogScrollsAndCleansServerText(t *testing.T) {
	src := "[[request]]\nname = \"r\"\nurl = \"https://h.example/\"\n"
	for _, n := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"} {
		src += "headers." + n + "\x20= \"{{env:VAR_" + n + "}}\"\n"
	}
	src = strings.Replace(src, "{{env:VAR_A}}", "{{env:VAR_A\\u001b]0;pwned\\u0007}}", 1)
	c, path := trustCollection(t, src)
	var m tea.Model = newTrustModel(path+"\x1b[2J", c.Exposures(nil), true)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
	first := m.(trustModel).render()
	if !strings.Contains(first, "more lines") {
		t.Fatalf("a long list is not marked as cut:\n%s", first)
	}
	for range 40 {
		m, _ = m.Update(keyPress("down"))
	}
	last := m.(trustModel).render()
	if !strings.Contains(last, "VAR_L") || strings.Contains(last, "more lines") {
		t.Errorf("scrolling down does not reach the end:\n%s", last)
	}
	for _, screen := range []string{first, last} {
		if strings.Contains(screen, "\x1b]") || strings.Contains(screen, "\x1b[2J") {
			t.Errorf("escape sequence reaches the screen: %q", screen)
		}
	}
}

// fakeTrustRunner answers the dialog with answer, counts the times it was
// shown and keeps the last screen (80×24, without styles).
type fakeTrustRunner struct {
	answer trustAnswer
	shown  int
	screen string
}

func (f *fakeTrustRunner) run(_ context.Context, m trustModel) (trustModel, error) {
	f.shown++
	next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m = next.(trustModel)
	f.screen = ansi.Strip(m.render())
	m.answer = f.answer
	return m, nil
}

func TestAskTrustRemembersPerContent(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	store, _ := trust.Open(filepath.Join(t.TempDir(), "trust.toml"))
	ask := &fakeTrustRunner{answer: trustNoEnv}
	answer, warn, err := askTrust(context.Background(), store, path, c, &collections.Scope{}, ask.run)
	if err != nil || warn != nil || answer != trust.NoOutside || ask.shown != 1 {
		t.Fatalf("first open: %q, %v, %v, shown %d", answer, warn, err, ask.shown)
	}
	// The same content is not asked again.
	ask.answer = trustYes
	answer, _, _ = askTrust(context.Background(), store, path, c, &collections.Scope{}, ask.run)
	if answer != trust.NoOutside || ask.shown != 1 {
		t.Fatalf("second open: %q, shown %d; want the remembered answer", answer, ask.shown)
	}
	// A changed file asks again.
	changed, _ := collections.Parse(path, []byte(trustTOML+"\n# changed\n"))
	answer, _, _ = askTrust(context.Background(), store, path, changed, &collections.Scope{}, ask.run)
	if answer != trust.Trusted || ask.shown != 2 {
		t.Fatalf("changed file: %q, shown %d; want asked again", answer, ask.shown)
	}
	// Quitting is not remembered.
	again, _ := collections.Parse(path, []byte(trustTOML+"\n# again\n"))
	ask.answer = trustQuit
	if _, _, err := askTrust(context.Background(), store, path, again, &collections.Scope{}, ask.run); !errors.Is(err, errTrustQuit) {
		t.Fatalf("quit: err = %v", err)
	}
	if _, ok, _ := store.Lookup(path, again.Source, collections.ExposuresDigest(again.EveryEnvExposures(&collections.Scope{}))); ok {
		t.Fatal("quitting was remembered")
	}
}

func TestAskTrustSkipsCollectionsThatReadNothing(t *testing.T) {
	c, path := trustCollection(t, "[[request]]\nname = \"r\"\nurl = \"https://h.example/\"\n")
	store, _ := trust.Open(filepath.Join(t.TempDir(), "trust.toml"))
	ask := &fakeTrustRunner{answer: trustQuit}
	answer, _, err := askTrust(context.Background(), store, path, c, &collections.Scope{}, ask.run)
	if err != nil || answer != trust.Trusted || ask.shown != 0 {
		t.Fatalf("%q, %v, shown %d; want trusted without asking", answer, err, ask.shown)
	}
}

func TestAskTrustWithABrokenStoreStillAsks(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	storePath := filepath.Join(t.TempDir(), "trust.toml")
	if err := writeTestFile(storePath, "not = [toml"); err != nil {
		t.Fatal(err)
	}
	store, _ := trust.Open(storePath)
	ask := &fakeTrustRunner{answer: trustYes}
	answer, warn, err := askTrust(context.Background(), store, path, c, &collections.Scope{}, ask.run)
	if err != nil || answer != trust.Trusted || ask.shown != 1 || warn == nil {
		t.Fatalf("%q, warning %v, err %v, shown %d; want asked, with a warning", answer, warn, err, ask.shown)
	}
}

func writeTestFile(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o600)
}

func TestAskTrustWithoutAStoreAsksEveryTime(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	ask := &fakeTrustRunner{answer: trustYes}
	for i := 1; i <= 2; i++ {
		answer, warn, err := askTrust(context.Background(), nil, path, c, &collections.Scope{}, ask.run)
		if err != nil || answer != trust.Trusted || ask.shown != i || !errors.Is(warn, errNoTrustStore) {
			t.Fatalf("open %d: %q, warning %v, err %v, shown %d", i, answer, warn, err, ask.shown)
		}
	}
}

func TestDecideTrustSetsUpTheSession(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	store, _ := trust.Open(filepath.Join(t.TempDir(), "trust.toml"))
	opts := Options{Path: path, Collection: c, Trust: store}

	s := newSession(nil, nil, nil)
	status, err := decideTrust(context.Background(), opts, s, (&fakeTrustRunner{answer: trustNoEnv}).run)
	if err != nil || !s.noEnv || !strings.Contains(status.text, store.Path()) {
		t.Fatalf("no-env answer: noEnv %v, status %+v, err %v", s.noEnv, status, err)
	}
	cm := newCommon(c, "", s, realEngine{})
	scope := cm.scope()
	if !scope.NoEnv {
		t.Fatal("the session's scope does not refuse env and secrets")
	}
	if _, err := c.Prepare(c.Requests[0], &scope); !errors.Is(err, collections.ErrOutsideValue) {
		t.Fatalf("Prepare with the no-env scope: %v, want ErrOutsideValue", err)
	}

	// The demo is never asked about.
	demo := opts
	demo.Demo = true
	ask := &fakeTrustRunner{answer: trustQuit}
	s = newSession(nil, nil, nil)
	if _, err := decideTrust(context.Background(), demo, s, ask.run); err != nil || ask.shown != 0 || s.noEnv {
		t.Fatalf("demo: err %v, shown %d, noEnv %v", err, ask.shown, s.noEnv)
	}
	// Quitting is passed up, so that Run opens nothing.
	other, otherPath := trustCollection(t, trustTOML+"# other\n")
	if _, err := decideTrust(context.Background(), Options{Path: otherPath, Collection: other, Trust: store}, newSession(nil, nil, nil), ask.run); !errors.Is(err, errTrustQuit) {
		t.Fatalf("quit: err %v", err)
	}
}

// envTrustTOML sends one secret to a host that depends on the environment,
// and buys a token with another whose API host does too.
const envTrustTOML = `
name = "envs"
[vars]
base = "https://api.example.com"
idp = "https://id.example.com"
[env.staging]
base = "https://staging.example.com"
[env.prod]
base = "https://аpi.example.com"
[profile.key]
type = "apikey"
name = "X-API-Key"
value = "{{secret:api-key}}"
[profile.login]
type = "oauth2-password"
token_url = "{{idp}}/token"
username = "alice"
password = "{{secret:alice-pw}}"
[[request]]
name = "list"
url = "{{base}}/items"
profile = "key"
[[request]]
name = "Who am I"
url = "{{base}}/me"
profile = "login"
`

// The question covers every environment, since the user may switch to any
// of them (v) once it is answered; a host used in some only says which.
func TestTrustDialogListsEveryEnvironment(t *testing.T) {
	c, _ := trustCollection(t, envTrustTOML)
	var m tea.Model = newTrustModel("envs.toml", c.EveryEnvExposures(&collections.Scope{}), true)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	screen := ansi.Strip(m.(trustModel).render())
	for _, want := range []string{
		"{{secret:api-key}} → ",
		"  api.example.com [none] ",
		"  staging.example.com [staging] ",
		"  аpi.example.com (xn--pi-6kc.example.com) [prod] ",
		"{{secret:alice-pw}} → id.example.com",
		`its access token (profile "login") →`,
		`  api.example.com [none] for request "Who am I"`,
		`  аpi.example.com (xn--pi-6kc.example.com) [prod] for request`,
		"[env] marks a host used only in those environments",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	checkGolden(t, "trust_envs_80x24", screen)
}

// Trusting a collection in one environment covers the others only because
// the question showed them: opening it later in another environment asks
// nothing, and an answer remembered before the question showed every
// environment (no record of what was shown) is asked again.
func TestAskTrustCoversEveryEnvironment(t *testing.T) {
	c, path := trustCollection(t, envTrustTOML)
	storePath := filepath.Join(t.TempDir(), "trust.toml")
	store, _ := trust.Open(storePath)
	ask := &fakeTrustRunner{answer: trustYes}
	if answer, _, err := askTrust(context.Background(), store, path, c, &collections.Scope{}, ask.run); err != nil || answer != trust.Trusted {
		t.Fatalf("first open: %q, %v", answer, err)
	}
	if !strings.Contains(ask.screen, "staging.example.com [staging]") || !strings.Contains(ask.screen, "xn--pi-6kc.example.com") {
		t.Errorf("opened without an environment, the question hides the others' hosts:\n%s", ask.screen)
	}
	if _, _, err := askTrust(context.Background(), store, path, c, &collections.Scope{Env: "prod"}, ask.run); err != nil || ask.shown != 1 {
		t.Fatalf("--env prod after trusting what was shown: err %v, shown %d; want not asked", err, ask.shown)
	}
	// Another --var changes what would be shown: asked again.
	if _, _, _ = askTrust(context.Background(), store, path, c, &collections.Scope{Vars: map[string]string{"idp": "https://evil.test"}}, ask.run); ask.shown != 2 {
		t.Fatalf("another --var: shown %d, want asked again", ask.shown)
	}

	// An answer from before: the content's hash, nothing of what was shown.
	old := "[" + strconvQuote(resolvedPath(t, path)) + "]\nsha256 = \"" + sha256Hex(c.Source) + "\"\ntrust = \"trusted\"\ndecided = 2026-01-01T00:00:00Z\n"
	if err := writeTestFile(storePath, old); err != nil {
		t.Fatal(err)
	}
	if _, _, err := askTrust(context.Background(), store, path, c, &collections.Scope{Env: "prod"}, ask.run); err != nil || ask.shown != 3 {
		t.Fatalf("an answer given for one environment: err %v, shown %d; want asked again", err, ask.shown)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// resolvedPath is path as the trust store keys it: absolute, symbolic
// links resolved.
func resolvedPath(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// TestTrustDialogWrapsLongLines: a line wider than the screen wraps onto
// indented lines instead of being cut, so "an unknown host (decided when
// sending)" is read in full on a narrow terminal (issue 13, defect 5).
func TestTrustDialogWrapsLongLines(t *testing.T) {
	c, path := trustCollection(t, trustTOML)
	var m tea.Model = newTrustModel(path, c.Exposures(nil), true)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 40, Height: 40})
	screen := ansi.Strip(m.(trustModel).render())
	var words []string
	for _, l := range strings.Split(screen, "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line wider than 40: %q", l)
		}
		words = append(words, strings.Fields(l)...)
	}
	if !strings.Contains(strings.Join(words, " "), "{{env:USER}} → an unknown host (decided when sending)") {
		t.Errorf("the unknown-host warning is cut:\n%s", screen)
	}
}
