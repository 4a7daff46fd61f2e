package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseReadsEverySetting(t *testing.T) {
	src := `# keyway settings
theme = "high-contrast"
editor = "code --wait"

[keys]
send = "ctrl+r"
quit = ["q", "ctrl+c"]

[keys.flow]
next = ["alt+ctrl+n", "right"]
`
	c, err := Parse("c.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != "high-contrast" || c.Editor != "code --wait" || c.Path != "c.toml" {
		t.Fatalf("got %+v", c)
	}
	want := []KeyBinding{
		{Action: "send", Keys: []string{"ctrl+r"}, Pos: Pos{"c.toml", 6, 1}, KeyPos: []Pos{{"c.toml", 6, 8}}},
		{Action: "quit", Keys: []string{"q", "ctrl+c"}, Pos: Pos{"c.toml", 7, 1}, KeyPos: []Pos{{"c.toml", 7, 9}, {"c.toml", 7, 14}}},
		// Modifiers are put in the order key presses are named in.
		{Screen: "flow", Action: "next", Keys: []string{"ctrl+alt+n", "right"}, Pos: Pos{"c.toml", 10, 1}, KeyPos: []Pos{{"c.toml", 10, 9}, {"c.toml", 10, 23}}},
	}
	if !reflect.DeepEqual(c.Keys, want) {
		t.Fatalf("keys:\n got %+v\nwant %+v", c.Keys, want)
	}
}

