package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const completionCollection = `name = "Completion"

[env.staging]
base_url = "https://staging.example.com"

[env."eu west"]
base_url = "https://eu.example.com"

[profile.alice-basic]
type = "basic"
username = "alice"
password = "{{env:ALICE_PASSWORD}}"

[profile."service key"]
type = "apikey"
name = "X-API-Key"
value = "{{secret:service-key}}"

[[request]]
name = "Who am I"
folder = "users"
url = "https://api.example.com/me"
profile = "alice-basic"

[[request]]
name = "List users"
folder = "users"
url = "https://api.example.com/users"

[[request]]
name = "Health"
folder = "ops"
url = "https://api.example.com/health"

[[request]]
name = "two\nlines"
url = "https://api.example.com/x"
`

// complete runs the hidden __complete command that cobra's shell scripts
// call, and returns the completions it printed and its directive line.
func complete(t *testing.T, args ...string) (names []string, directive string) {
	t.Helper()
	code, out, errOut := keyway(t, "", append([]string{"__complete"}, args...)...)
	if code != exitOK {
		t.Fatalf("__complete %q: exit %d\n%s%s", args, code, out, errOut)
	}
	if strings.Contains(strings.ToLower(out+errOut), "error") {
		t.Errorf("__complete %q printed an error:\n%s%s", args, out, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompletionOfCollectionNames(t *testing.T) {
	file := writeFile(t, "api.toml", completionCollection)
	const noFiles = ":4" // cobra.ShellCompDirectiveNoFileComp
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"run", file, "--env", ""}, []string{"staging", "eu west"}},
		{[]string{"run", file, "--only", ""}, []string{"Who am I", "List users", "Health", "users", "ops"}},
		{[]string{"run", file, "--only", "Who"}, []string{"Who am I"}},
		{[]string{"run", file, "--only=Li"}, []string{"List users"}},
		{[]string{"run", file, "--only", "Health", "--only", "u"}, []string{"users"}},
		{[]string{"check", file, "--env", "eu"}, []string{"eu west"}},
		{[]string{"flow", file, "--profile", ""}, []string{"alice-basic\tbasic", "service key\tapikey"}},
		{[]string{"flow", file, "--profile", "alice-basic", "--request", ""}, []string{"Who am I", "List users", "Health"}},
		{[]string{"flow", file, "--env", "s"}, []string{"staging"}},
		{[]string{file, "--env", ""}, []string{"staging", "eu west"}},
	}
	for _, tt := range tests {
		got, directive := complete(t, tt.args...)
		if !slices.Equal(got, tt.want) || directive != noFiles {
			t.Errorf("keyway %q:\n got %q %s\nwant %q %s", tt.args, got, directive, tt.want, noFiles)
		}
	}
}

// TestCompletionWithoutAFile: `keyway --env <TAB>` reads keyway.toml in
// this folder, as `keyway` would open it.
func TestCompletionWithoutAFile(t *testing.T) {
	dir := filepath.Dir(writeFile(t, "keyway.toml", completionCollection))
	t.Chdir(dir)
	if got, _ := complete(t, "--env", ""); !slices.Equal(got, []string{"staging", "eu west"}) {
		t.Errorf("keyway --env: got %q", got)
	}
}

// TestCompletionOfTheDemo: `keyway demo --run --only <TAB>` offers the
// embedded demo collection's requests.
func TestCompletionOfTheDemo(t *testing.T) {
	got, _ := complete(t, "demo", "--run", "--only", "Who")
	if !slices.Equal(got, []string{"Who am I"}) {
		t.Errorf("keyway demo --only Who: got %q", got)
	}
}

// TestCompletionOfABadCollection: a file that is missing, or that does not
// load, completes nothing — no file names either — and prints no error
// into the shell.
func TestCompletionOfABadCollection(t *testing.T) {
	broken := writeFile(t, "broken.toml", "[[request]]\nname = \"a\"\nurl = \"https://a\"\nmethd = \"GET\"\n")
	missing := filepath.Join(t.TempDir(), "missing.toml")
	folder := t.TempDir()
	for _, args := range [][]string{
		{"run", broken, "--only", ""},
		{"run", missing, "--env", ""},
		{"flow", folder, "--profile", ""},
		{"check", broken, "--env", ""},
	} {
		got, directive := complete(t, args...)
		if len(got) != 0 || directive != ":4" {
			t.Errorf("keyway %q: got %q %s, want nothing and :4", args, got, directive)
		}
	}
	empty := t.TempDir()
	t.Chdir(empty)
	if got, directive := complete(t, "--env", ""); len(got) != 0 || directive != ":4" {
		t.Errorf("keyway --env without keyway.toml: got %q %s", got, directive)
	}
	if _, err := os.Stat(filepath.Join(empty, "keyway.toml")); err == nil {
		t.Error("completion created keyway.toml")
	}
}

// TestEveryNameCompletionIsRegistered: each entry of nameCompletions names
// a flag that exists, so its registration took.
func TestEveryNameCompletionIsRegistered(t *testing.T) {
	root := newRootCommand(stdio{})
	for _, nc := range nameCompletions {
		cmd := root
		if nc.command != "" {
			cmd, _, _ = root.Find(strings.Fields(nc.command))
		}
		if _, ok := cmd.GetFlagCompletionFunc(nc.flag); !ok {
			t.Errorf("keyway %s --%s has no completion", nc.command, nc.flag)
		}
	}
}
