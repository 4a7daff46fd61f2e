package edit

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/collections"
)

// encodeString encodes s as a TOML basic string (TOML 1.0 §String), the
// double-quoted form keyway's own files use, with escapes for quotes,
// backslashes and control characters. go-toml's encoder would pick a
// 'literal' string whenever it can, which reads oddly among the
// double-quoted values around it. A file must be UTF-8, so invalid UTF-8 is
// refused rather than silently replaced.
func encodeString(s string) (string, error) {
	if !utf8.ValidString(s) {
		// The value is not quoted back: it may be a secret typed in the wrong field.
		return "", errors.New("the value is not valid UTF-8")
	}
	return QuoteString(s), nil
}

// QuoteString writes s as a TOML basic string ("…", TOML 1.0 §String), the
// quoting people write, escaping the quote, the backslash and every control
// character. TOML files are UTF-8: bytes that are not become U+FFFD (edits
// refuse them first, see encodeString). Importers write their strings with
// it, so that one encoder serves every TOML keyway writes.
func QuoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// encodeKey encodes one part of a key: bare when TOML allows it (A-Za-z0-9_-),
// otherwise quoted.
func encodeKey(k string) (string, error) {
	if k == "" {
		return `""`, nil
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return encodeString(k)
		}
	}
	return k, nil
}

// dottedKey encodes a dotted key such as profile."my api".
func dottedKey(parts ...string) (string, error) {
	enc := make([]string, len(parts))
	for i, p := range parts {
		k, err := encodeKey(p)
		if err != nil {
			return "", err
		}
		enc[i] = k
	}
	return strings.Join(enc, "."), nil
}

// encodeValue encodes a value of one of the kinds collections hold: a
// string, a boolean, an integer or an array of strings.
func encodeValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return encodeString(v)
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case []string:
		items := make([]string, len(v))
		for i, s := range v {
			enc, err := encodeString(s)
			if err != nil {
				return "", err
			}
			items[i] = enc
		}
		return "[" + strings.Join(items, ", ") + "]", nil
	case []collections.KV:
		return inlineTable(v)
	}
	return "", fmt.Errorf("cannot write a value of type %T", v)
}

// inlineTable encodes kvs as a one-line inline table, in their order.
// TOML 1.0 inline tables may not span lines, so this is always one line.
func inlineTable(kvs []collections.KV) (string, error) {
	parts := make([]string, len(kvs))
	for i, kv := range kvs {
		k, err := encodeKey(kv.Key)
		if err != nil {
			return "", err
		}
		v, err := encodeString(kv.Value)
		if err != nil {
			return "", err
		}
		parts[i] = k + " = " + v
	}
	return "{ " + strings.Join(parts, ", ") + " }", nil
}

// sameValue reports whether an existing decoded value equals want, so that a
// value the user did not change keeps its original spelling ('literal'
// quotes, escapes, spacing).
func sameValue(have, want any) bool {
	switch want := want.(type) {
	case string:
		h, ok := have.(string)
		return ok && h == want
	case bool:
		h, ok := have.(bool)
		return ok && h == want
	case int:
		h, ok := have.(int)
		return ok && h == want
	case []collections.KV:
		h, ok := have.([]collections.KV)
		return ok && slices.Equal(h, want)
	case []string:
		h, ok := have.([]string)
		return ok && slices.Equal(h, want)
	}
	return false
}
