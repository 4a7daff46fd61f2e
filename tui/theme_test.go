package tui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/config"
)

// TestEveryConfigThemeHasStyles: every theme the config file accepts is
// one the TUI draws differently.
func TestEveryConfigThemeHasStyles(t *testing.T) {
	seen := map[string]string{}
	for _, name := range config.Themes {
		m, _ := newTestModel(t, 80, 24, true)
		if err := m.c.applyConfig(&config.Config{Theme: name}); err != nil {
			t.Fatal(err)
		}
		m = feed(newModel(m.c), 2, tea.WindowSizeMsg{Width: 80, Height: 24}, keyEnter)
		view := m.View().Content
		if other, ok := seen[view]; ok && !(name == "auto" && other == "dark" || name == "dark" && other == "auto") {
			t.Errorf("theme %s draws the same screen as %s", name, other)
		}
		seen[view] = name
	}
}

// TestThemeScreens are one representative screen per new theme at 80×24,
// colours kept: the colours are what a theme is.
func TestThemeScreens(t *testing.T) {
	for _, tc := range []struct {
		theme string
		dark  bool
	}{{"high-contrast", true}, {"high-contrast", false}, {"no-color", true}} {
		name := "explore_80x24_" + tc.theme
		if !tc.dark {
			name += "_light"
		}
		m, _ := newTestModel(t, 80, 24, tc.dark)
		if err := m.c.applyConfig(&config.Config{Theme: tc.theme}); err != nil {
			t.Fatal(err)
		}
		if !tc.dark {
			m.c.setBackground(false)
		}
		m = feed(newModel(m.c), 2, tea.WindowSizeMsg{Width: 80, Height: 24}, keyEnter)
		checkFits(t, m.View().Content, 80, 24)
		checkGolden(t, name, m.View().Content)
	}
}

// TestChosenThemeWins: a theme the user picked holds whatever the terminal
// answers about its background, and over NO_COLOR (no-color.org: user
// configuration overrides it); auto follows both.
func TestChosenThemeWins(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	t.Setenv("NO_COLOR", "1")
	if err := m.c.applyConfig(&config.Config{Theme: "dark"}); err != nil {
		t.Fatal(err)
	}
	m = feed(newModel(m.c), 0, tea.WindowSizeMsg{Width: 80, Height: 24}, tea.BackgroundColorMsg{Color: lightGrey{}})
	if !m.c.dark || m.c.noColor {
		t.Fatalf("theme dark: dark=%v noColor=%v after a light background and NO_COLOR", m.c.dark, m.c.noColor)
	}
	if !strings.Contains(m.View().Content, "\x1b[38;") {
		t.Fatal("theme dark drew no colour under NO_COLOR")
	}

	if err := m.c.applyConfig(&config.Config{}); err != nil {
		t.Fatal(err)
	}
	if !m.c.noColor {
		t.Fatal("auto ignores NO_COLOR")
	}
	m = feed(m, 0, tea.BackgroundColorMsg{Color: lightGrey{}})
	if m.c.dark {
		t.Fatal("auto ignores the background")
	}
}

// TestHighContrastHasNoGrey: the high-contrast palettes keep away from the
// mid greys the default themes use for muted text and frames.
func TestHighContrastHasNoGrey(t *testing.T) {
	for _, p := range []palette{highContrastDark, highContrastLight} {
		for _, grey := range []string{darkPalette.muted, darkPalette.border, lightPalette.muted, lightPalette.border} {
			if slices.Contains([]string{p.muted, p.border, p.text, p.heading}, grey) {
				t.Errorf("high contrast uses the grey %s", grey)
			}
		}
	}
}

// TestTrustDialogTakesTheTheme: the question asked before the app opens is
// drawn in the config's theme too.
func TestTrustDialogTakesTheTheme(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	c, path := trustCollection(t, trustTOML)
	var seen trustModel
	run := func(_ context.Context, m trustModel) (trustModel, error) {
		next, _ := m.Update(tea.BackgroundColorMsg{Color: lightGrey{}})
		seen = next.(trustModel)
		seen.answer = trustYes
		return seen, nil
	}
	opts := Options{Path: path, Collection: c, Config: &config.Config{Theme: "no-color"}}
	if _, err := decideTrust(context.Background(), opts, newSession(nil, nil, nil), run); err != nil {
		t.Fatal(err)
	}
	if !seen.noColor || strings.Contains(seen.render(), "\x1b[38;") {
		t.Fatal("the trust dialog is in colour under the no-color theme")
	}
	opts.Config.Theme = "dark"
	if _, err := decideTrust(context.Background(), opts, newSession(nil, nil, nil), run); err != nil {
		t.Fatal(err)
	}
	if !seen.dark || seen.noColor {
		t.Fatalf("theme dark: dark=%v noColor=%v after a light background", seen.dark, seen.noColor)
	}
}
