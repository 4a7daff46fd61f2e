package tui

import (
	"strings"
	"testing"
)

func TestBigText(t *testing.T) {
	got := strings.Join(bigText("wdjb-mjht", 80), "\n")
	want := strings.Join([]string{
		"█  █ ███    ██ ███       █  █   ██ █  █ ████",
		"█  █ █  █    █ █  █      ████    █ █  █  █",
		"████ █  █    █ ███  ████ ████    █ ████  █",
		"████ █  █ █  █ █  █      █  █ █  █ █  █  █",
		"█  █ ███   ██  ███       █  █  ██  █  █  █",
	}, "\n")
	if got != want {
		t.Fatalf("bigText:\n%s\nwant\n%s", got, want)
	}
	if w := bigTextWidth("WDJB-MJHT"); w != 44 {
		t.Errorf("width %d", w)
	}
	for _, s := range []string{"", "ab cd", "é", "WDJB-MJHT"} {
		width := 80
		if s == "WDJB-MJHT" {
			width = 43
		}
		if got := bigText(s, width); got != nil {
			t.Errorf("bigText(%q, %d) = %q, want nil", s, width, got)
		}
	}
	// Every glyph is the same width, so columns line up.
	for r, g := range bigGlyphs {
		for _, row := range g {
			if len(row) != bigGlyphWidth {
				t.Errorf("glyph %q row %q", r, row)
			}
		}
	}
}
