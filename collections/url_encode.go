package collections

import "strings"

// encodeURLText percent-encodes, after the authority, every byte that
// cannot appear raw in a URI (RFC 3986 §2): a space, a control character,
// `"`, `<`, `>`, `\`, `^`, "`", `{`, `|`, `}`, and each byte of a
// non-ASCII character's UTF-8 form (§2.5) — as browsers do. Go's client
// writes a URL's query to the request line as it is, so a space from a
// variable (v = "a HTTP/1.0") would otherwise end the request target early
// (RFC 9112 §3.2) and a CR or LF would split the request.
//
// A `%` not followed by two hex digits becomes %25: it cannot be an
// escape, and Go's parser refuses it. What RFC 3986 gives a meaning to —
// `/ ? # & = + % @ :` — is left as it is: a value inserted into the URL
// becomes part of its structure, as written (see docs/collections.md); to
// send such characters as data, use the query table, whose values are
// encoded as query components.
//
// The URL is returned unchanged, without allocating, when nothing needs
// encoding: the common case.
func encodeURLText(raw string) string {
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + 3
		if j := strings.IndexAny(raw[start:], "/?#"); j >= 0 {
			start += j
		} else {
			start = len(raw) // no path: the authority is parsed as it is
		}
	}
	return encodeFrom(raw, start)
}

// encodeURLValue is how encodeURLText writes value when a template
// inserts it after a URL's authority: the form in which a secret in a URL
// is sent, and so has to be masked.
func encodeURLValue(value string) string { return encodeFrom(value, 0) }

// encodeFrom encodes raw[start:] as encodeURLText says.
func encodeFrom(raw string, start int) string {
	first := -1
	for i := start; i < len(raw); i++ {
		if mustEncode(raw, i) {
			first = i
			break
		}
	}
	if first < 0 {
		return raw
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(raw) + 16)
	b.WriteString(raw[:first])
	for i := first; i < len(raw); i++ {
		if c := raw[i]; mustEncode(raw, i) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mustEncode reports whether raw[i] cannot stand in a URI as it is.
func mustEncode(raw string, i int) bool {
	c := raw[i]
	switch {
	case c <= ' ' || c >= 0x7f:
		return true // space, controls, DEL and every non-ASCII byte
	case c == '%':
		return i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2])
	}
	return strings.IndexByte("\"<>\\^`{|}", c) >= 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
