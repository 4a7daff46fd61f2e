package run

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/itchyny/gojq"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

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
		t.Run(expr, func(t *testing.T) {
			q, err := gojq.Parse(expr)
			if err != nil {
				t.Fatal(err)
			}
			plainCode, err := gojq.Compile(q)
			if err != nil {
				t.Fatal(err)
			}
			guarded, err := compileJQ(expr)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := outputsOf(guarded, input), outputsOf(plainCode, input); got != want {
				t.Errorf("guarded: %s\nplain:   %s", got, want)
			}
		})
	}
}

func outputsOf(code *gojq.Code, input any) string {
	var out []string
	iter := code.RunWithContext(context.Background(), input)
	for {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, isErr := v.(error); isErr {
			out = append(out, "error: "+err.Error())
			break
		}
		out = append(out, jqText(v))
	}
	return fmt.Sprint(strings.Join(out, ", "))
}

// TestGuardedOperatorsRefuseHugeResults: one step that would allocate
// past the limit is refused before it allocates. The limit is lowered to
// keep the test quick, and the time limit raised so that only the size
// check can stop these.
func TestGuardedOperatorsRefuseHugeResults(t *testing.T) {
	oldLimit, oldTimeout := jqcode.MemoryLimit, jqTimeout
	jqcode.MemoryLimit, jqTimeout = 16<<20, 30*time.Second
	t.Cleanup(func() { jqcode.MemoryLimit, jqTimeout = oldLimit, oldTimeout })
	for _, expr := range []string{
		`"x" * 1e9`, `1e9 * "x"`, `"xx" * (1e9 / 2 + 1)`,
		`reduce range(40) as $i ("x"; . + .)`, `reduce range(40) as $i ([1]; . + .)`,
		`{a: "x"} | reduce range(40) as $i (.; .a += .a)`, `{a: "x"} | .a *= 1e9`,
	} {
		t.Run(expr, func(t *testing.T) {
			code, err := compileJQ(expr)
			if err != nil {
				t.Fatal(err)
			}
			_, err = jqOutputs(context.Background(), code, nil, 1)
			// The guard refuses the step before it allocates. Under the
			// race detector, whose bookkeeping grows the heap, the
			// watchdog may stop it first: bounded either way.
			if err == nil || !slices.Contains([]string{
				"jq expression stopped: it would have used more than 16 MiB of memory (keep expressions to what the body needs)",
			}, err.Error()) && !(raceEnabled && err.Error() == "jq expression stopped: it used more than 16 MiB of memory (keep expressions to what the body needs)") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestReservedNames(t *testing.T) {
	for _, expr := range []string{`def _keyway_add(l; r): l; 1 + 2`, `1 as $__keyway_rhs | .`} {
		if _, err := compileJQ(expr); err == nil || !strings.Contains(err.Error(), "reserved") {
			t.Errorf("%s: err = %v", expr, err)
		}
	}
}
