package report

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// WriteJUnit writes its XML by hand rather than through encoding/xml: that
// package's init builds HTML entity tables every time the binary starts,
// which keyway's start-up budget cannot spare for a report few runs ask
// for. The escaping here is therefore a copy of encoding/xml's EscapeText,
// byte for byte, so that reports did not change when the package went
// (FuzzJUnitEscape compares the two).

// The replacements escapeXML makes. Quotes use character references
// because they are shorter than &quot; and &apos;. Tab, line feed and
// carriage return are references too because an XML processor turns a
// literal one in an attribute value into a space (XML 1.0 §3.3.3) and a
// literal CR anywhere into a line feed (§2.11); encoding/xml escaped them
// in character data as well, so the same text escapes the same way in
// both places.
const (
	escapedQuote         = "&#34;"
	escapedApostrophe    = "&#39;"
	escapedAmpersand     = "&amp;"
	escapedLess          = "&lt;"
	escapedGreater       = "&gt;"
	escapedTab           = "&#x9;"
	escapedLineFeed      = "&#xA;"
	escapedReturn        = "&#xD;"
	replacementCharacter = "\uFFFD"
)

// escapeXML appends s to b escaped for XML 1.0 character data or a quoted
// attribute value: markup characters and both quotes become references,
// and whatever XML 1.0 cannot hold at all (see isXMLChar), as well as each
// byte of invalid UTF-8, becomes U+FFFD. It allocates only when b must grow.
func escapeXML(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && !isXMLMarkup(c) {
			// Printable ASCII that needs no escape, by far the common case.
			i++
			continue
		}
		width := 1
		var esc string
		if c < utf8.RuneSelf {
			esc = escapeASCII(c)
		} else {
			var r rune
			r, width = utf8.DecodeRuneInString(s[i:])
			// A width-1 RuneError is a byte of invalid UTF-8 (which includes
			// the encoding of a surrogate); a real U+FFFD has width 3.
			if (r == utf8.RuneError && width == 1) || !isXMLChar(r) {
				esc = replacementCharacter
			}
		}
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + width
		}
		i += width
	}
	return append(b, s[last:]...)
}

// isXMLMarkup reports whether the ASCII byte c must be escaped in character
// data or in an attribute value quoted with either quote.
func isXMLMarkup(c byte) bool {
	return c == '"' || c == '\'' || c == '&' || c == '<' || c == '>'
}

// escapeASCII returns what an ASCII byte that is markup or a control
// character becomes; the C0 controls other than tab, line feed and carriage
// return are not XML 1.0 characters at all.
func escapeASCII(c byte) string {
	switch c {
	case '"':
		return escapedQuote
	case '\'':
		return escapedApostrophe
	case '&':
		return escapedAmpersand
	case '<':
		return escapedLess
	case '>':
		return escapedGreater
	case '\t':
		return escapedTab
	case '\n':
		return escapedLineFeed
	case '\r':
		return escapedReturn
	}
	if c < 0x20 {
		return replacementCharacter
	}
	return ""
}

// isXMLChar reports whether r is in the Char production of XML 1.0 §2.2:
// tab, line feed, carriage return and the Unicode scalar values except the
// other C0 controls, the surrogates and the noncharacters U+FFFE and
// U+FFFF.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}

// junitWriter accumulates a JUnit document in buf and hands it to w in
// pieces. A write error is kept in err and ends the writing, as a
// bufio.Writer's does.
type junitWriter struct {
	w   io.Writer
	buf []byte
	err error
}

// open starts the start tag of element name at depth, on a line of its own
// but for the root, which follows the XML declaration's line feed.
func (x *junitWriter) open(depth int, name string) {
	if depth > 0 {
		x.newline(depth)
	}
	x.buf = append(x.buf, '<')
	x.buf = append(x.buf, name...)
}

// attr adds an attribute to the start tag being written. Values are quoted
// with double quotes; escapeXML escapes both kinds anyway.
func (x *junitWriter) attr(name, value string) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, '=', '"')
	x.buf = escapeXML(x.buf, value)
	x.buf = append(x.buf, '"')
}

// intAttr adds an attribute holding the decimal integer v.
func (x *junitWriter) intAttr(name string, v int) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, '=', '"')
	x.buf = strconv.AppendInt(x.buf, int64(v), 10)
	x.buf = append(x.buf, '"')
}

// endOpen ends the start tag being written.
func (x *junitWriter) endOpen() {
	x.buf = append(x.buf, '>')
}

// close writes the end tag of element name at depth: on a line of its own
// after child elements, right after the start tag or the text otherwise.
// Empty elements keep an end tag rather than becoming `<name/>`, as
// encoding/xml wrote them.
func (x *junitWriter) close(depth int, name string, children bool) {
	if children {
		x.newline(depth)
	}
	x.buf = append(x.buf, '<', '/')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, '>')
}

// newline starts a line indented by two spaces per level of depth.
func (x *junitWriter) newline(depth int) {
	x.buf = append(x.buf, '\n')
	for range depth {
		x.buf = append(x.buf, ' ', ' ')
	}
}

// flush passes what is buffered to w, unless an earlier write failed.
func (x *junitWriter) flush() {
	if x.err == nil && len(x.buf) > 0 {
		_, x.err = x.w.Write(x.buf)
	}
	x.buf = x.buf[:0]
}
