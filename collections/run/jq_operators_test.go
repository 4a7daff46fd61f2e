package run

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

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
