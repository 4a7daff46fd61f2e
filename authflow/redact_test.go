package authflow

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestRedactorMasksEveryForm(t *testing.T) {
	const secret = `pa ss/wo"rd+%`
	r := NewRedactor(secret, "ab", "")
	for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), `pa ss/wo\"rd+%`} {
		if got := r.Redact("before " + form + " after"); got != "before "+Mask+" after" {
			t.Errorf("Redact(%q) = %q", form, got)
		}
	}
	if got := r.Redact("ab cab"); got != "ab cab" {
		t.Errorf("a value shorter than MinSecretLength was masked: %q", got)
	}
	var none *Redactor
	if none.Redact(secret) != secret || none.With("x") != nil {
		t.Error("a nil redactor must reveal")
	}
	if got := NewRedactor("abc").With("abcdef").Redact("abcdef abc"); got != Mask+" "+Mask {
		t.Errorf("longest secret not masked whole: %q", got)
	}
}

func TestProfileSecrets(t *testing.T) {
	basic := &Profile{Type: TypeBasic, Username: "alice", Password: "pw"}
	red := NewRedactor(basic.Secrets()...)
	header := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("alice:pw"))
	if got := red.Redact(header); got != "Authorization: Basic "+Mask {
		t.Errorf("Basic credentials not masked: %q", got)
	}
	oauth := &Profile{Type: TypeOAuth2Password, Username: "u", Password: "user-pass", ClientID: "id x", ClientSecret: "sec+ret"}
	got := oauth.Secrets()
	// The Basic credentials both form-encoded (RFC 6749 §2.3.1) and not
	// (client_auth = "basic-unencoded").
	want := []string{"user-pass", "sec+ret", base64.StdEncoding.EncodeToString([]byte("id+x:sec%2Bret")),
		base64.StdEncoding.EncodeToString([]byte("id x:sec+ret"))}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Secrets() = %q, want %q", got, want)
	}
	if s := (&Profile{Type: TypeAPIKey, KeyValue: "k"}).Secrets(); len(s) != 1 {
		t.Errorf("apikey Secrets() = %q", s)
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\n\tindented", "plain text\n\tindented"},
		{"red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"title \x1b]0;pwned\x07 after", "title  after"},
		{"osc st \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "osc st link"},
		{"line\r\nnext\roverwrite", "line\nnextoverwrite"},
		{"bell\x07 nul\x00 del\x7f c1\u009b2J", "bell nul del c12J"},
		{"bidi \u202egnp.exe", "bidi gnp.exe"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"trailing escape \x1b", "trailing escape "},
		{"unicode ✓ ok", "unicode ✓ ok"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "(empty body)"},
		{"<html><head><title> Service\nUnavailable </title></head></html>", "Service Unavailable"},
		{"<html><body><script>x()</script><h1>Oops</h1> <p>down</p></body></html>", "Oops down"},
		{"\x00\x01binary", "[8 bytes of binary data]"},
		{strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 40)) + "…"},
	}
	for _, tt := range tests {
		if got := Excerpt([]byte(tt.in), 200); got != tt.want {
			t.Errorf("Excerpt(%.30q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;t\x07", "\x1b", "\r\n", "\u202e", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Printable(s)
		if strings.ContainsFunc(got, func(r rune) bool {
			return (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r)
		}) {
			t.Errorf("Printable(%q) = %q keeps a control character", s, got)
		}
		if Printable(got) != got {
			t.Errorf("Printable is not idempotent on %q", s)
		}
	})
}

// TestHugeSecretIsSearchedAsIs: a multi-megabyte value (a large capture
// sent in a header) is masked as is, without a dozen derived copies
// (hostile review of issue 9, B-F2: 566 MB and 7 s for a 10 MB capture).
func TestHugeSecretIsSearchedAsIs(t *testing.T) {
	huge := strings.Repeat("x", maxFormsLength+1)
	if forms := secretForms(huge); len(forms) != 1 || forms[0] != huge {
		t.Fatalf("%d forms of a huge secret; want the value alone", len(forms))
	}
	if forms := secretForms("password-sized"); len(forms) < 5 {
		t.Fatalf("a small secret has only %d forms", len(forms))
	}
	if got := NewRedactor(huge).Redact("a" + huge + "b"); got != "a"+Mask+"b" {
		t.Fatalf("the huge secret was not masked")
	}
}

// TestLatin1EchoOfASecretIsMasked: a server that decodes a header as
// ISO-8859-1 echoes a non-ASCII secret as mojibake ("é" → "Ã©"); that
// form is masked too (hostile review of issue 9, A-F6).
func TestLatin1EchoOfASecretIsMasked(t *testing.T) {
	const secret = "clé-secrète-42"
	var latin1 strings.Builder
	for _, b := range []byte(secret) {
		latin1.WriteRune(rune(b))
	}
	text := `{"headers":{"X-Api-Key":"` + latin1.String() + `"}}`
	if got := NewRedactor(secret).Redact(text); strings.Contains(got, "secr") {
		t.Fatalf("the Latin-1 echo is not masked: %s", got)
	}
}
