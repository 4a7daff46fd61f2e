package run

import (
	"context"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
)

// FuzzChecker feeds arbitrary response bodies and jq expressions (both user
// input: the server's and the collection's) to the assertions and captures.
// Whatever they are, checking must not panic, every expectation must yield
// exactly one assertion, and a failed capture must not yield a value.
func FuzzChecker(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"id": 1}`, ".id"},
		{`[1, 2]`, ".[]"},
		{`{"a": {"b": null}}`, ".a.b"},
		{`not json`, "."},
		{`{"n": 1e400}`, ".n"},
		{`"\u0000\ud800"`, ". | length"},
		{`{}`, ".["},
		{`[]`, "first(.[])"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, body, expr string) {
		r := &collections.Request{
			Expect:  collections.Expect{JQ: []string{expr}},
			Capture: []collections.KV{{Key: "v", Value: expr}},
		}
		// A guard against expressions that loop without output, not a
		// measurement: the run's context bounds them the same way.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c := newChecker(ctx, r, response(200, body), compilePrograms([]*collections.Request{r}))
		if got := len(c.assertions()); got != 2 {
			t.Fatalf("%d assertions, want status and jq", got)
		}
		values, captures := c.captures()
		if len(captures) != 1 {
			t.Fatalf("%d capture assertions, want 1", len(captures))
		}
		if _, ok := values["v"]; ok != captures[0].Passed {
			t.Fatalf("capture passed=%v but value present=%v", captures[0].Passed, ok)
		}
	})
}
