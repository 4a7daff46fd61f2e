package jqcode

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/itchyny/gojq"
)

// TestShadowedBuiltinsKeepJQsMeaning: with the expanding builtins,
// formats, interpolation and assignments guarded, every expression yields
// what plain gojq yields, in the same order, errors included.
func TestShadowedBuiltinsKeepJQsMeaning(t *testing.T) {
	var input any
	dec := json.NewDecoder(strings.NewReader(`{"name":"alice","n":12,"f":1.5,"big":12345678901234567890,"t":true,"z":null,
		"s":"a,b,,c","u":"h\u00e9llo \"w\" <&> 'q' \u2028 \t","items":[1,[2,[3,[4]]],"x",null,{"k":"v"}],
		"words":["a","b","c"],"nums":[3,1,2],"o":{"x":{"y":1},"l":[1,2]},"e":[],"eo":{}}`))
	dec.UseNumber()
	if err := dec.Decode(&input); err != nil {
		t.Fatal(err)
	}
	for _, expr := range []string{
		// serialising
		"tojson", ".items | tojson", ".u | tojson", ".big | tojson", ".f | tojson", "tostring", ".name | tostring",
		".n | tostring", ".items | tostring", "[.[] | tostring]", "(.z, .t, .e, .eo) | tojson", "path(tojson)",
		"try (.o | tostring | fromjson) catch .", ". as $x | [$x, $x] | tojson | length",
		// join, add, flatten
		`.words | join(", ")`, `.words | join("")`, `.e | join("-")`, `[1, null, "a", true] | join("/")`,
		`[1, [2]] | join(",")`, `.words | join(1)`, `"abc" | join(",")`, `.words | join(",", ";")`,
		".words | add", ".nums | add", ".o | add", "[[1], [2, 3]] | add", "[{a: 1}, {b: 2}] | add", ".e | add",
		`"x" | add`, "add(.nums[])", "add(.words[], .nums[])", "[1, \"a\"] | add", "null | add",
		".items | flatten", ".items | flatten(1)", ".items | flatten(0)", ".items | flatten(-1)", ".name | flatten",
		".items | flatten(\"a\")", "[[[[1]]]] | flatten(2)",
		// strings
		".u | explode", ".u | explode | implode", ".n | explode", `.s | split(",")`, `.s | split("")`, `.s | split(",,")`,
		`.s | split(1)`, `.n | split(",")`, `.s | split(", *"; null)`, `.s | indices(",")`, `.s | indices("")`,
		`"aaaa" | indices("aa")`, `.nums | indices(1)`, `[1,2,1,2] | indices([1,2])`, `.s | index(",")`, `.s | rindex(",")`,
		`.s | index("q")`, `.n | index(1)`, `null | indices(1)`, `.s | indices(1)`, `.u | ascii_downcase`,
		// formats
		"@json", "@text", ".words | @csv", ".words | @tsv", ".items | @csv", ".u | @html", ".u | @uri", ".u | @sh",
		".words | @sh", ".u | @base64", ".u | @base64 | @base64d", ".o | @base64", ".n | @uri", `"%41%zz" | @urid`,
		`@csv "x\(.words)y"`, `@html "<\(.u)>"`, `@json "v=\(.o)"`, `@sh "echo \(.name)"`, `@uri "?q=\(.u)&n=\(.n)"`,
		`@base64 "\(.name):\(.n)"`, `.words | format("csv")`, `.u | format("html")`, `format("text")`, `format("nope")`,
		`@nope "\(.)"`, `.u | format(1)`, `[.words[] | @base64d]`, `@text "\(.n)"`,
		// interpolation
		`"\(.name) is \(.n)"`, `"\(.items)"`, `"\(.words[])-\(.nums[])"`, `"a\("b" + "c")d"`, `"\(1, 2)"`, `{"\(.name)x": 1}`,
		`{"k\(.words[])": .n}`, `"\(.)" | length`, `"x\(error("e"))"`, `"\(.name)"[1:3]`, `[.words[] | "<\(.)>"]`,
		// errors
		`try error catch .`, `try error("x") catch .`, `try error({a: 1}) catch .`, `try error(null) catch .`,
		`try (1, error(2, 3)) catch .`, `error`, `error(.o)`, `.o | error`, `try error(.items) catch (. | length)`,
		`halt_error`, `.name | halt_error`, `.o | halt_error(1)`, `halt_error("x")`, `try halt_error catch .`,
		// assignments and paths
		".name = 1", ".a.b = (1, 2)", ".nums[1] = 9", ".nums[10] = 9", ".[0] = 1", ".nums[-1] = 0", ".nums[-9] = 0",
		".items[1][1][0] = 5", "(.nums, .words)[0] = 0", ".nums[] = 7", ".nums[.nums[0]] = 1", ".o.x |= . + {z: 2}",
		".nums[] |= . * 2", ".nums |= map(. - 1)", ".nums[] -= 1", ".nums[] /= 2", ".nums[] %= 2", ".z //= 3",
		".nums[] |= empty", ".nums[] |= (., 9)", ".nums[1:] = [0]", ".nums[1:] |= [0]", `setpath(["a", 1]; 2)`,
		`setpath([]; 1)`, `setpath(["a"]; 1, 2)`, `setpath([0]; 1)`, `setpath("a"; 1)`, `.nums | setpath([5]; 1)`,
		"path(.a = 1)", "path(.a |= 1)", ".a[1e3] = 1 | .a | length", "try (.nums[\"x\"] = 1) catch .",
		"try (.nums[] |= error(\"no\")) catch .", "try (.[error(\"p\")] = 1) catch .", "try (.[error(\"p\")] |= 1) catch .",
		"to_entries | map(select(.key == \"n\")) | from_entries", "with_entries(.value |= tostring) | .n",
		"def tojson: \"mine\"; tojson", "def f: tostring; [.nums[] | f]", "reduce .words[] as $w (\"\"; . + $w)",
		"[paths] | length", "walk(if type == \"number\" then . + 1 else . end) | .nums", "[.. | numbers] | add",
	} {
		sameAsGojq(t, expr, input)
	}
}

