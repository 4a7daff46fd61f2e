package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
)

// newDemoModel is the root model as keyway demo opens it: the demo's
// collection name, the demo mark and --var base_url pointing at its API.
func newDemoModel(t *testing.T, w, h int, dark bool) model {
	t.Helper()
	t.Setenv("NO_COLOR", "")
	coll := testCollection()
	coll.Name = "keyway demo"
	eng := &fakeEngine{responses: map[string]*authflow.Response{}}
	c := newCommon(coll, "", newSession(map[string]string{"base_url": "http://127.0.0.1:4242"}, nil, nil), eng)
	c.demo = true
	m := newModel(c)
	if !dark {
		m = feed(m, 0, tea.BackgroundColorMsg{Color: lightGrey{}})
	}
	return feed(m, 0, tea.WindowSizeMsg{Width: w, Height: h})
}

// TestEnvSwitchSaysWhatWins: in keyway demo, choosing an environment whose
// only variable is given with --var changes nothing; the chooser, the
// status and the header say so and why, and the header keeps the
// environment whole at 80 columns instead of "(dem…" (issue 13 defect 10).
func TestEnvSwitchSaysWhatWins(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			name := fmt.Sprintf("%dx%d_%s", size.w, size.h, map[bool]string{true: "dark", false: "light"}[dark])
			t.Run(name, func(t *testing.T) {
				m := newDemoModel(t, size.w, size.h, dark)
				if head := strings.Split(screenText(m), "\n")[0]; !strings.Contains(head, "env none") || strings.Contains(head, "…") {
					t.Errorf("the header is cut: %q", head)
				}
				m = feed(m, 0, keyChar('v'))
				chooser := screenText(m)
				if !strings.Contains(chooser, "--var wins: base_url") {
					t.Errorf("the chooser does not say --var wins over staging:\n%s", chooser)
				}
				m = feed(m, 1, keyDown, keyEnter)
				screen := screenText(m)
				flat := strings.Join(strings.Fields(screen), " ")
				if !strings.Contains(flat, "Environment: staging. Nothing changes: it sets only base_url, which keyway demo sets with --var to reach its own API; a --var wins over any environment.") {
					t.Errorf("the status does not say why nothing changed:\n%s", screen)
				}
				head := strings.Split(screen, "\n")[0]
				if !strings.Contains(head, "env staging (--var wins)") {
					t.Errorf("the header does not say --var wins: %q", head)
				}
				checkFits(t, m.View().Content, size.w, size.h)
				checkGolden(t, "env_switched_"+name, screen)
			})
		}
	}
}

// TestEnvSwitchWithoutVarIsPlain: with no --var nothing is said beyond the
// environment's name.
func TestEnvSwitchWithoutVarIsPlain(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 1, keyChar('v'), keyDown, keyEnter)
	screen := screenText(m)
	if !strings.Contains(screen, "Environment: staging.") || strings.Contains(screen, "--var") {
		t.Errorf("unexpected status:\n%s", screen)
	}
}
