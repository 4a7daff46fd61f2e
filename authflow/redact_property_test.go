package authflow

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// secretAlphabet holds what makes escaping differ: '/', quotes, '&', '<',
// spaces, '+', '=', '%', '\', control characters and non-ASCII letters,
// inside and outside the BMP.
var secretAlphabet = []rune("abcXYZ019-_.~/\"'&<> +=%\\:?#;\n\té中😀")

func randomSecret(rng *rand.Rand) string {
	n := 3 + rng.IntN(20)
	var b strings.Builder
	for range n {
		b.WriteRune(secretAlphabet[rng.IntN(len(secretAlphabet))])
	}
	return b.String()
}

// hexDigits writes v in hex with a random case.
func hexDigits(rng *rand.Rand, format string, v int) string {
	h := fmt.Sprintf(format, v)
	if rng.IntN(2) == 0 {
		return strings.ToLower(h)
	}
	return strings.ToUpper(h)
}

// jsonEscaped writes s as the inside of a JSON string (RFC 8259 §7), each
// character escaped or not at random where either is allowed.
func jsonEscaped(rng *rand.Rand, s string) string {
	var b strings.Builder
	for _, r := range s {
		short := map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\n': `\n`, '\t': `\t`}[r]
		mustEscape := r == '"' || r == '\\' || r < 0x20
		switch choice := rng.IntN(3); {
		case !mustEscape && choice == 0:
			b.WriteRune(r)
		case short != "" && choice == 1:
			b.WriteString(short)
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			b.WriteString(`\u` + hexDigits(rng, "%04x", int(hi)) + `\u` + hexDigits(rng, "%04x", int(lo)))
		default:
			b.WriteString(`\u` + hexDigits(rng, "%04x", int(r)))
		}
	}
	return b.String()
}

// urlEscaped percent-encodes s (RFC 3986 §2.1), each byte at random when
// it may stay as is, in a random hex case; a space as '+' (a form) or %20.
func urlEscaped(rng *rand.Rand, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		unreserved := c < utf8.RuneSelf && (isASCIILetter(c) || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0)
		switch {
		case c == ' ' && rng.IntN(2) == 0:
			b.WriteByte('+')
		case unreserved && rng.IntN(2) == 0:
			b.WriteByte(c)
		default:
			b.WriteString("%" + hexDigits(rng, "%02x", int(c)))
		}
	}
	return b.String()
}

// htmlEscaped writes s as HTML text, each character that must be escaped
// (and others at random) as a named, decimal or hex reference.
func htmlEscaped(rng *rand.Rand, s string) string {
	names := map[rune][]string{'&': {"amp", "AMP"}, '<': {"lt"}, '>': {"gt"}, '"': {"quot", "QUOT"}, '\'': {"apos"}, '/': {"sol"}, '+': {"plus"}, '=': {"equals"}}
	var b strings.Builder
	for _, r := range s {
		mustEscape := strings.ContainsRune(`&<>"'`, r)
		switch choice := rng.IntN(4); {
		case !mustEscape && choice == 0:
			b.WriteRune(r)
		case len(names[r]) > 0 && choice == 1:
			b.WriteString("&" + names[r][rng.IntN(len(names[r]))] + ";")
		case choice == 2:
			b.WriteString("&#" + strings.Repeat("0", rng.IntN(3)) + strconv.Itoa(int(r)) + ";")
		default:
			x := "x"
			if rng.IntN(2) == 0 {
				x = "X"
			}
			b.WriteString("&#" + x + hexDigits(rng, "%x", int(r)) + ";")
		}
	}
	return b.String()
}

// encoders are the ways a server writes a secret.
var encoders = map[string]func(rng *rand.Rand, s string) string{
	"raw":  func(_ *rand.Rand, s string) string { return s },
	"json": jsonEscaped,
	"json marshal": func(_ *rand.Rand, s string) string {
		b, _ := json.Marshal(s)
		return string(b[1 : len(b)-1])
	},
	"url":            urlEscaped,
	"html":           htmlEscaped,
	"base64 std":     func(_ *rand.Rand, s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
	"base64 url":     func(_ *rand.Rand, s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) },
	"base64 std raw": func(_ *rand.Rand, s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) },
	"base64 url raw": func(_ *rand.Rand, s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) },
	// A base64 form written into JSON by PHP ('/' as "\/") or into a URL.
	"base64 in json": func(rng *rand.Rand, s string) string {
		return jsonEscaped(rng, base64.StdEncoding.EncodeToString([]byte(s)))
	},
	"base64 in url": func(rng *rand.Rand, s string) string {
		return urlEscaped(rng, base64.StdEncoding.EncodeToString([]byte(s)))
	},
	"explode": func(_ *rand.Rand, s string) string {
		points := []string{}
		for _, r := range s {
			points = append(points, strconv.Itoa(int(r)))
		}
		return "[" + strings.Join(points, ",") + "]"
	},
}

