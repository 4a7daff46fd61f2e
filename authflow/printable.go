package authflow

import (
	"strings"
	"unicode/utf8"
)

// Printable returns s made safe to write to a terminal: escape sequences
// (CSI, OSC, DCS and the rest) are removed, other control characters are
// dropped except newline and tab, CRLF becomes LF, invalid UTF-8 becomes
// U+FFFD and bidirectional overrides are dropped. Text from servers (bodies,
// headers, error descriptions) passes through it before it reaches a screen,
// so that a server cannot move the cursor, retitle the window or hide text.
func Printable(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			i += escapeLength(s[i:])
			continue
		case r == '\r':
			// A lone CR would let a server overwrite the line already shown.
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			// C0 and C1 controls, including the 8-bit CSI (U+009B).
		case isBidiControl(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain reports whether s needs no cleaning, the common case.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == 0x7f || (c < 0x20 && c != '\n' && c != '\t') {
			return false
		}
	}
	return true
}

// isBidiControl reports the explicit directional formatting characters
// (Unicode UAX #9), which can make text read differently from its bytes.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// escapeLength returns how many bytes the escape sequence at the start of s
// (which begins with ESC) spans, following ECMA-48: CSI ends at a final byte
// in 0x40–0x7E; OSC, DCS, SOS, PM and APC strings end at BEL or ST (ESC \);
// any other escape is ESC plus one byte.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	default:
		_, size := utf8.DecodeRuneInString(s[1:])
		return 1 + size
	}
}
