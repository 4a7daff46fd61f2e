package jqcode

import (
	"strings"
	"testing"
)

// Each distinct expression is compiled once: the second call returns the
// same program.
func TestCompileOnce(t *testing.T) {
	a, err := Compile(".id == 1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compile(".id == 1")
	if a != b {
		t.Error("the same expression was compiled twice")
	}
	if c, _ := Compile(".id == 2"); c == a {
		t.Error("two expressions share one program")
	}
}

// An expression that parses but does not compile is an error, as is one
// that does not parse; both are remembered as errors.
func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{".a | nosuchfn", "function not defined: nosuchfn/0"},
		{"$undefined", "variable not defined: $undefined"},
		{".id ==== 4", "unexpected token"},
		{"", ""}, // an empty program compiles to nothing: gojq says so
	} {
		for range 2 {
			code, err := Compile(tc.expr)
			if tc.want == "" {
				if err == nil && code == nil {
					t.Errorf("%q: neither code nor error", tc.expr)
				}
				continue
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || code != nil {
				t.Errorf("%q: got %v, want an error containing %q", tc.expr, err, tc.want)
			}
		}
	}
}

// $ENV holds no environment variable: the programs are compiled without
// an environment loader.
func TestCompileNoEnvironment(t *testing.T) {
	t.Setenv("JQCODE_SECRET", "s3cret")
	code, err := Compile("$ENV.JQCODE_SECRET")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := code.Run(nil).Next()
	if v != nil {
		t.Errorf("$ENV.JQCODE_SECRET = %v, want null", v)
	}
}
