package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/tidwall/pretty"
)

// Styles is every style the TUI draws with. One constructor, stylesFor,
// builds it for a theme (theme.go) and a dark or light background; the
// no-color theme keeps bold, faint, underline and reverse, which still make
// the screen readable.
type Styles struct {
	// Header is the top bar; Title the app name in it; Tab and ActiveTab
	// the screen names.
	Header, Title, Tab, ActiveTab lipgloss.Style
	// Footer holds the key help; Status the status line above it.
	Footer, Status, StatusErr lipgloss.Style

	// Pane and FocusedPane frame the panes; PaneTitle heads them.
	Pane, FocusedPane, PaneTitle lipgloss.Style

	// Text kinds.
	Normal, Muted, Bold, Err, Warn, OK, Key, Secret lipgloss.Style

	// List items: Folder headers, the Selected row, filter Match marks.
	Folder, Item, Selected, Match lipgloss.Style
	// Method colours an HTTP method; use MethodStyle.
	Method map[string]lipgloss.Style

	// Status classes of an HTTP status code; use StatusStyle.
	Status2xx, Status3xx, Status4xx, Status5xx lipgloss.Style

	// Overlay frames modal boxes (help, prompt, environment chooser).
	Overlay lipgloss.Style

	// Help styles the bubbles/help footer and overlay.
	Help help.Styles
	// Input styles text inputs.
	Input textinput.Styles
	// JSON colours pretty-printed JSON; nil means no colour.
	JSON *pretty.Style
}

// newStyles returns the styles of the default theme for a dark or light
// background; noColor drops every colour.
func newStyles(dark, noColor bool) Styles {
	if noColor {
		return stylesFor(themeNoColor, dark)
	}
	return stylesFor(themeAuto, dark)
}

// palette is a theme's colours, as hex strings.
type palette struct {
	accent, text, heading, folder, muted, border string
	err, warn, ok, info, purple                  string
}

// The default palettes were chosen for contrast on common dark and light
// terminal backgrounds. The high-contrast ones use the extremes (white or
// black text, fully saturated colours, no grey) for low vision and for
// screens in daylight.
var (
	darkPalette = palette{accent: "#A29BFE", text: "#F1F1F1", heading: "#DDDDDD", folder: "#CCCCCC", muted: "#8A8A8A", border: "#4A4A4A",
		err: "#FF6B6B", warn: "#FFB86C", ok: "#50FA7B", info: "#8BE9FD", purple: "#D6ACFF"}
	lightPalette = palette{accent: "#5A4FCF", text: "#1F1F1F", heading: "#333333", folder: "#333333", muted: "#6B6B6B", border: "#BBBBBB",
		err: "#B00020", warn: "#8A5A00", ok: "#1B7F3B", info: "#00659C", purple: "#7A3E9D"}
	highContrastDark = palette{accent: "#FFFF00", text: "#FFFFFF", heading: "#FFFFFF", folder: "#FFFFFF", muted: "#E0E0E0", border: "#FFFFFF",
		err: "#FF4040", warn: "#FFFF00", ok: "#00FF00", info: "#00FFFF", purple: "#FF80FF"}
	highContrastLight = palette{accent: "#0000CC", text: "#000000", heading: "#000000", folder: "#000000", muted: "#202020", border: "#000000",
		err: "#B00000", warn: "#6B3A00", ok: "#005A00", info: "#003F8A", purple: "#6A007A"}
)