// contextText is text around a secret, with escape sequences of its own.
func contextText(rng *rand.Rand) string {
	parts := []string{"x", " ", `"`, `\n`, `\"`, "%20", "&amp;", "+", "=", "&", "%", `\`, "{", "é", "…"}
	var b strings.Builder
	for range rng.IntN(6) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// TestRedactorPropertyEveryEncoding: for random secrets, random encoders
// and random escaping choices per character, no encoded form survives
// Redact, nor the secret as typed.
func TestRedactorPropertyEveryEncoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 3))
	names := make([]string, 0, len(encoders))
	for name := range encoders {
		names = append(names, name)
	}
	for i := range 20000 {
		secrets := []string{randomSecret(rng)}
		for range rng.IntN(3) {
			secrets = append(secrets, randomSecret(rng))
		}
		secret := secrets[rng.IntN(len(secrets))]
		name := names[i%len(names)]
		enc := encoders[name](rng, secret)
		text := contextText(rng) + enc + contextText(rng)
		got := NewRedactor(secrets...).Redact(text)
		if strings.Contains(got, enc) || strings.Contains(got, secret) || !strings.Contains(got, Mask) {
			t.Fatalf("%s form of %q survives:\nsecrets %q\ntext %q\ngot  %q", name, secret, secrets, text, got)
		}
	}
}

// TestRedactorBase64InsideLongerText: a secret encoded inside a longer
// base64 text (a Basic header's user-id before it, "Bearer " before a
// token) is masked at every offset mod 3, in both alphabets.
func TestRedactorBase64InsideLongerText(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 7))
	for i := range 3000 {
		// At least seven bytes: shorter secrets are searched for only
		// when encoded whole (minEmbeddedBase64).
		secret := randomSecret(rng) + randomSecret(rng) + "x"
		before := make([]byte, rng.IntN(7))
		after := make([]byte, rng.IntN(7))
		for j := range before {
			before[j] = byte(rng.IntN(256))
		}
		for j := range after {
			after[j] = byte(rng.IntN(256))
		}
		enc := base64.StdEncoding
		if i%2 == 1 {
			enc = base64.URLEncoding
		}
		text := enc.EncodeToString(append(append(before, secret...), after...))
		// The characters that depend on the secret alone.
		offset := len(before)
		from := (8*offset + 5) / 6
		to := (8 * (offset + len(secret))) / 6
		got := NewRedactor(secret).Redact(text)
		if strings.Contains(got, text[from:to]) {
			t.Fatalf("offset %d: %q (of %q) survives in %q", offset, text[from:to], secret, got)
		}
	}
}

// TestRedactorMixedEscapes: the forms the issue found, and a JSON string
// escaping some characters in one hex case and others in the other.
func TestRedactorMixedEscapes(t *testing.T) {
	tests := []struct{ secret, text, want string }{
		{"ACC/TOK-123", `{"access_token":"ACC\/TOK-123"}`, `{"access_token":"•"}`},
		{"clé-4242", `{"key":"cl\u00e9-4242"}`, `{"key":"•"}`},
		{"clé-4242", `{"key":"cl\u00E9\u002d4242"}`, `{"key":"•"}`},
		{"p&ss'w\"d<", `<p>wrong password p&amp;ss&#39;w&#34;d&lt;</p>`, `<p>wrong password •</p>`},
		{"p&ss'w\"d<", `<p>p&amp;ss&#x27;w&quot;d&#x3C;</p>`, `<p>•</p>`},
		{"p&ss'w\"d<", `<p>p&amp;ss&#039;w&QUOT;d&LT;</p>`, `<p>•</p>`},
		{"pa ss+wörd", "login?pw=pa+ss%2Bw%C3%B6rd&x=1", "login?pw=•&x=1"},
		{"pa ss+wörd", "login/pa%20ss%2bw%c3%b6rd/x", "login/•/x"},
		{"emoji😀pw", `"emoji\ud83d\ude00pw"`, `"•"`},
		{"back\\slash", `"back\\slash" back%5Cslash back&#92;slash`, `"•" • •`},
		{"ab%25cd", "ab%2525cd ab%25cd", "• •"},
		{"abc", "[97,98,99] [120,97,98,99] YWJj", "[•] [120,•] •"},
	}
	for _, tt := range tests {
		got := NewRedactor(tt.secret).Redact(tt.text)
		if want := strings.ReplaceAll(tt.want, "•", Mask); got != want {
			t.Errorf("Redact(%q) = %q, want %q", tt.text, got, want)
		}
	}
}

