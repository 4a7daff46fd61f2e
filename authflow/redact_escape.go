package authflow

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A secret rarely shows as typed. A server writes it into JSON with any
// character escaped (PHP writes "ACC\/TOK", Python's json "cl\u00e9"), into
// a URL or a form percent-encoded in either hex case with '+' for a space,
// into an HTML page as character references (&amp; &#39; &#x27; &quot;).
// Rather than list every way of writing a secret — a JSON string may
// escape any subset of its characters, so there are exponentially many —
// the Redactor reads the text as it goes: wherever the text holds an
// escape sequence, it compares what the sequence stands for.

// maxRefDigits bounds the digits of an HTML numeric reference: enough for
// any code point with a few leading zeros (PHP writes &#039;).
const maxRefDigits = 8

// maxExpansion is how many bytes of text one byte of a secret may take at
// most: an ASCII byte as an HTML reference with padded digits
// ("&#x" + 8 digits + ";").
const maxExpansion = 12

// htmlName is the character a named character reference stands for,
// among those that stand for the characters servers escape: the five of
// every HTML escaper, the legacy upper-case ones HTML still reads, and
// HTML5's names for ASCII punctuation. (A switch: this runs for every '&'
// of a text that is masked.)
func htmlName(name string) (rune, bool) {
	switch name {
	case "amp", "AMP":
		return '&', true
	case "lt", "LT":
		return '<', true
	case "gt", "GT":
		return '>', true
	case "quot", "QUOT":
		return '"', true
	case "apos":
		return '\'', true
	case "sol":
		return '/', true
	case "bsol":
		return '\\', true
	case "plus":
		return '+', true
	case "equals":
		return '=', true
	case "colon":
		return ':', true
	case "semi":
		return ';', true
	case "num":
		return '#', true
	case "percnt":
		return '%', true
	case "excl":
		return '!', true
	case "quest":
		return '?', true
	case "commat":
		return '@', true
	case "dollar":
		return '$', true
	case "ast":
		return '*', true
	case "lpar":
		return '(', true
	case "rpar":
		return ')', true
	case "comma":
		return ',', true
	case "period":
		return '.', true
	case "lowbar":
		return '_', true
	case "grave":
		return '`', true
	case "lsqb":
		return '[', true
	case "rsqb":
		return ']', true
	case "lcub":
		return '{', true
	case "rcub":
		return '}', true
	case "verbar":
		return '|', true
	case "Hat":
		return '^', true
	case "Tab":
		return '\t', true
	case "NewLine":
		return '\n', true
	}
	return 0, false
}

// maxHTMLName is the longest name htmlName knows.
const maxHTMLName = 7

// startsEscape marks the bytes that start an escape sequence escapeAt
// reads: a JSON escape (RFC 8259 §7), a percent-encoded octet (RFC 3986
// §2.1), '+' for a space in a form (WHATWG URL §5.1), an HTML character
// reference (HTML Living Standard §13.2.5.72).
var startsEscape = [256]bool{'\\': true, '%': true, '&': true, '+': true}

// escapeAt decodes the escape sequence at s[p]: it returns what the
// sequence stands for (UTF-8, in buf) and how many bytes of s it takes.
// n is 0 when s[p:] holds no complete sequence; then incomplete reports
// that it holds the start of one cut off by the end of s or by CutMark
// (see Redactor.Redact), at s[cut].
func escapeAt(s string, p int, buf *[utf8.UTFMax]byte) (decoded []byte, n int, incomplete bool, cut int) {
	rest := s[p:]
	// stop reports whether the sequence being read ends at rest[i] because
	// the text was cut there.
	stop := func(i int) bool {
		if i >= len(rest) || strings.HasPrefix(rest[i:], CutMark) {
			incomplete, cut = true, p+i
			return true
		}
		return false
	}
	switch rest[0] {
	case '+':
		buf[0] = ' '
		return buf[:1], 1, false, 0
	case '%':
		for i := 1; i < 3; i++ {
			if stop(i) || unhex(rest[i]) < 0 {
				return nil, 0, incomplete, cut
			}
		}
		buf[0] = byte(unhex(rest[1])<<4 | unhex(rest[2]))
		return buf[:1], 3, false, 0
	case '\\':
		if stop(1) {
			return nil, 0, true, cut
		}
		if b, ok := jsonShortEscape(rest[1]); ok {
			buf[0] = b
			return buf[:1], 2, false, 0
		}
		if rest[1] != 'u' {
			return nil, 0, false, 0
		}
		r, ok := hexRune(rest, 2, 4, stop)
		if !ok {
			return nil, 0, incomplete, cut
		}
		n = 6
		if utf16.IsSurrogate(r) {
			// RFC 8259 §7: a character outside the BMP is a UTF-16
			// surrogate pair, each half escaped.
			for i, want := range `\u` {
				if stop(6+i) || rune(rest[6+i]) != want {
					return nil, 0, incomplete, cut
				}
			}
			low, ok := hexRune(rest, 8, 4, stop)
			if !ok {
				return nil, 0, incomplete, cut
			}
			if r = utf16.DecodeRune(r, low); r == utf8.RuneError {
				return nil, 0, false, 0
			}
			n = 12
		}
		return buf[:utf8.EncodeRune(buf[:], r)], n, false, 0
	case '&':
		return htmlRefAt(rest, buf, stop, p)
	}
	return nil, 0, false, 0
}

// htmlRefAt decodes the character reference that rest starts with: &#N;,
// &#xH; or a name htmlName knows followed by ';'.
func htmlRefAt(rest string, buf *[utf8.UTFMax]byte, stop func(int) bool, p int) ([]byte, int, bool, int) {
	var r rune
	i := 1
	if stop(i) {
		return nil, 0, true, p + i
	}
	if rest[i] == '#' {
		i++
		base, digits := 10, 0
		if !stop(i) && (rest[i] == 'x' || rest[i] == 'X') {
			base = 16
			i++
		}
		for ; !stop(i) && digits < maxRefDigits; i, digits = i+1, digits+1 {
			d := unhex(rest[i])
			if d < 0 || d >= base {
				break
			}
			r = r*rune(base) + rune(d)
		}
		if i >= len(rest) || strings.HasPrefix(rest[i:], CutMark) {
			return nil, 0, true, p + i
		}
		if digits == 0 || rest[i] != ';' || r > utf8.MaxRune || utf16.IsSurrogate(r) {
			return nil, 0, false, 0
		}
	} else {
		start := i
		for ; !stop(i) && i-start <= maxHTMLName && isASCIILetter(rest[i]); i++ {
		}
		if i >= len(rest) || strings.HasPrefix(rest[i:], CutMark) {
			return nil, 0, true, p + i
		}
		named, ok := htmlName(rest[start:i])
		if !ok || rest[i] != ';' {
			return nil, 0, false, 0
		}
		r = named
	}
	return buf[:utf8.EncodeRune(buf[:], r)], i + 1, false, 0
}

// jsonShortEscape is the character a two-character JSON escape stands for
// (RFC 8259 §7).
func jsonShortEscape(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// hexRune reads n hex digits (either case) at s[i:].
func hexRune(s string, i, n int, stop func(int) bool) (rune, bool) {
	var r rune
	for j := i; j < i+n; j++ {
		if stop(j) {
			return 0, false
		}
		d := unhex(s[j])
		if d < 0 {
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// unhex is the value of a hex digit in either case, -1 for another byte.
func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
