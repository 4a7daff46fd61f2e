package tui

import (
	"strings"
	"testing"
)

// FuzzDescribeReference checks that describing a value from the file never
// shows a literal value (which may be a secret written there by mistake)
// and never lets an escape sequence through.
func FuzzDescribeReference(f *testing.F) {
	for _, seed := range []string{"", "{{env:PW}}", "{{secret:x}}", "{{prompt}}", "{{prompt:Label}}", "s3cret",
		"{{base_url}}/x", "{{env:\x1b[31m}}", "{{secret:}}", " {{env:A}} "} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got := describeReference(v)
		if strings.ContainsRune(got, 0x1b) {
			t.Fatalf("describeReference(%q) = %q holds ESC", v, got)
		}
		if !strings.Contains(v, "{{") && got != "—" && got != "a value written in the file" {
			t.Fatalf("describeReference(%q) = %q shows a literal value", v, got)
		}
	})
}

// FuzzProfileValidators feeds typed text to every validator of the form:
// none may panic, and a value accepted for a profile or environment
// variable name must be safe to put in a reference.
func FuzzProfileValidators(f *testing.F) {
	for _, seed := range []string{"", "alice-oauth", "a:b", "https://x.example/token", "{{base_url}}/t", "X-API-Key", "HOME", "}}"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = validateUsername(true)(s)
		_ = validateTokenURL(s)
		_ = validateIn(s)
		_ = validateKeyName(s)
		_ = validateSecret(s)
		if validateName(nil, "")(s) == nil && strings.ContainsAny(s, "{}: \r\n") {
			t.Fatalf("profile name %q accepted", s)
		}
		if validateEnvName(s) == nil && strings.ContainsAny(s, "{}: \r\n") {
			t.Fatalf("environment variable name %q accepted", s)
		}
	})
}