// TestRedactorCutText: a secret crossing a cut is masked whole when the
// text is masked first (RedactCut), and the start of one left before a
// cut — a capped body, an excerpt cut before a secret was known — is
// masked too (RedactTruncated, and Redact before CutMark).
func TestRedactorCutText(t *testing.T) {
	const secret = "s3cr3t-t0ken-value"
	r := NewRedactor(secret)
	text := strings.Repeat("x", 190) + secret + " tail"
	got := r.RedactCut(text, 200)
	if strings.Contains(got, "s3cr") || !strings.HasSuffix(got, CutMark) || !strings.HasPrefix(got, strings.Repeat("x", 190)) {
		t.Errorf("RedactCut = %q", got)
	}
	for _, cut := range []int{1, 4, 10, len(secret) - 1} {
		prefix := "body: " + secret[:cut]
		for name, got := range map[string]string{
			"RedactTruncated":    r.RedactTruncated(prefix),
			"Redact before mark": strings.TrimSuffix(r.Redact(prefix+CutMark+" more"), CutMark+" more"),
		} {
			if got != "body: "+Mask {
				t.Errorf("%s(%q) = %q", name, prefix, got)
			}
		}
	}
	// An escape sequence cut in its middle could be the secret's start.
	if got := r.RedactTruncated(`{"t":"\u007`); got != `{"t":"`+Mask {
		t.Errorf("cut escape: %q", got)
	}
	// Text that cannot start the secret stays.
	if got := r.RedactTruncated("body: {}"); got != "body: {}" {
		t.Errorf("RedactTruncated masked too much: %q", got)
	}
	if got := r.Redact("body: s3cr3"); got != "body: s3cr3" {
		t.Errorf("Redact of a whole text masked a prefix: %q", got)
	}
	// Property: for random secrets and encoders, cutting anywhere leaves no
	// part of the encoded secret before the cut.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		secret := randomSecret(rng)
		if strings.ContainsAny(secret[:1], "•") {
			continue
		}
		enc := jsonEscaped(rng, secret)
		if rng.IntN(2) == 0 {
			enc = urlEscaped(rng, secret)
		}
		text := "XXXX" + enc + "XXXX"
		n := 4 + 1 + rng.IntN(len(enc)-1)
		r := NewRedactor(secret)
		for name, kept := range map[string]string{
			"RedactCut":       strings.TrimSuffix(r.RedactCut(text, n), CutMark),
			"RedactTruncated": r.RedactTruncated(text[:n]),
		} {
			if strings.Trim(kept, "X•") != "" {
				t.Fatalf("%s of %q at %d = %q (secret %q)", name, text, n, kept, secret)
			}
		}
	}
}

// FuzzRedact: whatever the text and secret, Redact does not panic, and
// neither the secret nor its JSON-escaped form survive it.
func FuzzRedact(f *testing.F) {
	f.Add("ACC/TOK", `{"a":"ACC\/TOK"}`)
	f.Add("clé", `cl\u00e9 &#x27; %zz \u12 &#`)
	f.Add("a b+c", "a+b%2Bc…")
	f.Fuzz(func(t *testing.T, secret, text string) {
		r := NewRedactor(secret)
		j, _ := json.Marshal(secret)
		text = text + string(j) + text
		got := r.Redact(text)
		_ = r.RedactTruncated(text)
		_ = r.RedactCut(text, len(text)/2)
		// json.Marshal writes invalid UTF-8 as U+FFFD: not the secret.
		if len(secret) < MinSecretLength || strings.Contains(Mask+CutMark, secret) || !utf8.ValidString(secret) {
			return
		}
		if strings.Contains(got, secret) || strings.Contains(got, string(j)) {
			t.Errorf("Redact(%q) with secret %q = %q", text, secret, got)
		}
	})
}

// TestRedactorBranchingText: a text built so that escaped and plain
// readings of a secret made of backslashes branch at every byte is still
// searched to its end, with the secret masked (possibly with more around
// it: the search bounds its work and masks what it gave up on).
func TestRedactorBranchingText(t *testing.T) {
	secret := strings.Repeat(`\`, 29) + "x"
	escaped := strings.Repeat(`\\`, 29) + "x"
	for _, text := range []string{
		strings.Repeat(`\\`, 32<<10) + escaped + strings.Repeat(`\\`, 32<<10),
		strings.Repeat(`\`, 64<<10) + secret,
		strings.Repeat("%25", 20<<10) + "%25%25x",
	} {
		got := NewRedactor(secret, "%%x").Redact(text)
		if strings.Contains(got, escaped) || strings.Contains(got, secret) || strings.HasSuffix(got, "%25x") {
			t.Errorf("the secret survives in %q…", got[max(0, len(got)-80):])
		}
	}
}
