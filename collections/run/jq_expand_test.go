package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// TestExpandingBuiltinsAreRefused: builtins that expand their input in
// one step — join, add, tojson of arrays that share structure, flatten,
// the formats, explode, split, indices, interpolation, setpath far past
// an array's end — fail the assertion with the memory message before the
// step allocates, and the request's other checks still run. The limit is
// lowered to 16 MiB to keep the test quick, the time limit raised so that
// only the size checks can stop these; each would allocate 20 MiB to
// 2 GiB.
func TestExpandingBuiltinsAreRefused(t *testing.T) {
	oldLimit, oldTimeout := jqcode.MemoryLimit, jqTimeout
	jqcode.MemoryLimit, jqTimeout = 16<<20, 30*time.Second
	t.Cleanup(func() { jqcode.MemoryLimit, jqTimeout = oldLimit, oldTimeout })
	const (
		big  = `("x" * 1000000) as $s | `
		dag  = `reduce range(24) as $i ("x"; [., .]) | `
		tree = `reduce range(20) as $i ("xxxxxxxxxxxxxxxx"; {a: ., b: .}) | `
	)
	for _, expr := range []string{
		big + `[range(100) | ""] | join($s)`,
		big + `[range(60) | $s] | tojson`,
		big + `[range(60) | $s] | add`,
		big + `[range(20) | $s] | @csv`,
		big + `[range(20) | $s] | @tsv`,
		big + `[range(20) | $s] | add(.[])`,
		dag + `tojson`,
		dag + `tostring`,
		dag + `@json`,
		dag + `@text`,
		dag + `@html`,
		dag + `@base64`,
		dag + `@sh "echo \(.)"`,
		dag + `format("uri")`,
		dag + `"\(.)"`,
		dag + `{"\(.)": 1}`,
		dag + `error(.)`,
		dag + `halt_error`,
		dag + `halt_error(1)`,
		`reduce range(22) as $i ("x"; [., .]) | flatten`,
		`reduce range(22) as $i ("x"; [., .]) | flatten(30)`,
		tree + `tostring`,
		`"x" * 2000000 | indices("x")`,
		`"x" * 2000000 | index("y")`,
		`"x" * 2000000 | explode`,
		`"x" * 2000000 | split("")`,
		`"xy" * 1000000 | split("y")`,
		`reduce range(40) as $i ("x"; "\(.)\(.)")`,
		`reduce range(40) as $i ("x"; @text "\(.)\(.)")`,
		`[1] | .[2000000] = 1`,
		`[1] | .[2000000 + 0] = 1`,
		`[1] | .[2000000] |= 1`,
		`[1] | .[2000000] += 1`,
		`[1] | setpath([2000000]; 1)`,
		`{} | .a[2000000] = 1`,
	} {
		t.Run(expr, func(t *testing.T) {
			r := &collections.Request{Expect: collections.Expect{Status: 200, JQ: []string{expr + " | length > 0"}}}
			c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
			as := c.assertions()
			if len(as) != 2 || !as[0].Passed {
				t.Fatalf("assertions %+v; want the status checked too", as)
			}
			if a := as[1]; a.Passed || !stoppedForMemory(a.Actual) {
				t.Fatalf("assertion %+v; want it refused by the size check", a)
			}
		})
	}
	// The outputs themselves are written as JSON.
	for _, expr := range []string{dag + "[.]", tree + "[.]", `[""] | reduce range(24) as $i (.; [., .])`} {
		r := &collections.Request{Expect: collections.Expect{JQ: []string{expr}}, Capture: []collections.KV{{Key: "v", Value: expr}}}
		c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
		as := c.assertions()
		_, caps := c.captures()
		if a := as[len(as)-1]; a.Passed || !stoppedForMemory(a.Actual) {
			t.Errorf("%s: assertion %+v; want it refused by the size check", expr, a)
		}
		if len(caps) != 1 || caps[0].Passed || !strings.Contains(caps[0].Actual, "used more than 16 MiB") || !raceEnabled && !strings.Contains(caps[0].Actual, "would have") {
			t.Errorf("%s: capture %+v; want it refused by the size check", expr, caps)
		}
	}
}

// TestExpandingBuiltinsWithinTheLimit: the same builtins on values under
// the limit work as in jq, however the values were built.
func TestExpandingBuiltinsWithinTheLimit(t *testing.T) {
	for expr, want := range map[string]string{
		`("x" * 1000) as $s | [range(100) | ""] | join($s) | length`:     "99000",
		`reduce range(10) as $i ("x"; [., .]) | tojson | length`:         "6141",
		`reduce range(10) as $i ("x"; [., .]) | flatten | length`:        "1024",
		`"x" * 1000 | indices("x") | length`:                             "1000",
		`reduce range(10) as $i ("x"; "\(.)\(.)") | length`:              "1024",
		`[1] | .[10] = 1 | length`:                                       "11",
		`[.a, .a] | @csv`:                                                "1,1",
		`reduce range(10) as $i ("x"; {a: ., b: .}) | tostring | length`: "14325",
	} {
		r := &collections.Request{Capture: []collections.KV{{Key: "v", Value: expr}}}
		c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
		if vars, caps := c.captures(); len(caps) != 1 || !caps[0].Passed || vars["v"] != want {
			t.Errorf("%s: %v %+v, want %s", expr, vars, caps, want)
		}
	}
}

// stoppedForMemory reports whether an assertion's value says jq was
// stopped at the 16 MiB the tests set by the size check, before the step
// ("would have used"). Under the race detector, whose bookkeeping grows
// the heap, the watchdog may stop it first ("used"): memory is bounded
// either way, and the size check is proven without it.
func stoppedForMemory(actual string) bool {
	return actual == "jq error: jq expression stopped: it would have used more than 16 MiB of memory (keep expressions to what the body needs)" ||
		raceEnabled && actual == "jq error: jq expression stopped: it used more than 16 MiB of memory (keep expressions to what the body needs)"
}