func TestParseInlineTablesAndAuto(t *testing.T) {
	c, err := Parse("c.toml", []byte("theme = \"auto\"\nkeys = { send = \"f5\", flow = { reveal = \"S\" } }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != "" || len(c.Keys) != 2 || c.Keys[0].Name() != "send" || c.Keys[1].Name() != "flow.reveal" || c.Keys[1].Keys[0] != "S" {
		t.Fatalf("got %+v", c)
	}
}

// TestParseErrors holds every message the loader gives, with its place.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown setting", "colour = \"red\"\n", `c.toml:1:1: unknown setting "colour"; the settings are theme, editor and [keys]`},
		{"unknown table", "[colours]\n", `c.toml:1:2: unknown setting "colours"; the settings are theme, editor and [keys]`},
		{"unknown theme", "theme = \"solarized\"\n", `c.toml:1:9: unknown theme "solarized"; the themes are auto, dark, light, high-contrast and no-color`},
		{"theme type", "theme = 1\n", `c.toml:1:1: theme must be a string, not an integer`},
		{"theme table", "[theme]\n", `c.toml:1:2: theme is a string, not a table: write theme = "..." before any [table]`},
		{"empty editor", "editor = \" \"\n", `c.toml:1:10: editor is empty; leave it out to use $VISUAL or $EDITOR`},
		{"keys not table", "keys = \"x\"\n", `c.toml:1:1: keys is a table of actions: write [keys], then one action = "key" per line`},
		{"array of tables", "[[keys]]\n", `c.toml:1:3: [[keys]] is not a setting; write [keys] once, with one line per action`},
		{"too deep table", "[keys.flow.next]\n", `c.toml:1:12: [keys.flow.next] goes too deep: [keys] holds actions and [keys.SCREEN] tables of actions`},
		{"too deep key", "[keys]\nflow.next.x = \"n\"\n", `c.toml:2:11: keys.flow.next.x goes too deep: [keys] holds actions and [keys.SCREEN] tables of actions`},
		{"binding type", "[keys]\nsend = 5\n", `c.toml:2:1: send must be a key or a list of keys, such as "ctrl+r" or ["q", "ctrl+c"], not an integer`},
		{"binding in list", "[keys.flow]\nnext = [\"n\", true]\n", `c.toml:2:14: flow.next must be a key or a list of keys, such as "ctrl+r" or ["q", "ctrl+c"], not a list holding a boolean`},
		{"empty list", "[keys]\nsend = []\n", `c.toml:2:1: send has no keys; give at least one, such as send = "ctrl+r"`},
		{"twice", "[keys]\nquit = [\"q\", \"q\"]\n", `c.toml:2:14: quit: "q" is listed twice`},
		{"alias", "[keys]\nback = \"escape\"\n", `c.toml:2:8: back: "escape" is not a key name; write "esc"`},
		{"unknown name", "[keys]\nsend = \"ctrl+foo\"\n", `c.toml:2:8: send: "foo" is not a key name; ` + keyNamesHelp},
		{"bad modifier", "[keys]\nsend = \"cmd+r\"\n", `c.toml:2:8: send: "cmd" is not a modifier; write "super"`},
		{"not a modifier", "[keys]\nsend = \"fn+r\"\n", `c.toml:2:8: send: "fn" in "fn+r" is not a modifier; the modifiers are ctrl, alt, shift, meta, hyper and super`},
		{"modifier twice", "[keys]\nsend = \"ctrl+ctrl+r\"\n", `c.toml:2:8: send: "ctrl+ctrl+r" names ctrl twice`},
		{"no key", "[keys]\nsend = \"ctrl+\"\n", `c.toml:2:8: send: "ctrl+" has no key after its modifiers; ` + keyNamesHelp},
		{"only modifier", "[keys]\nsend = \"ctrl\"\n", `c.toml:2:8: send: "ctrl" has no key after its modifiers; ` + keyNamesHelp},
		{"upper with ctrl", "[keys]\nsend = \"Ctrl+R\"\n", `c.toml:2:8: send: "Ctrl+R": write the letter in lower case, as "ctrl+r" (or "ctrl+shift+r" for the shifted letter)`},
		{"shift letter", "[keys]\nsend = \"shift+r\"\n", `c.toml:2:8: send: "shift+r": write the character shift types, such as "R"`},
		{"space", "[keys]\nsend = \" \"\n", `c.toml:2:8: send: write "space" for the space bar`},
		{"empty key", "[keys]\nsend = \"\"\n", `c.toml:2:8: send: an empty key; ` + keyNamesHelp},
		{"control char", "[keys]\nsend = \"\\u0007\"\n", `c.toml:2:8: send: "\a" is not a key; ` + keyNamesHelp},
		{"syntax", "theme = \"dark\nx\n", `c.toml:1:14: invalid TOML: basic strings cannot have new lines`},
		{"duplicate", "theme = \"dark\"\ntheme = \"light\"\n", `c.toml:2:1: invalid TOML: key theme is already defined`},
		{"not utf-8", "theme = \"\xff\"\n", `c.toml:1:10: the file is not UTF-8 text; save it as UTF-8`},
		// Columns count characters, as an editor shows them.
		{"column in characters", "[keys]\n\"é\" = \"é\"\nsend = \"ctrl+é\"\nx = \"escape\"\n", `c.toml:4:5: x: "escape" is not a key name; write "esc"`},
		{"several, in order", "theme = \"x\"\ncolour = 1\n", "c.toml:1:9: unknown theme \"x\"; the themes are auto, dark, light, high-contrast and no-color\nc.toml:2:1: unknown setting \"colour\"; the settings are theme, editor and [keys]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("c.toml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error; got %+v", c)
			}
			if _, ok := err.(ErrorList); !ok {
				t.Errorf("error is %T, not an ErrorList", err)
			}
			if err.Error() != tc.want {
				t.Fatalf("error:\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestNormalizeKeyAccepts(t *testing.T) {
	for in, want := range map[string]string{
		"q": "q", "?": "?", "R": "R", "+": "+", "ctrl++": "ctrl++", "Enter": "enter", "F5": "f5",
		"shift+tab": "shift+tab", "alt+ctrl+x": "ctrl+alt+x", "super+shift+ctrl+alt+up": "ctrl+alt+shift+super+up",
		"space": "space", "ctrl+space": "ctrl+space", "é": "é",
	} {
		got, err := NormalizeKey(in)
		if err != nil || got != want {
			t.Errorf("NormalizeKey(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv(EnvVar, "")

	// No file at the default place: the defaults.
	c, err := Load()
	if err != nil || !reflect.DeepEqual(c, &Config{}) {
		t.Fatalf("no file: %+v, %v", c, err)
	}
	path, explicit := Path()
	if explicit || !strings.HasSuffix(path, filepath.Join("keyway", "config.toml")) {
		t.Fatalf("Path() = %q, %v", path, explicit)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("theme = \"light\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(); err != nil || c.Theme != "light" || c.Path != path {
		t.Fatalf("default file: %+v, %v", c, err)
	}

	// KEYWAY_CONFIG wins, and must exist.
	other := filepath.Join(dir, "other.toml")
	t.Setenv(EnvVar, other)
	if _, err := Load(); err == nil || err.Error() != "KEYWAY_CONFIG names "+other+", which does not exist" {
		t.Fatalf("missing KEYWAY_CONFIG file: %v", err)
	}
	if err := os.WriteFile(other, []byte("theme = \"no-color\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := Load(); err != nil || c.Theme != "no-color" {
		t.Fatalf("KEYWAY_CONFIG: %+v, %v", c, err)
	}

	// A folder where the file should be.
	t.Setenv(EnvVar, dir)
	if _, err := Load(); err == nil || err.Error() != "reading the config file: read "+dir+": is a directory" {
		t.Fatalf("a folder: %v", err)
	}
	t.Setenv(EnvVar, other)

	// A file far too large is refused before it is read whole.
	if err := os.WriteFile(other, make([]byte, maxSize+10), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(); err == nil || err.Error() != other+": the config file is larger than 1 MiB; is this the right file?" {
		t.Fatalf("large file: %v", err)
	}
}
