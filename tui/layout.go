package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// padRight pads s with spaces to width cells (ANSI-aware); longer strings
// are returned unchanged.
func padRight(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// fitLines joins lines into a block of exactly height lines, each cut to
// width cells and padded to it, so a view never spills over its area
// whatever the terminal size.
func fitLines(lines []string, width, height int) string {
	if height <= 0 || width <= 0 {
		return ""
	}
	var b strings.Builder
	for i := range height {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		if ansi.StringWidth(line) > width {
			line = ansi.Truncate(line, width, "…")
		}
		b.WriteString(padRight(line, width))
		if i < height-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// fitBlock is fitLines for a rendered block of text.
func fitBlock(s string, width, height int) string {
	return fitLines(strings.Split(s, "\n"), width, height)
}

// frame draws content inside style's border with a title in the top edge,
// the whole box exactly width×height cells.
func frame(style frameStyle, title, content string, width, height int) string {
	innerW, innerH := width-2, height-2
	if innerW < 1 || innerH < 1 {
		return fitBlock("", width, height)
	}
	box := style.border.Width(width).Height(height).Render(fitBlock(content, innerW, innerH))
	if title == "" {
		return box
	}
	// Overwrite the top border after its corner with the title.
	lines := strings.SplitN(box, "\n", 2)
	t := ansi.Truncate(" "+title+" ", innerW-1, "…")
	top := ansi.Cut(lines[0], 0, 2) + style.title.Render(t) + ansi.Cut(lines[0], 2+ansi.StringWidth(t), width)
	if len(lines) == 1 {
		return top
	}
	return top + "\n" + lines[1]
}
