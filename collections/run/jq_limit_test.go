package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
)

// TestRunawayJQIsStopped feeds expressions that never finish: a collection
// someone else wrote must not hang a run. Each must fail its assertion with
// a clear message instead.
func TestRunawayJQIsStopped(t *testing.T) {
	old := jqTimeout
	jqTimeout = 50 * time.Millisecond
	t.Cleanup(func() { jqTimeout = old })
	for _, expr := range []string{
		"last(range(1e18))",
		"def f: f; f",
		"[limit(1e18; repeat(1))] | length",
		"until(false; .)",
	} {
		t.Run(expr, func(t *testing.T) {
			r := &collections.Request{Expect: collections.Expect{JQ: []string{expr}}, Capture: []collections.KV{{Key: "v", Value: expr}}}
			c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
			as := c.assertions()
			jq := as[len(as)-1]
			if jq.Passed || !strings.Contains(jq.Actual, "still running after 50ms; stopped") {
				t.Fatalf("assertion %+v; want it failed by the time bound", jq)
			}
			_, captures := c.captures()
			if len(captures) != 1 || captures[0].Passed {
				t.Fatalf("capture %+v passed", captures)
			}
		})
	}
}
