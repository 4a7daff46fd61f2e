package run

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
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

// TestRunawayJQMemoryIsStopped: expressions that grow the heap step by
// step, several at once as in a run with --concurrency, are stopped by the
// one watchdog when the heap has grown past the limit (lowered here to
// keep the test quick; the time limit is raised so that only memory can
// stop them), each failing its assertion with what stopped it.
func TestRunawayJQMemoryIsStopped(t *testing.T) {
	oldLimit, oldTimeout := jqcode.MemoryLimit, jqTimeout
	jqcode.MemoryLimit, jqTimeout = 16<<20, 30*time.Second
	t.Cleanup(func() { jqcode.MemoryLimit, jqTimeout = oldLimit, oldTimeout })
	exprs := []string{
		"[range(1e9)] | length > 0",
		"[limit(1e8; repeat(1))] | length > 0",
		"[range(1e8) | tostring] | length > 0",
		"[range(1e8) | {a: .}] | length > 0",
	}
	results := make(chan string, len(exprs))
	for _, expr := range exprs {
		go func() {
			r := &collections.Request{Expect: collections.Expect{JQ: []string{expr}}}
			c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
			as := c.assertions()
			a := as[len(as)-1]
			results <- fmt.Sprintf("%s: passed %v, %s", expr, a.Passed, a.Actual)
		}()
	}
	for range exprs {
		got := <-results
		if !strings.HasSuffix(got, ": passed false, jq error: jq expression stopped: it used more than 16 MiB of memory (keep expressions to what the body needs)") {
			t.Errorf("%s\nwant it stopped by the memory limit", got)
		}
	}
	// Short expressions still pass, and the watchdog is gone once none runs.
	r := &collections.Request{Expect: collections.Expect{JQ: []string{".a == 1"}}}
	c := newChecker(context.Background(), r, response(200, `{"a":1}`), compilePrograms([]*collections.Request{r}))
	if as := c.assertions(); !as[len(as)-1].Passed {
		t.Errorf("a short expression after the runaways: %+v", as)
	}
}
