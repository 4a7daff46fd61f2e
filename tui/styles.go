package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
	"github.com/tidwall/pretty"
)

// Styles is every style the TUI draws with. One constructor, newStyles,
// builds it for a dark or light background, or without colour when NO_COLOR
// is set (then bold, faint, underline and reverse still make the screen
// readable).
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

// newStyles returns the styles for a dark or light background; noColor
// drops every colour.
func newStyles(dark, noColor bool) Styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkc string) color.Color {
		if noColor {
			return nil
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkc))
	}
	fg := func(light, darkc string) lipgloss.Style {
		s := lipgloss.NewStyle()
		if col := c(light, darkc); col != nil {
			s = s.Foreground(col)
		}
		return s
	}
	var (
		accent   = c("#5A4FCF", "#A29BFE")
		muted    = fg("#6B6B6B", "#8A8A8A")
		border   = c("#BBBBBB", "#4A4A4A")
		focusBdr = accent
	)
	pane := lipgloss.NewStyle().Border(lipgloss.RoundedBorder())
	focused := pane
	if !noColor {
		pane = pane.BorderForeground(border)
		focused = focused.BorderForeground(focusBdr)
	} else {
		focused = focused.Border(lipgloss.DoubleBorder())
	}
	s := Styles{
		Header:      lipgloss.NewStyle(),
		Title:       fg("#5A4FCF", "#A29BFE").Bold(true),
		Tab:         muted,
		ActiveTab:   fg("#1F1F1F", "#F1F1F1").Bold(true).Underline(true),
		Footer:      lipgloss.NewStyle(),
		Status:      muted,
		StatusErr:   fg("#B00020", "#FF6B6B").Bold(true),
		Pane:        pane,
		FocusedPane: focused,
		PaneTitle:   fg("#333333", "#DDDDDD").Bold(true),
		Normal:      lipgloss.NewStyle(),
		Muted:       muted,
		Bold:        lipgloss.NewStyle().Bold(true),
		Err:         fg("#B00020", "#FF6B6B").Bold(true),
		Warn:        fg("#8A5A00", "#FFB86C"),
		OK:          fg("#1B7F3B", "#50FA7B"),
		Key:         fg("#5A4FCF", "#A29BFE").Bold(true),
		Secret:      fg("#8A5A00", "#FFB86C"),
		Folder:      fg("#333333", "#CCCCCC").Bold(true),
		Item:        lipgloss.NewStyle(),
		Selected:    lipgloss.NewStyle().Reverse(true).Bold(true),
		Match:       lipgloss.NewStyle().Underline(true),
		Status2xx:   fg("#1B7F3B", "#50FA7B").Bold(true),
		Status3xx:   fg("#00659C", "#8BE9FD").Bold(true),
		Status4xx:   fg("#8A5A00", "#FFB86C").Bold(true),
		Status5xx:   fg("#B00020", "#FF6B6B").Bold(true),
		Overlay:     lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1),
		Method: map[string]lipgloss.Style{
			"GET":    fg("#1B7F3B", "#50FA7B").Bold(true),
			"POST":   fg("#8A5A00", "#FFB86C").Bold(true),
			"PUT":    fg("#00659C", "#8BE9FD").Bold(true),
			"PATCH":  fg("#7A3E9D", "#D6ACFF").Bold(true),
			"DELETE": fg("#B00020", "#FF6B6B").Bold(true),
		},
	}
	if !noColor {
		s.Overlay = s.Overlay.BorderForeground(accent)
		s.Help = help.DefaultStyles(dark)
		s.Input = textinput.DefaultStyles(dark)
		s.JSON = jsonStyle(dark)
	} else {
		s.Help = plainHelpStyles()
		s.Input = textinput.DefaultStyles(dark)
		plain := lipgloss.NewStyle()
		s.Input.Focused.Prompt, s.Input.Blurred.Prompt = plain.Bold(true), plain
		s.Input.Focused.Text, s.Input.Blurred.Text = plain, plain
		s.Input.Focused.Placeholder, s.Input.Blurred.Placeholder = plain.Faint(true), plain.Faint(true)
		s.Input.Cursor.Color = nil
	}
	return s
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