// TestGuardedOperatorsKeepJQsMeaning: with `+`, `*`, `+=` and `*=`
// guarded, every expression yields what plain gojq yields, in the same
// order, errors included.
func TestGuardedOperatorsKeepJQsMeaning(t *testing.T) {
	input := map[string]any{"a": 1, "b": []any{1, 2}, "s": "ab", "o": map[string]any{"x": map[string]any{"y": 1}}}
	for _, expr := range []string{
		"(1,2) + (10,20)", "(1,2) * (10,20)", "[1] + [2]", ".o * {x: {z: 2}}", `"ab" * 3`, `"ab" * 0`, `"ab" * -1`,
		`3 * "ab"`, ".a += 1", ".a *= 2", ".b[] += 1", ".b[] *= (2,3)", "def f: . + 1; .a | f",
		"reduce .b[] as $x (0; . + $x)", "null + 1", "1 + null", `"a" + 1`, ". as $x | $x.a + $x.a",
		".a + .a * .a", "[.b[] | . * 2] + [3]", `.s + "c" | . * 2`, "{} + .o", ".o.x.y += 5 | .o",
		"[limit(3; repeat(1))] | add", `"\(.a + 1)"`, ".b | map(. * 10)", "try (1 + {}) catch .", "[.[] | select(type == \"number\") + 1]",
		"path(.a + 1)", "to_entries | map(.value) | length + 1",
	} {
		sameAsGojq(t, expr, input)
	}
}

// sameAsGojq checks that expr compiled by Compile yields on input what
// plain gojq yields.
func sameAsGojq(t *testing.T, expr string, input any) {
	t.Helper()
	t.Run(expr, func(t *testing.T) {
		q, err := gojq.Parse(expr)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := gojq.Compile(q)
		if err != nil {
			t.Fatal(err)
		}
		guarded, err := Compile(expr)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := outputs(guarded, input), outputs(plain, input); got != want {
			t.Errorf("guarded: %s\nplain:   %s", got, want)
		}
	})
}

func outputs(code *gojq.Code, input any) string {
	var out []string
	iter := code.RunWithContext(context.Background(), input)
	for len(out) < 100 {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, isErr := v.(error); isErr {
			out = append(out, "error: "+err.Error())
			break
		}
		b, err := gojq.Marshal(v)
		if err != nil {
			t := err.Error()
			b = []byte(t)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, ", ")
}

// TestShadowsCompile: every shadow's definitions compile with the checks
// they call, and the check they call is the one registered.
func TestShadowsCompile(t *testing.T) {
	for _, s := range shadows {
		q, err := gojq.Parse(s.defs + " .")
		if err != nil {
			t.Fatalf("%s/%d: %v", s.name, s.args, err)
		}
		if _, err := gojq.Compile(q, guardOptions...); err != nil {
			t.Errorf("%s/%d: %v", s.name, s.args, err)
		}
		if len(shadowDefs()[funcKey{s.name, s.args}]) == 0 {
			t.Errorf("%s/%d: no definitions", s.name, s.args)
		}
	}
}
