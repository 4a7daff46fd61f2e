package collections

import (
	"testing"

	"github.com/itchyny/gojq"
)

// jqCompileCases are expressions compileJQ must judge exactly as
// gojq.Compile does: those it may skip compiling and those it must not.
var jqCompileCases = []string{
	".", ".id == 5", ".a.b[0] | length > 1", `.name | test("^a")`, "[.[] | select(.ok)] | map(.id)",
	`{a: .x, "b": .y, (.k): 1, $__loc__}`, `"id: \(.id)"`, "if .a then 1 elif .b then 2 else 3 end",
	"try error(\"x\") catch .", ".a // empty", ".a |= . + 1", "-(.a)", ".[1:2]", ".. | numbers", "$ENV.HOME",
	"$__loc__", "input", "env.PATH", "keys_unsorted", "getpath([\"a\"])", "limit(2; .[])", "splits(\", \")",
	// Must fail, as gojq.Compile fails them.
	".a | nosuchfn", "length(1)", "map", "select(.a; .b)", "$undefined", "{$x}", ". as $x | $y",
	`@nosuchformat "x"`, "label $out | break $nope", "nosuchfn(1; 2) | length", `"\(nosuchfn)"`,
	"[.[] | nosuchfn]", "if nosuchfn then 1 else 2 end", ".[nosuchfn]", "{(nosuchfn): 1}",
	// Compiled in full (variables, definitions, reductions), right or wrong.
	". as $x | $x", "def f: .; f", "def f: .; g", "reduce .[] as $x (0; . + $x)", "foreach .[] as $x (0; . + $x)",
	"label $out | 1, break $out", `@base64 "x\(.)"`, "[.[] as [$a, $b] | $a]",
}

func TestCompileJQAgreesWithGojq(t *testing.T) {
	for _, expr := range jqCompileCases {
		q, err := gojq.Parse(expr)
		if err != nil {
			t.Fatalf("%q does not parse: %v", expr, err)
		}
		_, want := gojq.Compile(q)
		got := compileJQ(q)
		if (got == nil) != (want == nil) || (want != nil && got.Error() != want.Error()) {
			t.Errorf("compileJQ(%q) = %v, gojq.Compile says %v", expr, got, want)
		}
	}
}

// The whole point: a plain comparison is judged without compiling.
func TestCompileJQSkipsPlainExpressions(t *testing.T) {
	var w jqWalk
	q, _ := gojq.Parse(`.id == 5 and (.tags | length) > 0`)
	if !w.query(q) || len(w.calls) != 1 || w.calls[0] != "length/0" {
		t.Errorf("walk = %v, calls %v; want a plain expression calling length/0", w.query(q), w.calls)
	}
}

func FuzzCompileJQ(f *testing.F) {
	for _, expr := range jqCompileCases {
		f.Add(expr)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		q, err := gojq.Parse(expr)
		if err != nil {
			return
		}
		_, want := gojq.Compile(q)
		got := compileJQ(q)
		if (got == nil) != (want == nil) {
			t.Fatalf("compileJQ(%q) = %v, gojq.Compile says %v", expr, got, want)
		}
	})
}

// jqValid is what checking says of expr: parsed and compiled.
func jqValid(expr string) bool {
	q, err := gojq.Parse(expr)
	return err == nil && compileJQ(q) == nil
}

func TestJQShape(t *testing.T) {
	cases := map[string]string{
		".id == 5":                    ".id == 0",
		".items[12].price > 10.25":    ".items[0].price > 0.0",
		"$x1 + .a2 | f3 | @base32d":   "", // names keep their digits
		`.name == "item 7"`:           `.name == "item 0"`,
		`.name == "\u0041 7"`:         "",           // a backslash: digits may be an escape
		".a == 0":                     "",           // nothing to change
		"1e5 + 2E-3":                  "0e5 + 0E-0", // still numbers
		"limit(3; .[]) # 42 comments": "limit(0; .[]) # 0 comments",
	}
	for expr, want := range cases {
		got, ok := jqShape(expr)
		if got != want || ok != (want != "") {
			t.Errorf("jqShape(%q) = %q, %v; want %q", expr, got, ok, want)
		}
		if ok && jqValid(got) != jqValid(expr) {
			t.Errorf("%q and its shape %q are judged differently", expr, got)
		}
	}
}

// Checking by shape finds every invalid expression checking each would.
func TestCheckByShapeStillFindsErrors(t *testing.T) {
	checked := newJQChecked()
	r := &Request{Name: "r", Expect: Expect{JQ: []string{".id == 1", ".id == 2", ".id == 3 | nosuchfn", ".id ==== 4"}}}
	var p problems
	(&Collection{}).checkJQ(r, checked, &p)
	if len(p.list) != 2 {
		t.Fatalf("%d problems, want the two invalid expressions: %v", len(p.list), p.list)
	}
}

func FuzzJQShape(f *testing.F) {
	for _, expr := range append(jqCompileCases, ".id == 1e99999", ".a[1:2] == [1,2]", "1.5e308 * 10", ".x == -0", "9223372036854775808", "[.[] | .id1 == 12]") {
		f.Add(expr)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		shape, ok := jqShape(expr)
		if ok && jqValid(shape) != jqValid(expr) {
			t.Fatalf("%q is judged %v, its shape %q %v", expr, jqValid(expr), shape, jqValid(shape))
		}
	})
}
