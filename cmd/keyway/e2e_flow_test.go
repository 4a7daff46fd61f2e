package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEndToEndFlowBasicBearerInTmux starts `keyway demo` with a config
// file that picks the high-contrast theme and moves the Flow screen's
// "next step" to ctrl+n, then walks Basic and Bearer in the Flow screen as a
// learner would: the challenge, the joined user-id:password (revealed and
// masked again), the request; then a refused bearer token as a failed step
// with the server's challenge decoded.
func TestEndToEndFlowBasicBearerInTmux(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("theme = \"high-contrast\"\n\n[keys.flow]\nnext = \"ctrl+n\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KEYWAY_CONFIG", cfg) // the tmux server, and keyway, inherit it
	s := startTmux(t, 100, 32, "demo")
	screen := s.waitFor("Requests", "1 Explore", "Health")
	// The high-contrast theme frames the focused pane with double lines
	// and the others with square corners (the default theme rounds both).
	if !strings.Contains(screen, "╔═ Requests") || !strings.Contains(screen, "┌─ Request") {
		t.Fatalf("the config's theme is not in use:\n%s", screen)
	}

	// Basic, picked in the Flow screen: the first profile of the demo.
	s.keys("2")
	s.waitFor("Walk an auth flow", "alice-basic", "static-token")
	s.selectLine("alice-basic")
	s.keys("Enter")
	s.waitFor("Flow alice-basic (basic)", "Step 1 of 3 · Ask without credentials", "401 Unauthorized", `Basic realm="keyway demo"`)
	// The footer names the rebound key. It is waited for too: a frame
	// read while the terminal redraws can still hold the picker's footer.
	screen = s.waitFor("ctrl+n next")
	if strings.Contains(screen, "→/n next") {
		t.Fatalf("the footer does not show the rebound key:\n%s", screen)
	}
	s.keys("C-n")
	screen = s.waitFor("Step 2 of 3 · Encode the credentials", "alice:••••••")
	if strings.Contains(screen, "wonderland") {
		t.Fatalf("the password is on screen before reveal:\n%s", screen)
	}
	// n is no longer "next": after n then p (back), the walk is on step 1.
	s.keys("n")
	s.keys("p")
	s.waitFor("Step 1 of 3 · Ask without credentials")
	s.keys("C-n")
	s.waitFor("Step 2 of 3 · Encode the credentials")
	s.keys("s")
	s.waitFor("alice:wonderland", "YWxpY2U6d29uZGVybGFuZA==")
	s.keys("s")
	s.waitFor("alice:••••••")
	s.keys("C-n")
	screen = s.waitFor("Step 3 of 3 · Send the request", "Authorization: Basic ••••••", "HTTP/1.1 200 OK")
	if strings.Contains(screen, "wonderland") || strings.Contains(screen, "YWxpY2U6") {
		t.Fatalf("the credentials are on screen after masking:\n%s", screen)
	}

	// Bearer: the static token.
	s.keys("Escape")
	s.waitFor("Walk an auth flow")
	s.selectLine("static-token")
	s.keys("Enter")
	s.waitFor("Flow static-token (bearer)", "Step 1 of 3", "401 Unauthorized", `Bearer realm="keyway demo"`)
	s.keys("C-n")
	s.waitFor("Step 2 of 3 · Attach the token", "Authorization scheme", "••••••")
	s.keys("C-n")
	screen = s.waitFor("Step 3 of 3 · Send the request", "Authorization: Bearer ••••••", "HTTP/1.1 200 OK", "✓ done")
	if strings.Contains(screen, "demo-static-token") {
		t.Fatalf("the bearer token is on screen before reveal:\n%s", screen)
	}

	// A revoked token: the walk fails at the request, and says why.
	s.keys("Escape")
	s.waitFor("Walk an auth flow")
	s.selectLine("revoked-token")
	s.keys("Enter")
	s.waitFor("Flow revoked-token (bearer)", "✗ failed", "✗ 3 Send the request", `error="invalid_token"`, "RFC 6750 §3.1")

	s.keys("q")
	s.waitFor("[keyway exited with status 0]")
}

// selectLine moves the Flow screen's picker down until the highlighted
// line (▸) names want. Each press waits for the screen to change, so no
// key is lost to a slow redraw.
func (s *tmuxSession) selectLine(want string) {
	s.t.Helper()
	for range 40 {
		screen := s.screen()
		for _, line := range strings.Split(screen, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "▸ "+want+" ") {
				return
			}
		}
		s.keys("Down")
		deadline := time.Now().Add(20 * time.Second)
		for s.screen() == screen {
			if time.Now().After(deadline) {
				s.t.Fatalf("the picker did not move; last screen:\n%s", screen)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	s.t.Fatalf("no profile %q in the picker:\n%s", want, s.screen())
}
