package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBadConfigRefusesTheUI: a config file the TUI cannot use stops
// `keyway FILE` and `keyway demo` before any screen, with exit code 2 and
// every problem at its FILE:LINE:COL, and `keyway config` says the same.
func TestBadConfigRefusesTheUI(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("theme = \"solarized\"\n[keys]\nsnd = \"ctrl+r\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KEYWAY_CONFIG", cfg)
	coll := writeFile(t, "keyway.toml", "[[request]]\nname = \"Health\"\nurl = \"http://127.0.0.1:1/health\"\n")
	want := cfg + ":1:9: unknown theme \"solarized\"; the themes are auto, dark, light, high-contrast and no-color\n"
	for _, args := range [][]string{{coll}, {"demo"}, {"config"}} {
		code, stdout, stderr := keyway(t, "", args...)
		if code != exitInvalid || stdout != "" || stderr != want {
			t.Errorf("keyway %v: exit %d\nstdout %q\nstderr %q\nwant   %q", args, code, stdout, stderr, want)
		}
	}

	// The TUI's own check: an action it does not have.
	if err := os.WriteFile(cfg, []byte("[keys]\nsnd = \"ctrl+r\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := keyway(t, "", "config")
	if want := cfg + ":2:1: unknown action \"snd\" (did you mean \"send\"?)\n"; code != exitInvalid || stderr != want {
		t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
	}

	// KEYWAY_CONFIG naming no file.
	missing := filepath.Join(dir, "nope.toml")
	t.Setenv("KEYWAY_CONFIG", missing)
	code, _, stderr = keyway(t, "", coll)
	if want := "keyway: KEYWAY_CONFIG names " + missing + ", which does not exist\n"; code != exitInvalid || stderr != want {
		t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
	}
}

func TestConfigCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KEYWAY_CONFIG", "")
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	code, stdout, _ := keyway(t, "", "config")
	path := filepath.Join(dir, "keyway", "config.toml")
	if code != exitOK || stdout != path+" (not there: keyway's defaults are in use)\n" {
		t.Fatalf("exit %d, %q", code, stdout)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("theme = \"high-contrast\"\n[keys]\nsend = \"ctrl+r\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := keyway(t, "", "config"); code != exitOK || stdout != path+" (valid)\n" {
		t.Fatalf("exit %d, %q", code, stdout)
	}
}
