package curl

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// part is a piece of a shell word: literal text, or a reference to the
// shell variable that holds a secret.
type part struct {
	literal string
	varName string // set for a secret
}

// word renders parts as one POSIX shell word. Literal text goes in
// single quotes, inside which nothing is special (POSIX.1-2017 XCU
// §2.2.2); a variable goes in double quotes as "${NAME}", so its value is
// never split or globbed. Adjacent quoted pieces join into one word. Text
// that could not be pasted safely (control characters, invisible or
// invalid characters, which a terminal may act on) is produced at run time
// by printf from octal escapes instead of appearing raw.
func word(parts []part) string {
	parts = merge(parts)
	if len(parts) == 0 {
		return "''"
	}
	if len(parts) == 1 && parts[0].varName == "" && bare(parts[0].literal) {
		return parts[0].literal
	}
	var b strings.Builder
	for _, p := range parts {
		if p.varName != "" {
			b.WriteString(`"${` + p.varName + `}"`)
			continue
		}
		quoteLiteral(&b, p.literal)
	}
	if b.Len() == 0 {
		return "''"
	}
	return b.String()
}

// merge joins adjacent literal parts, so that one run of text is
// quoted once.
func merge(parts []part) []part {
	var merged []part
	for _, p := range parts {
		if n := len(merged); n > 0 && p.varName == "" && merged[n-1].varName == "" {
			merged[n-1].literal += p.literal
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// bare reports whether s can stand unquoted: letters, digits and a few
// punctuation marks that no POSIX shell (nor zsh, which expands a leading
// `=` and `~`) treats specially.
func bare(s string) bool {
	if s == "" || s[0] == '=' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("_-./:,=@+", c) >= 0) {
			return false
		}
	}
	return true
}

// quoteLiteral appends s to b as single-quoted runs, a single quote as
// '\” and unsafe bytes through printf.
func quoteLiteral(b *strings.Builder, s string) {
	for s != "" {
		safe := safePrefix(s)
		if safe > 0 {
			b.WriteByte('\'')
			b.WriteString(strings.ReplaceAll(s[:safe], "'", `'\''`))
			b.WriteByte('\'')
			s = s[safe:]
			continue
		}
		unsafe := 0
		for unsafe < len(s) && safePrefix(s[unsafe:]) == 0 {
			_, size := utf8.DecodeRuneInString(s[unsafe:])
			unsafe += size
		}
		// A NUL byte cannot be part of an argument at all (C strings end
		// there), so it is dropped rather than producing a broken command.
		b.WriteString(`"$(printf '`)
		for i := 0; i < unsafe; i++ {
			if s[i] != 0 {
				fmt.Fprintf(b, `\%03o`, s[i])
			}
		}
		b.WriteString(`')"`)
		s = s[unsafe:]
	}
}

// safePrefix returns how many leading bytes of s may appear raw inside
// single quotes in text meant to be pasted into a terminal: printable
// characters and newlines.
func safePrefix(s string) int {
	n := 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if r == utf8.RuneError && size <= 1 || r != '\n' && !unicode.IsPrint(r) {
			break
		}
		n += size
	}
	return n
}

// printfFormat renders parts as a single-quoted printf format string
// and its arguments, for a body that must reach curl byte for byte (a NUL
// byte included) through a pipe.
func printfFormat(parts []part) (format string, args []string) {
	var f strings.Builder
	for _, p := range parts {
		if p.varName != "" {
			f.WriteString("%s")
			args = append(args, `"${`+p.varName+`}"`)
			continue
		}
		for i := 0; i < len(p.literal); i++ {
			switch c := p.literal[i]; {
			case c == '%':
				f.WriteString("%%")
			case c == '\\':
				f.WriteString(`\\`)
			case c == '\'':
				f.WriteString(`'\''`)
			case c < 0x20 || c >= 0x7f:
				fmt.Fprintf(&f, `\%03o`, c)
			default:
				f.WriteByte(c)
			}
		}
	}
	return "'" + f.String() + "'", args
}