// stylesFor returns the styles of a theme for a dark or light background
// (a fixed theme has chosen already; see common.setBackground).
func stylesFor(t theme, dark bool) Styles {
	noColor := t == themeNoColor
	p := lightPalette
	switch {
	case t == themeHighContrast && dark:
		p = highContrastDark
	case t == themeHighContrast:
		p = highContrastLight
	case dark:
		p = darkPalette
	}
	fg := func(hex string) lipgloss.Style {
		if noColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(lipgloss.Color(hex))
	}
	muted := fg(p.muted)
	pane := lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
	focused := pane
	switch {
	case noColor:
		focused = focused.Border(lipgloss.DoubleBorder())
	case t == themeHighContrast:
		// Thick frames, the focused one doubled, so the focus shows
		// without telling colours apart.
		pane = pane.Border(lipgloss.NormalBorder()).BorderForeground(lipgloss.Color(p.border))
		focused = focused.Border(lipgloss.DoubleBorder()).BorderForeground(lipgloss.Color(p.accent))
	default:
		pane = pane.BorderForeground(lipgloss.Color(p.border))
		focused = focused.BorderForeground(lipgloss.Color(p.accent))
	}
	s := Styles{
		Header:      lipgloss.NewStyle(),
		Title:       fg(p.accent).Bold(true),
		Tab:         muted,
		ActiveTab:   fg(p.text).Bold(true).Underline(true),
		Footer:      lipgloss.NewStyle(),
		Status:      muted,
		StatusErr:   fg(p.err).Bold(true),
		Pane:        pane,
		FocusedPane: focused,
		PaneTitle:   fg(p.heading).Bold(true),
		Normal:      lipgloss.NewStyle(),
		Muted:       muted,
		Bold:        lipgloss.NewStyle().Bold(true),
		Err:         fg(p.err).Bold(true),
		Warn:        fg(p.warn),
		OK:          fg(p.ok),
		Key:         fg(p.accent).Bold(true),
		Secret:      fg(p.warn),
		Folder:      fg(p.folder).Bold(true),
		Item:        lipgloss.NewStyle(),
		Selected:    lipgloss.NewStyle().Reverse(true).Bold(true),
		Match:       lipgloss.NewStyle().Underline(true),
		Status2xx:   fg(p.ok).Bold(true),
		Status3xx:   fg(p.info).Bold(true),
		Status4xx:   fg(p.warn).Bold(true),
		Status5xx:   fg(p.err).Bold(true),
		Overlay:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Method: map[string]lipgloss.Style{
			"GET":    fg(p.ok).Bold(true),
			"POST":   fg(p.warn).Bold(true),
			"PUT":    fg(p.info).Bold(true),
			"PATCH":  fg(p.purple).Bold(true),
			"DELETE": fg(p.err).Bold(true),
		},
	}
	switch {
	case noColor:
		s.Help = plainHelpStyles()
		s.Input = textinput.DefaultStyles(dark)
		plain := lipgloss.NewStyle()
		s.Input.Focused.Prompt, s.Input.Blurred.Prompt = plain.Bold(true), plain
		s.Input.Focused.Text, s.Input.Blurred.Text = plain, plain
		s.Input.Focused.Placeholder, s.Input.Blurred.Placeholder = plain.Faint(true), plain.Faint(true)
		s.Input.Cursor.Color = nil
		return s
	case t == themeHighContrast:
		s.Overlay = s.Overlay.Border(lipgloss.DoubleBorder()).BorderForeground(lipgloss.Color(p.accent))
		s.Help = paletteHelpStyles(p)
	default:
		s.Overlay = s.Overlay.BorderForeground(lipgloss.Color(p.accent))
		s.Help = help.DefaultStyles(dark)
	}
	s.Input = textinput.DefaultStyles(dark)
	s.JSON = jsonStyle(dark)
	return s
}

// paletteHelpStyles is bubbles/help in a palette's colours: keys bold in
// the accent, descriptions in the text colour (bubbles' own greys are too
// faint for a high-contrast theme).
func paletteHelpStyles(p palette) help.Styles {
	key := lipgloss.NewStyle().Foreground(lipgloss.Color(p.accent)).Bold(true)
	text := lipgloss.NewStyle().Foreground(lipgloss.Color(p.text))
	return help.Styles{
		Ellipsis:       text,
		ShortKey:       key,
		ShortDesc:      text,
		ShortSeparator: text,
		FullKey:        key,
		FullDesc:       text,
		FullSeparator:  text,
	}
}

// plainHelpStyles is bubbles/help without colour: keys bold, the rest
// plain.
func plainHelpStyles() help.Styles {
	plain := lipgloss.NewStyle()
	return help.Styles{
		Ellipsis:       plain,
		ShortKey:       plain.Bold(true),
		ShortDesc:      plain,
		ShortSeparator: plain,
		FullKey:        plain.Bold(true),
		FullDesc:       plain,
		FullSeparator:  plain,
	}
}

// jsonStyle is the JSON palette in raw SGR sequences, since tidwall/pretty
// writes its colours as byte prefixes and suffixes.
func jsonStyle(dark bool) *pretty.Style {
	const reset = "\x1b[0m"
	if dark {
		return &pretty.Style{
			Key:    [2]string{"\x1b[38;5;117m", reset},
			String: [2]string{"\x1b[38;5;150m", reset},
			Number: [2]string{"\x1b[38;5;215m", reset},
			True:   [2]string{"\x1b[38;5;177m", reset},
			False:  [2]string{"\x1b[38;5;177m", reset},
			Null:   [2]string{"\x1b[38;5;245m", reset},
			Escape: [2]string{"\x1b[38;5;204m", reset},
		}
	}
	return &pretty.Style{
		Key:    [2]string{"\x1b[38;5;25m", reset},
		String: [2]string{"\x1b[38;5;28m", reset},
		Number: [2]string{"\x1b[38;5;130m", reset},
		True:   [2]string{"\x1b[38;5;91m", reset},
		False:  [2]string{"\x1b[38;5;91m", reset},
		Null:   [2]string{"\x1b[38;5;242m", reset},
		Escape: [2]string{"\x1b[38;5;161m", reset},
	}
}

// MethodStyle returns the style of an HTTP method.
func (s Styles) MethodStyle(method string) lipgloss.Style {
	if st, ok := s.Method[method]; ok {
		return st
	}
	return s.Bold
}

// StatusStyle returns the style of an HTTP status code's class.
func (s Styles) StatusStyle(code int) lipgloss.Style {
	switch {
	case code >= 500:
		return s.Status5xx
	case code >= 400:
		return s.Status4xx
	case code >= 300:
		return s.Status3xx
	case code >= 200:
		return s.Status2xx
	}
	return s.Err
}

// frameStyle is a pane's border and title style.
type frameStyle struct {
	border lipgloss.Style
	title  lipgloss.Style
}

// frame returns the pane frame, highlighted when the pane has the focus.
func (s Styles) frame(focused bool) frameStyle {
	if focused {
		return frameStyle{border: s.FocusedPane, title: s.PaneTitle}
	}
	return frameStyle{border: s.Pane, title: s.PaneTitle.Bold(false)}
}
