package tui

import "os"

// theme is a built-in theme, named as in the config file (config.Themes).
type theme string

const (
	// themeAuto is dark or light as the terminal's background answers,
	// and no-color when NO_COLOR is set.
	themeAuto         theme = ""
	themeDark         theme = "dark"
	themeLight        theme = "light"
	themeHighContrast theme = "high-contrast"
	themeNoColor      theme = "no-color"
)

// setTheme picks the theme and restyles. A theme the user chose wins over
// NO_COLOR, as no-color.org asks of user-level configuration; only auto
// honours it.
func (c *common) setTheme(t theme) {
	c.theme = t
	switch t {
	case themeAuto:
		// no-color.org: set to any non-empty value.
		c.noColor = os.Getenv("NO_COLOR") != ""
	default:
		c.noColor = t == themeNoColor
	}
	switch t {
	case themeDark:
		c.dark = true
	case themeLight:
		c.dark = false
	}
	c.restyle()
}

// setBackground records the terminal's background as it answered; the
// dark and light themes were chosen whatever it is, so they keep theirs.
func (c *common) setBackground(dark bool) {
	if c.theme != themeDark && c.theme != themeLight {
		c.dark = dark
	}
	c.restyle()
}

// restyle rebuilds the styles for the theme and background.
func (c *common) restyle() {
	t := c.theme
	if c.noColor {
		t = themeNoColor
	}
	c.styles = stylesFor(t, c.dark)
}
