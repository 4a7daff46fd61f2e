package run

import (
	"context"
	"reflect"
	"testing"

	"github.com/keyway-cli/keyway/collections/report"
)

// An untraced run (keyway run) reports exactly what a traced one (the
// TUI's replay) does; only the flows lose their steps.
func TestUntracedRunReportsTheSame(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	c := parse(t, chainTOML)
	results := map[bool][]report.Result{}
	for _, untraced := range []bool{false, true} {
		opts := options(srv.URL)
		opts.Untraced = untraced
		opts.OnResult = func(i int, o Outcome) {
			if o.Flow == nil {
				t.Fatalf("untraced %v: request %d has no flow", untraced, i)
			}
			if steps := len(o.Flow.Steps); (steps == 0) != untraced {
				t.Errorf("untraced %v: request %d's flow has %d steps", untraced, i, steps)
			}
		}
		rep := mustRun(t, context.Background(), c, opts)
		for i := range rep.Results {
			rep.Results[i].SetDuration(0)
			rep.Results[i].SetStartedOffset(0)
		}
		results[untraced] = rep.Results
	}
	if !reflect.DeepEqual(results[false], results[true]) {
		t.Errorf("traced results:\n%+v\nuntraced results:\n%+v", results[false], results[true])
	}
}
