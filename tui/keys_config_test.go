package tui

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/config"
)

// mustConfig parses a config file's text.
func mustConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestConfigActionNames pins the names the config file uses: they come
// from the KeyMap's field names, so renaming a field renames an action in
// every user's file.
func TestConfigActionNames(t *testing.T) {
	km := DefaultKeyMap()
	got := map[string]bool{}
	for _, a := range keyActions(&km) {
		got[a.screen+"."+a.action] = true
	}
	for _, want := range []string{"global.quit", "global.next_pane", "global.force_quit", "explore.send", "explore.edit_body",
		"explore.filter_apply", "response.page_down", "edit.add_query", "flow.next", "flow.introspect", "replay.fail_fast", "profiles.delete"} {
		if !got[want] {
			t.Errorf("no action %s", want)
		}
	}
}

func TestConfigRebindsKeys(t *testing.T) {
	m, eng := newTestModel(t, 80, 24, true)
	if err := m.c.applyConfig(mustConfig(t, `
[keys]
send = "ctrl+r"
quit = ["ctrl+q", "ctrl+c"]
[keys.flow]
next = "ctrl+n"
`)); err != nil {
		t.Fatal(err)
	}
	m = newModel(m.c)
	m = feed(m, 0, tea.WindowSizeMsg{Width: 80, Height: 24})

	// enter no longer sends; ctrl+r does.
	m = feed(m, 2, keyEnter)
	if len(eng.sends) != 0 {
		t.Fatalf("enter still sends: %v", eng.sends)
	}
	m = feed(m, 2, tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	if len(eng.sends) != 1 {
		t.Fatalf("ctrl+r did not send: %v", eng.sends)
	}
	// The footer and the help show the new keys, not the old.
	footer := screenText(m)
	if !strings.Contains(footer, "ctrl+r send") || strings.Contains(footer, "enter send") {
		t.Fatalf("footer does not show the rebound key:\n%s", footer)
	}
	if !strings.Contains(footer, "ctrl+q/ctrl+c quit") {
		t.Fatalf("footer does not show the rebound quit:\n%s", footer)
	}
	// The ? overlay too.
	if help := screenText(feed(m, 0, keyChar('?'))); !strings.Contains(help, "ctrl+r") || !strings.Contains(help, "ctrl+q/ctrl+c") {
		t.Fatalf("the help does not show the rebound keys:\n%s", help)
	}
	// flow.next: only the flow screen's.
	if !key.Matches(tea.KeyPressMsg{Code: 'n', Mod: tea.ModCtrl}, m.c.keys.Flow.Next) || key.Matches(keyChar('n'), m.c.keys.Flow.Next) {
		t.Fatal("flow next not rebound")
	}
	// q no longer quits; x does.
	if _, cmd := m.Update(keyChar('q')); cmd != nil && isQuit(cmd) {
		t.Fatal("q still quits")
	}
	if _, cmd := m.Update(tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl}); cmd == nil || !isQuit(cmd) {
		t.Fatal("ctrl+q does not quit")
	}
}

