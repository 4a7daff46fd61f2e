package authflow

import (
	"strings"

	"github.com/skip2/go-qrcode"
)

// QRText renders content as a QR code in text: each character cell holds
// two modules, one above the other, with the half-block characters. Light
// modules are drawn and dark ones left blank, so the code reads right on a
// terminal's dark background; the quiet zone around it is drawn light too.
// Lines are separated by "\n", without a trailing newline.
func QRText(content string) (string, error) {
	code, err := qrcode.New(content, qrcode.Low)
	if err != nil {
		return "", err
	}
	// Bitmap is true for dark modules. Its own quiet zone is four modules
	// wide (ISO/IEC 18004); two read well on a screen and save lines.
	code.DisableBorder = true
	inner := code.Bitmap()
	const quiet = 2
	bits := make([][]bool, len(inner)+2*quiet)
	for y := range bits {
		bits[y] = make([]bool, len(inner)+2*quiet)
		if y >= quiet && y < len(inner)+quiet {
			copy(bits[y][quiet:], inner[y-quiet])
		}
	}
	var b strings.Builder
	for y := 0; y < len(bits); y += 2 {
		if y > 0 {
			b.WriteByte('\n')
		}
		for x := range bits[y] {
			top := !bits[y][x]
			bottom := y+1 < len(bits) && !bits[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
	}
	return b.String(), nil
}
