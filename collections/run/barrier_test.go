package run

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// before returns, for each step of a plan, every step that must finish
// before it starts (through needs and after, transitively).
func before(steps []step) []map[int]bool {
	out := make([]map[int]bool, len(steps))
	for pos, s := range steps {
		out[pos] = map[int]bool{}
		direct := slices.Clone(s.after)
		for _, nd := range s.needs {
			direct = append(direct, nd.from)
		}
		for _, d := range direct {
			out[pos][d] = true
			for e := range out[d] {
				out[pos][e] = true
			}
		}
	}
	return out
}

// TestUnsafeMethodsAreBarriers: in the plan of the demo collection, every
// request with an unsafe method comes after every earlier request and
// before every later one, so "Delete the note" never overtakes "Read the
// note back" at any concurrency.
func TestUnsafeMethodsAreBarriers(t *testing.T) {
	c, err := collections.Parse(examples.DemoPath, examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	positions, err := selectRequests(c, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := plan(c, positions, &collections.Scope{})
	order := before(steps)
	barriers := 0
	for pos, s := range steps {
		if !unsafeMethod(s.req.Method) {
			continue
		}
		barriers++
		for other := range steps {
			switch {
			case other < pos && !order[pos][other]:
				t.Errorf("%q (%s) may start before %q finished", s.req.Name, s.req.Method, steps[other].req.Name)
			case other > pos && !order[other][pos]:
				t.Errorf("%q may start before %q (%s) finished", steps[other].req.Name, s.req.Name, s.req.Method)
			}
		}
	}
	if barriers < 2 {
		t.Fatalf("the demo has %d unsafe requests; the test needs some", barriers)
	}
	read, del := -1, -1
	for pos, s := range steps {
		switch s.req.Name {
		case "Read the note back":
			read = pos
		case "Delete the note":
			del = pos
		}
	}
	if read < 0 || del < 0 || !order[del][read] {
		t.Errorf("Delete the note (%d) does not wait for Read the note back (%d)", del, read)
	}
}

// TestPlanLinksSafeRequestsOnlyToBarriers: safe requests between barriers
// stay independent of each other.
func TestPlanLinksSafeRequestsOnlyToBarriers(t *testing.T) {
	c := &collections.Collection{Requests: []*collections.Request{
		request("a", "", "/a"), request("b", "", "/b"),
		{Name: "post", Method: "post", URL: "/p"},
		request("c", "", "/c"), request("d", "", "/d"),
		{Name: "ext", Method: "PURGE", URL: "/x"},
	}}
	steps := plan(c, []int{0, 1, 2, 3, 4, 5}, &collections.Scope{})
	want := [][]int{nil, nil, {0, 1}, {2}, {2}, {2, 3, 4}}
	for pos, s := range steps {
		if !slices.Equal(s.after, want[pos]) {
			t.Errorf("%s: after %v, want %v", s.req.Name, s.after, want[pos])
		}
	}
}

// TestDemoAtConcurrency8 runs the demo collection a few times at
// concurrency 8: with barriers it passes every time, and the note is
// always read before it is deleted.
func TestDemoAtConcurrency8(t *testing.T) {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	t.Cleanup(srv.Close)
	c, err := collections.Parse(examples.DemoPath, examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		opts := options(srv.URL)
		opts.Concurrency = 8
		opts.Only, _ = examples.DemoHeadless(c) // no browser login in a headless run
		var finished []string
		opts.OnStart = func(_ int, r *collections.Request) {
			if r.Name == "Delete the note" && !slices.Contains(finished, "Read the note back") {
				t.Error("Delete the note started before Read the note back finished")
			}
		}
		opts.OnResult = func(_ int, o Outcome) { finished = append(finished, o.Result.Name) }
		rep := mustRun(t, context.Background(), c, opts)
		if rep.Summary.Failed != 0 {
			_, _, text := encodeAll(t, rep)
			t.Fatalf("demo at concurrency 8:\n%s", text)
		}
	}
}
