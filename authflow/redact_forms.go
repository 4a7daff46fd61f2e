package authflow

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// minEmbeddedBase64 is the shortest part of a secret's base64 encoding
// that is searched for inside a longer base64 text. Such a part is found
// wherever the text holds the characters, however unrelated; shorter
// parts (secrets of fewer than seven bytes) would mask chance matches in
// every large base64 blob while hiding a few bytes at most.
const minEmbeddedBase64 = 8

// maxFormsLength is the longest secret whose derived forms are searched
// for (see secretForms): far beyond any password, key or token.
const maxFormsLength = 64 << 10

// secretForms returns s and the forms derived from it that the Redactor
// searches for (each also in its escaped forms):
//
//   - base64 (RFC 4648 §4 standard and §5 URL alphabets), padded and raw:
//     a secret encoded whole, as jq's @base64 or a Basic header do;
//   - inside a longer base64 text (RFC 4648 §4: 3 bytes make 4
//     characters) a secret's encoding depends on its offset mod 3: for
//     each offset, the characters that depend on the secret's bytes
//     alone ("Bearer TOKEN" | @base64 holds TOKEN at offset 7 ≡ 1);
//   - for a non-ASCII secret, its UTF-8 bytes read as Latin-1, as servers
//     that decode headers as ISO-8859-1 echo it;
//   - the code points jq's explode yields, as jq prints them: "97,98,99"
//     for "abc", alone in brackets or inside a longer list.
//
// A value longer than maxFormsLength is searched for as is only: a
// multi-megabyte capture sent in a header is a secret, but a dozen
// re-encoded copies of it cost seconds and hundreds of megabytes per
// request while hiding nothing a password-sized secret would not.
func secretForms(s string) []string {
	forms := []string{s}
	if len(s) > maxFormsLength {
		return forms
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(s)))
		raw := enc.WithPadding(base64.NoPadding)
		for offset := range 3 {
			whole := raw.EncodeToString(append(make([]byte, offset), s...))
			// The first characters mix the offset's bytes with the
			// secret's: the offset's bits fill 8·offset/6 characters,
			// and a character they share with the secret's first byte.
			skip := (8*offset + 5) / 6
			// The last character mixes the secret's last bits with what
			// follows, unless the secret ends on a 3-byte boundary.
			end := len(whole)
			if (offset+len(s))%3 != 0 {
				end--
			}
			if offset == 0 {
				forms = append(forms, whole)
			}
			if core := whole[min(skip, end):end]; len(core) >= minEmbeddedBase64 {
				forms = append(forms, core)
			}
		}
	}
	if !isASCII(s) {
		// The same bytes read as Latin-1 and written back as UTF-8:
		// what a server that decodes headers as ISO-8859-1 (Python's
		// http.server, WSGI) echoes of a non-ASCII secret ("é" →
		// "Ã©").
		var latin1 strings.Builder
		for i := 0; i < len(s); i++ {
			latin1.WriteRune(rune(s[i]))
		}
		forms = append(forms, latin1.String())
	}
	var points strings.Builder
	for i, r := range s {
		if i > 0 {
			points.WriteByte(',')
		}
		points.WriteString(strconv.Itoa(int(r)))
	}
	return append(forms, points.String())
}
