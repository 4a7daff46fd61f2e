package jqcode

import "testing"

func TestComparedValue(t *testing.T) {
	tests := []struct {
		expr, want string
		ok         bool
	}{
		{`.name == "robert"`, ".name", true},
		{`.items | length != 3`, "", false}, // a pipe: the left side needs what came before
		{`(.items | length) >= 3`, "(.items | length)", true},
		{`.a.b[0] < 1`, ".a.b[0]", true},
		{`.n <= 1`, ".n", true},
		{`.n > 1`, ".n", true},
		{`.ok`, "", false},
		{`.a == 1 and .b == 2`, "", false},
		{`def f: .x; f == 1`, "", false},
		{`.a ==`, "", false},
	}
	for _, tt := range tests {
		got, ok := ComparedValue(tt.expr)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ComparedValue(%q) = %q, %v; want %q, %v", tt.expr, got, ok, tt.want, tt.ok)
		}
	}
}

// The parser is gojq's; the fuzz target checks that any expression that
// compiles yields either no left side or one that itself compiles.
func FuzzComparedValue(f *testing.F) {
	for _, s := range []string{`.name == "robert"`, `.a | .b != 1`, `(.x) >= 3`, `.a ==`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if _, err := Compile(expr); err != nil {
			return
		}
		if left, ok := ComparedValue(expr); ok {
			if _, err := Compile(left); err != nil {
				t.Errorf("left side %q of %q does not compile: %v", left, expr, err)
			}
		}
	})
}
