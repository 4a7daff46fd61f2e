package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real keyway binary in a real terminal: tmux
// send-keys types, capture-pane reads the screen.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

// startTmux builds keyway and runs it with args in a detached tmux session
// of the given size. Without tmux the test is skipped, except in CI, which
// installs it (.ci/run).
func startTmux(t *testing.T, cols, rows int, args ...string) *tmuxSession {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end terminal test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run should have installed it")
		}
		t.Skip("tmux is not installed: this end-to-end terminal test needs it (apt-get install tmux; CI installs it)")
	}
	dir := t.TempDir()
	if os.Getenv("KEYWAY_HISTORY_DIR") == "" {
		// Responses a test sends are kept out of the user's own history.
		t.Setenv("KEYWAY_HISTORY_DIR", filepath.Join(dir, "history"))
	}
	// The developer's own settings (theme, keys) must not change what the
	// test sees; a test that wants a config file sets KEYWAY_CONFIG. The
	// tmux server, and keyway, inherit the environment.
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	bin := filepath.Join(dir, "keyway")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), name: "keyway-e2e"}
	command := strings.Join(append([]string{bin}, args...), " ")
	s.tmux("-f", "/dev/null", "new-session", "-d", "-s", s.name, "-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows),
		"env TERM=xterm-256color "+command+"; echo \"[keyway exited with status $?]\"; sleep 600")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Down, C-c) or literal text.
func (s *tmuxSession) keys(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// screen returns the visible text of the pane.
func (s *tmuxSession) screen() string {
	s.t.Helper()
	return s.tmux("capture-pane", "-p", "-t", s.name)
}

// waitFor polls the screen until it contains every one of want, failing the
// test with the last screen after a generous deadline. The deadline only
// bounds a hung test; nothing asserts on how long the wait took.
func (s *tmuxSession) waitFor(want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		screen := s.screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(screen, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; last screen:\n%s", missing, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestEndToEndDemoInTmux runs `keyway demo` in a real terminal: it walks
// the OAuth2 password-grant flow to its last step, then sends a request from
// the explore screen, reading the screen as a user would.
func TestEndToEndDemoInTmux(t *testing.T) {
	historyDir := filepath.Join(t.TempDir(), "history")
	t.Setenv("KEYWAY_HISTORY_DIR", historyDir) // the tmux server, and keyway, inherit it
	s := startTmux(t, 100, 32, "demo")
	s.waitFor("Requests", "1 Explore", "Health")

	// Find the OAuth2-protected request and walk its flow.
	s.keys("/")
	s.keys("-l", "Who am I")
	s.keys("Enter")
	s.waitFor("/me")
	s.keys("f")
	screen := s.waitFor("Flow alice-oauth", "Request a token", "Send the request")
	if !strings.Contains(screen, "Why this grant") {
		t.Fatalf("the OAuth2 walk does not start with why the grant is what it is:\n%s", screen)
	}
	// Step forward through every step to the request sent with the token.
	for range 6 {
		s.keys("n")
	}
	screen = s.waitFor("Send the request", "Authorization: Bearer", "HTTP/1.1 200 OK")
	if strings.Contains(screen, "wonderland") {
		t.Fatalf("the demo password is on screen before reveal:\n%s", screen)
	}
	// Step back: the token request's exact form body, password masked.
	for range 3 {
		s.keys("p")
	}
	s.waitFor("Request a token", "grant_type=password")

	// Back to explore and send the request there.
	s.keys("1")
	s.waitFor("Requests")
	s.keys("Enter")
	screen = s.waitFor("200 OK", `"name": "alice"`)
	if strings.Contains(screen, "\x1b") {
		t.Fatalf("raw escape sequence captured on screen:\n%q", screen)
	}

	// Filter the response with jq, then search the result: tab focuses
	// the response pane, | opens the filter, / the search.
	s.keys("Tab", "|")
	s.keys("-l", ".name")
	s.keys("Enter")
	screen = s.waitFor("jq .name  (| edits", `│"alice"`)
	if strings.Contains(screen, `"name": "alice"`) {
		t.Fatalf("the filter's result does not stand in for the body:\n%s", screen)
	}
	s.keys("/")
	s.keys("-l", "ALICE")
	s.waitFor("no match")
	s.keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace")
	s.keys("-l", "alice")
	s.keys("Enter")
	s.waitFor("/alice  1 of 1")
	// One esc at a time: two at once read as alt+esc.
	s.keys("Escape")
	for deadline := time.Now().Add(20 * time.Second); strings.Contains(s.screen(), "/alice  1 of 1"); {
		if time.Now().After(deadline) {
			t.Fatalf("esc did not clear the search:\n%s", s.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.keys("Escape")
	s.waitFor(`"name": "alice"`)
	s.keys("Tab")
	// The response is kept in the history: H lists it, enter shows it.
	s.keys("H")
	s.waitFor("History · Who am I (1)", "GET", "/me")
	s.keys("Enter")
	s.waitFor("History · Who am I · GET", `"name": "alice"`)
	s.keys("Escape")
	s.waitFor("History · Who am I (1)")
	s.keys("Escape")
	s.waitFor("Requests")
	checkHistoryFiles(t, historyDir, "wonderland")

	s.keys("q")
	s.waitFor("[keyway exited with status 0]")
}

// checkHistoryFiles asserts that the history folder is owner-only, holds
// one owner-only file, and that secret is in no file of it.
func checkHistoryFiles(t *testing.T, dir, secret string) {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("no history kept: %v", err)
	}
	kept := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), secret) {
			t.Fatalf("the secret is in the history file %s:\n%s", f.Name(), data)
		}
		if strings.HasSuffix(f.Name(), ".jsonl") {
			kept++
			if info, _ := f.Info(); info.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %04o; want 0600", f.Name(), info.Mode().Perm())
			}
		}
	}
	if kept != 1 {
		t.Fatalf("%d history files; want 1", kept)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("the history folder: %v, %v; want mode 0700", info, err)
	}
}
