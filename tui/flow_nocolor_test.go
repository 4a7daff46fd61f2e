package tui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sgrPattern matches a Select Graphic Rendition escape sequence.
var sgrPattern = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourCodes lists the SGR parameters in s that set a colour (ECMA-48:
// 30–39 and 90–97 foreground, 40–49 and 100–107 background), which NO_COLOR
// forbids; bold, faint, underline and reverse are allowed.
func colourCodes(s string) []string {
	var found []string
	for _, m := range sgrPattern.FindAllStringSubmatch(s, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, err := strconv.Atoi(p)
			if err != nil {
				continue
			}
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) {
				found = append(found, m[0])
			}
		}
	}
	return found
}

// TestScreensWithoutColour renders the walk, the replay and the profile
// list as NO_COLOR asks: no colour at all, while marks such as ✓ and ✗
// still tell passed from failed.
func TestScreensWithoutColour(t *testing.T) {
	flow, _ := newFlowTest(t, 80, 24, scriptedSend(oauthSteps(), nil))
	flow, _ = pumpFlow(flow, flow.Start("alice-basic", ""))
	replay := newReplayTest(t, 80, 24, scriptedRunner(false, nil))
	replay, _ = pump(replay, replay.Start(""))
	profiles, _ := newProfilesTest(t, 80, 24)
	for name, view := range map[string]string{"flow": flow.View(), "replay": replay.View(), "profiles": profiles.View()} {
		if codes := colourCodes(view); len(codes) > 0 {
			t.Errorf("%s sets colours under NO_COLOR: %q", name, codes)
		}
	}
	if !strings.Contains(replay.View(), "✗") || !strings.Contains(replay.View(), "✓") {
		t.Error("without colour, the replay's marks must still tell failures apart")
	}
	if got := colourCodes("\x1b[1;38;5;117mx\x1b[0m"); len(got) == 0 {
		t.Error("colourCodes misses a 256-colour foreground")
	}
}