// isQuit reports whether cmd quits the program.
func isQuit(cmd tea.Cmd) bool {
	for _, msg := range execCmd(cmd) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// TestConfigKeyErrors holds every message about key bindings the TUI
// gives, with the line it names.
func TestConfigKeyErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown action", "[keys]\nsnd = \"ctrl+r\"\n", `config.toml:2:1: unknown action "snd" (did you mean "send"?)`},
		{"unknown action far", "[keys]\nteleport = \"t\"\n", `config.toml:2:1: unknown action "teleport"; docs/config.md lists the actions`},
		// The screens are listed in alphabetical order (other screens may
		// join them: the list is the KeyMap's).
		{"unknown screen", "[keys.flw]\nnext = \"n\"\n", `config.toml:2:1: unknown screen "flw" in [keys]; the screens are ` + screenList()},
		{"action not on screen", "[keys.flow]\nsend = \"n\"\n", `config.toml:2:1: the flow screen has no action "send"; docs/config.md lists the actions`},
		{"clash with default", "[keys]\nsend = \"e\"\n", `config.toml:2:1: "e" is bound to both send and edit on the explore screen`},
		{"clash between two set", "[keys]\nsend = \"ctrl+r\"\ncopy = \"ctrl+r\"\n", `config.toml:3:1: "ctrl+r" is bound to both copy and send on the explore screen`},
		{"clash with a global key", "[keys.explore]\nsend = \"q\"\n", `config.toml:2:1: "q" is bound to both send and global quit on the explore screen`},
		{"global clashes on a screen", "[keys]\nhelp = \"f\"\n", "config.toml:2:1: \"f\" is bound to both global help and open_flow on the explore screen\n" +
			`config.toml:2:1: "f" is bound to both global help and fail_fast on the replay screen`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckConfig(mustConfig(t, tc.src))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error:\n got %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestConfigKeysAllowed: what looks like a clash but is not one.
func TestConfigKeysAllowed(t *testing.T) {
	for _, src := range []string{
		// quit and force_quit share ctrl+c by design.
		"[keys]\nquit = [\"q\", \"ctrl+c\"]\n",
		// The same key on two screens.
		"[keys]\nrevoke = \"ctrl+r\"\nsend = \"ctrl+r\"\n",
		// The editor takes text: global keys do not reach it.
		"[keys.edit]\nsave = \"v\"\n",
		// Restating a default, modal keys included.
		"[keys]\ncancel = [\"ctrl+x\", \"esc\"]\n",
		// A screen's binding wins over the same action named for all.
		"[keys]\nup = \"ctrl+p\"\n[keys.flow]\nup = \"k\"\n",
	} {
		if err := CheckConfig(mustConfig(t, src)); err != nil {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// TestConfigIgnoresDefaultClashes: keys that keyway's own defaults share
// are not the user's to fix; only a clash the file made is reported.
func TestConfigIgnoresDefaultClashes(t *testing.T) {
	km := DefaultKeyMap()
	km.Flow.Cached = key.NewBinding(key.WithKeys("x"))
	if err := applyKeys(&km, mustConfig(t, "[keys]\nsend = \"ctrl+r\"\n").Keys); err != nil {
		t.Fatal(err)
	}
	km = DefaultKeyMap()
	km.Flow.Cached = key.NewBinding(key.WithKeys("x"))
	err := applyKeys(&km, mustConfig(t, "[keys]\nexpire = \"x\"\n").Keys)
	if want := `config.toml:2:1: "x" is bound to both expire and cached on the flow screen`; err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

// TestConfigEditorWins: the config's editor comes before $VISUAL and
// $EDITOR for `b`.
func TestConfigEditorWins(t *testing.T) {
	t.Setenv("VISUAL", "nano")
	t.Setenv("EDITOR", "ed")
	m, _ := newTestModel(t, 80, 24, true)
	if got := m.c.editorCommand(); got != "nano" {
		t.Fatalf("without a config: %q", got)
	}
	if err := m.c.applyConfig(&config.Config{Editor: "code --wait"}); err != nil {
		t.Fatal(err)
	}
	if got := m.c.editorCommand(); got != "code --wait" {
		t.Fatalf("with a config: %q", got)
	}
}

// TestConfigHintsNameReboundKeys: the hints in the panes name the keys
// the user gave, not keyway's defaults.
func TestConfigHintsNameReboundKeys(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	if err := m.c.applyConfig(mustConfig(t, "[keys]\nsend = \"ctrl+r\"\n")); err != nil {
		t.Fatal(err)
	}
	m = feed(newModel(m.c), 0, tea.WindowSizeMsg{Width: 80, Height: 24})
	if screen := screenText(m); !strings.Contains(screen, "Press ctrl+r to send the request.") {
		t.Fatalf("the response pane's hint does not name the rebound key:\n%s", screen)
	}
}

// screenList is the KeyMap's screens, sorted, as the unknown screen error
// lists them.
func screenList() string {
	km := DefaultKeyMap()
	var names []string
	for _, a := range keyActions(&km) {
		if !slices.Contains(names, a.screen) {
			names = append(names, a.screen)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// TestScreenListToday pins today's screens, so the message above is
// checked against real text too.
func TestScreenListToday(t *testing.T) {
	for _, s := range []string{"edit", "explore", "flow", "global", "profiles", "replay", "response"} {
		if !strings.Contains(screenList(), s) {
			t.Errorf("no screen %s in %s", s, screenList())
		}
	}
}
