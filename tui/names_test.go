package tui

import (
	"regexp"
	"testing"
)

// The patterns the character checks replace; the tests hold them equal.
var (
	profileNameRE = regexp.MustCompile(`^[a-z0-9]+(?:[_-][a-z0-9]+)*$`)
	envNameRE     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	variableRefRE = regexp.MustCompile(`^\{\{\s*[A-Za-z0-9_.-]+\s*\}\}$`)
)

func TestNameChecks(t *testing.T) {
	for _, tc := range []struct {
		in                   string
		profile, env, varRef bool
	}{
		{in: "alice-oauth", profile: true},
		{in: "a_b-c9", profile: true, env: false},
		{in: "", profile: false},
		{in: "-a", profile: false},
		{in: "a-", profile: false},
		{in: "a--b", profile: false},
		{in: "Alice", env: true},
		{in: "DEMO_PASSWORD", env: true},
		{in: "_x", env: true},
		{in: "9x", profile: true},
		{in: "my api"},
		{in: "{{base_url}}", varRef: true},
		{in: "{{ base_url }}", varRef: true},
		{in: "{{a.b-c}}", varRef: true},
		{in: "{{}}"},
		{in: "{{ }}"},
		{in: "{{secret:x}}"},
		{in: "{{a}}x"},
		{in: "é"},
	} {
		if got := isProfileName(tc.in); got != tc.profile {
			t.Errorf("isProfileName(%q) = %v, want %v", tc.in, got, tc.profile)
		}
		if got := isEnvName(tc.in); got != tc.env {
			t.Errorf("isEnvName(%q) = %v, want %v", tc.in, got, tc.env)
		}
		if got := isVariableReference(tc.in); got != tc.varRef {
			t.Errorf("isVariableReference(%q) = %v, want %v", tc.in, got, tc.varRef)
		}
	}
}

// FuzzNameChecks holds the character checks equal to the regexps they
// replaced.
func FuzzNameChecks(f *testing.F) {
	for _, s := range []string{"alice-oauth", "a__b", "DEMO_1", "{{ x }}", "{{\v x}}", "{{x}} ", "9", "", "a-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isProfileName(s), profileNameRE.MatchString(s); got != want {
			t.Errorf("isProfileName(%q) = %v, regexp says %v", s, got, want)
		}
		if got, want := isEnvName(s), envNameRE.MatchString(s); got != want {
			t.Errorf("isEnvName(%q) = %v, regexp says %v", s, got, want)
		}
		if got, want := isVariableReference(s), variableRefRE.MatchString(s); got != want {
			t.Errorf("isVariableReference(%q) = %v, regexp says %v", s, got, want)
		}
	})
}
