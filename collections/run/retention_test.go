package run

import (
	"context"
	"testing"

	"github.com/keyway-cli/keyway/collections/report"
)

// The scheduler forgets responses and flows once OnResult has seen them
// (memory would otherwise grow with every request of a run): OnResult must
// still get them whole, and captures must still reach later requests.
func TestOnResultGetsResponseAndFlowWhileCapturesFlow(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	c := parse(t, chainTOML)
	opts := options(srv.URL)
	seen := 0
	opts.OnResult = func(i int, o Outcome) {
		seen++
		if o.Response == nil || len(o.Response.Body) == 0 || o.Flow == nil || len(o.Flow.Steps) == 0 {
			t.Errorf("OnResult(%d): response %v, flow %v; want both", i, o.Response, o.Flow)
		}
	}
	rep := mustRun(t, context.Background(), c, opts)
	if rep.Summary != (report.Summary{Passed: 3}) || seen != 3 {
		t.Fatalf("summary %+v, %d results seen; want 3 passed and seen: %+v", rep.Summary, seen, rep.Results)
	}
}
