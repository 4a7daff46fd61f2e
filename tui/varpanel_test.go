package tui

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// varsModel is a model whose variables come from every layer: the file,
// the staging environment, --var and captures, one captured value bound
// to a host (a credential's answer, so a secret).
func varsModel(t *testing.T, w, h int, dark bool) model {
	t.Helper()
	m, _ := newTestModel(t, w, h, dark)
	m.c.coll.Vars["api_key"] = "{{secret:api_key}}"
	m.c.coll.Vars["home"] = "{{env:HOME}}"
	m.c.coll.Vars["user_id"] = "1"
	m.c.env = "staging"
	m.c.session.vars = map[string]string{"base_url": "http://127.0.0.1:9999"}
	m.c.session.keepCaptures(map[string]string{"user_id": "42"}, nil)
	m.c.session.keepCaptures(map[string]string{"session": "Sup3rSecretPw"}, []authflow.HostLimit{{Hosts: []string{"127.0.0.1"}}})
	return m
}

// TestVariablesPanel: V shows each variable's winner and what it
// overrides, references as written, secrets masked; x asks, then clears
// the captures.
func TestVariablesPanel(t *testing.T) {
	m := varsModel(t, 120, 40, true)
	m = feed(m, 0, keyChar('V'))
	screen := screenText(m)
	for _, want := range []string{
		"base_url = http://127.0.0.1:9999  (--var wins)",
		"overrides env staging: https://staging.example.com",
		"overrides vars: http://127.0.0.1:8080",
		"api_key  = {{secret:api_key}}  (vars)",
		"home     = {{env:HOME}}  (vars)",
		"user_id  = 42  (captured wins)",
		"session  = ••••••  (captured)",
		"vars < env < --var < captured",
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("panel lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "Sup3rSecretPw") {
		t.Fatal("a captured secret is shown")
	}
	m = feed(m, 0, keyChar('x'))
	if !strings.Contains(screenText(m), "Clear 2 captured values for this session? y/n") {
		t.Fatalf("x did not ask:\n%s", screenText(m))
	}
	m = feed(m, 0, keyChar('n'))
	if len(m.c.session.captures) != 2 {
		t.Fatal("n cleared the captures")
	}
	m = feed(m, 1, keyChar('x'), keyChar('y'))
	if len(m.c.session.captures) != 0 || m.c.session.captureLimits != nil {
		t.Fatalf("captures left: %v", m.c.session.captures)
	}
	screen = screenText(m)
	if !strings.Contains(screen, "user_id  = 1  (vars)") || !strings.Contains(screen, "Captured values cleared") {
		t.Fatalf("after clearing:\n%s", screen)
	}
	m = feed(m, 0, keyChar('x'))
	if !strings.Contains(screenText(m), "no captures to clear") {
		t.Fatalf("x with nothing captured:\n%s", screenText(m))
	}
	m = feed(m, 0, keyEsc)
	if m.vars != nil {
		t.Fatal("esc did not close the panel")
	}
}

// TestVariablesPanelGolden: the panel at 80×24 and 120×40, dark and light.
func TestVariablesPanelGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			m := varsModel(t, size[0], size[1], dark)
			m = feed(m, 0, keyChar('V'))
			checkFits(t, m.View().Content, size[0], size[1])
			checkGolden(t, goldenName(size, dark), screenText(m))
		}
	}
}

// goldenName is "80x24_dark" and the like.
func goldenName(size [2]int, dark bool) string {
	theme := "light"
	if dark {
		theme = "dark"
	}
	return itoa(size[0]) + "x" + itoa(size[1]) + "_" + theme
}
