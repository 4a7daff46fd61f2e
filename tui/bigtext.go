package tui

import "strings"

// bigText renders s in letters five lines tall, for a code the learner
// must read from across a desk and type on another device, as a TV shows
// a device code (RFC 8628 §3.3). Letters, digits and '-' have glyphs; a
// string with any other character, or wider than width, gives nil, and
// the caller shows it plainly.
func bigText(s string, width int) []string {
	if s == "" {
		return nil
	}
	rows := make([]strings.Builder, bigTextHeight)
	for i, r := range strings.ToUpper(s) {
		g, ok := bigGlyphs[r]
		if !ok {
			return nil
		}
		for row := range rows {
			if i > 0 {
				rows[row].WriteByte(' ')
			}
			rows[row].WriteString(strings.ReplaceAll(g[row], "#", "█"))
		}
	}
	out := make([]string, len(rows))
	for i := range rows {
		out[i] = strings.TrimRight(rows[i].String(), " ")
	}
	if bigTextWidth(s) > width {
		return nil
	}
	return out
}

// bigTextWidth is how many cells bigText(s) takes.
func bigTextWidth(s string) int {
	n := len([]rune(s))
	return n*bigGlyphWidth + n - 1
}

const (
	bigTextHeight = 5
	bigGlyphWidth = 4
)

// bigGlyphs are the letters of bigText, four cells wide; '#' is a block.
var bigGlyphs = map[rune][bigTextHeight]string{
	'A': {" ## ", "#  #", "####", "#  #", "#  #"},
	'B': {"### ", "#  #", "### ", "#  #", "### "},
	'C': {" ###", "#   ", "#   ", "#   ", " ###"},
	'D': {"### ", "#  #", "#  #", "#  #", "### "},
	'E': {"####", "#   ", "### ", "#   ", "####"},
	'F': {"####", "#   ", "### ", "#   ", "#   "},
	'G': {" ###", "#   ", "# ##", "#  #", " ###"},
	'H': {"#  #", "#  #", "####", "#  #", "#  #"},
	'I': {"### ", " #  ", " #  ", " #  ", "### "},
	'J': {"  ##", "   #", "   #", "#  #", " ## "},
	'K': {"#  #", "# # ", "##  ", "# # ", "#  #"},
	'L': {"#   ", "#   ", "#   ", "#   ", "####"},
	'M': {"#  #", "####", "####", "#  #", "#  #"},
	'N': {"#  #", "## #", "# ##", "#  #", "#  #"},
	'O': {" ## ", "#  #", "#  #", "#  #", " ## "},
	'P': {"### ", "#  #", "### ", "#   ", "#   "},
	'Q': {" ## ", "#  #", "#  #", "# ##", " ###"},
	'R': {"### ", "#  #", "### ", "# # ", "#  #"},
	'S': {" ###", "#   ", " ## ", "   #", "### "},
	'T': {"####", " #  ", " #  ", " #  ", " #  "},
	'U': {"#  #", "#  #", "#  #", "#  #", " ## "},
	'V': {"#  #", "#  #", "#  #", " ## ", " #  "},
	'W': {"#  #", "#  #", "####", "####", "#  #"},
	'X': {"#  #", "#  #", " ## ", "#  #", "#  #"},
	'Y': {"#  #", "#  #", " ###", "   #", " ## "},
	'Z': {"####", "   #", " ## ", "#   ", "####"},
	'0': {" ## ", "# ##", "####", "## #", " ## "},
	'1': {" #  ", "##  ", " #  ", " #  ", "### "},
	'2': {"### ", "   #", " ## ", "#   ", "####"},
	'3': {"### ", "   #", " ## ", "   #", "### "},
	'4': {"#  #", "#  #", "####", "   #", "   #"},
	'5': {"####", "#   ", "### ", "   #", "### "},
	'6': {" ## ", "#   ", "### ", "#  #", " ## "},
	'7': {"####", "   #", "  # ", " #  ", " #  "},
	'8': {" ## ", "#  #", " ## ", "#  #", " ## "},
	'9': {" ## ", "#  #", " ###", "   #", " ## "},
	'-': {"    ", "    ", "####", "    ", "    "},
}
