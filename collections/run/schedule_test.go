package run

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"

	"github.com/keyway-cli/keyway/authflow"
)

// fakeSteps returns n steps with no dependencies; index i is request i.
func fakeSteps(n int) []step {
	steps := make([]step, n)
	for i := range steps {
		steps[i] = step{index: i, req: &collections.Request{Name: fmt.Sprintf("r%d", i)}}
	}
	return steps
}

func pass(name string, captures map[string]string) Outcome {
	return Outcome{Result: report.Result{Name: name, Passed: true}, Captures: captures}
}

func fail(name string) Outcome {
	return Outcome{Result: report.Result{Name: name, Error: "failed"}}
}

// events records callbacks in the order the scheduler makes them.
type events struct {
	mu   sync.Mutex
	list []string
}

func (e *events) add(format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, fmt.Sprintf(format, args...))
}

func (e *events) attach(s *scheduler) *scheduler {
	s.onStart = func(i int, _ *collections.Request) { e.add("start %d", i) }
	s.onResult = func(i int, _ Outcome) { e.add("result %d", i) }
	return s
}

// waitFor guards a wait that only a scheduling bug could make endless; it
// measures nothing.
// waitFor waits for ch to close and reports whether it did. It may be
// called from a send's goroutine, so it fails the test with Errorf (Fatalf
// would end that goroutine and leave the scheduler waiting for it).
func waitFor(t *testing.T, ch <-chan struct{}, what string) bool {
	t.Helper()
	select {
	case <-ch:
		return true
	case <-time.After(30 * time.Second):
		t.Errorf("gave up waiting: %s", what)
		return false
	}
}

func ran(outcomes []*Outcome) []string {
	var names []string
	for _, o := range outcomes {
		if o == nil {
			names = append(names, "-")
		} else {
			names = append(names, o.Result.Name)
		}
	}
	return names
}

func TestSchedulerSequentialIsFileOrder(t *testing.T) {
	var ev events
	s := ev.attach(&scheduler{steps: fakeSteps(3), exec: func(_ context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
		return pass(st.req.Name, nil), false
	}})
	outcomes := s.run(context.Background())
	if want := []string{"start 0", "result 0", "start 1", "result 1", "start 2", "result 2"}; !reflect.DeepEqual(ev.list, want) {
		t.Errorf("events %v, want %v", ev.list, want)
	}
	if want := []string{"r0", "r1", "r2"}; !reflect.DeepEqual(ran(outcomes), want) {
		t.Errorf("outcomes %v, want %v", ran(outcomes), want)
	}
}

func TestSchedulerRunsIndependentRequestsConcurrently(t *testing.T) {
	var inFlight, most atomic.Int32
	firstStarted, secondStarted := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s := &scheduler{steps: fakeSteps(6), concurrency: 2,
		exec: func(_ context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
			// The others enter only once the first is in flight, so that
			// on a loaded machine they cannot all finish before it starts.
			if st.index != 0 && !waitFor(t, firstStarted, "the first request in flight") {
				return pass(st.req.Name, nil), false
			}
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			if n == 2 {
				once.Do(func() { close(secondStarted) })
			}
			// The first request holds its slot until a second is in
			// flight beside it: only concurrency lets it finish.
			if st.index == 0 {
				close(firstStarted)
				waitFor(t, secondStarted, "a second request in flight beside the first")
			}
			return pass(st.req.Name, nil), false
		}}
	outcomes := s.run(context.Background())
	if got := most.Load(); got != 2 {
		t.Errorf("at most %d requests were in flight, want exactly the concurrency, 2", got)
	}
	if want := []string{"r0", "r1", "r2", "r3", "r4", "r5"}; !reflect.DeepEqual(ran(outcomes), want) {
		t.Errorf("outcomes %v, want every request in file order", ran(outcomes))
	}
}

func TestSchedulerDependentWaitsForItsCapture(t *testing.T) {
	steps := fakeSteps(3)
	steps[1].needs = []need{{name: "token", from: 0}}
	independentDone := make(chan struct{})
	var got map[string]string
	var ev events
	s := ev.attach(&scheduler{steps: steps, concurrency: 3,
		exec: func(_ context.Context, st *step, captures map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
			switch st.index {
			case 0:
				// Finish only once the independent request 2 did: it
				// must not have waited behind the login.
				waitFor(t, independentDone, "independent request 2 to finish during request 0")
				return pass("r0", map[string]string{"token": "t-123"}), false
			case 2:
				defer close(independentDone)
			case 1:
				got = captures
			}
			return pass(st.req.Name, nil), false
		}})
	s.run(context.Background())
	if want := map[string]string{"token": "t-123"}; !reflect.DeepEqual(got, want) {
		t.Errorf("request 1 got captures %v, want %v", got, want)
	}
	if indexOf(ev.list, "result 0") > indexOf(ev.list, "start 1") {
		t.Errorf("request 1 started before request 0 finished: %v", ev.list)
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func TestSchedulerFailedCaptureFailsDependents(t *testing.T) {
	steps := fakeSteps(4)
	steps[0].req.Name = "Login"
	steps[1].needs = []need{{name: "token", from: 0}}
	steps[2].needs = []need{{name: "token", from: 0}}
	var sent []int
	var ev events
	s := ev.attach(&scheduler{steps: steps, exec: func(_ context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
		sent = append(sent, st.index)
		if st.index == 0 {
			return fail("Login"), false
		}
		return pass(st.req.Name, nil), false
	}})
	outcomes := s.run(context.Background())
	wantEvents := []string{"start 0", "result 0", "start 1", "result 1", "start 2", "result 2", "start 3", "result 3"}
	if !reflect.DeepEqual(ev.list, wantEvents) {
		t.Errorf("events %v, want %v", ev.list, wantEvents)
	}
	if !reflect.DeepEqual(sent, []int{0, 3}) {
		t.Errorf("sent %v, want only the login and the independent request", sent)
	}
	for _, i := range []int{1, 2} {
		want := `run: variable token was not captured because request "Login" failed`
		if outcomes[i] == nil || outcomes[i].Result.Error != want || outcomes[i].Result.Passed {
			t.Errorf("outcome %d = %+v, want error %q", i, outcomes[i], want)
		}
	}
}

func TestSchedulerFailFast(t *testing.T) {
	for _, concurrency := range []int{1, 3} {
		t.Run(fmt.Sprint("concurrency ", concurrency), func(t *testing.T) {
			// At concurrency 3, requests 0, 1 and 2 are in flight
			// together; 0 and 2 finish only after 1's failure was
			// recorded, so they are reported and nothing else starts.
			oneFailed := make(chan struct{})
			s := &scheduler{steps: fakeSteps(5), concurrency: concurrency, failFast: true,
				exec: func(_ context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
					if st.index == 1 {
						return fail("r1"), false
					}
					if concurrency > 1 {
						waitFor(t, oneFailed, "request 1 to fail")
					}
					return pass(st.req.Name, nil), false
				},
				onResult: func(i int, _ Outcome) {
					if i == 1 {
						close(oneFailed)
					}
				},
			}
			outcomes := s.run(context.Background())
			want := []string{"r0", "r1", "-", "-", "-"}
			if concurrency == 3 {
				want[2] = "r2"
			}
			if !reflect.DeepEqual(ran(outcomes), want) {
				t.Errorf("outcomes %v, want %v", ran(outcomes), want)
			}
		})
	}
}

func TestSchedulerCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ev events
	s := ev.attach(&scheduler{steps: fakeSteps(4), exec: func(ctx context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
		if st.index == 1 {
			// ctrl+c while request 1 is in flight: it sees its context
			// end and comes back interrupted.
			cancel()
			<-ctx.Done()
			return fail("r1"), true
		}
		return pass(st.req.Name, nil), false
	}})
	outcomes := s.run(ctx)
	if want := []string{"r0", "-", "-", "-"}; !reflect.DeepEqual(ran(outcomes), want) {
		t.Errorf("outcomes %v, want only the request finished before the cancellation", ran(outcomes))
	}
	if want := []string{"start 0", "result 0", "start 1"}; !reflect.DeepEqual(ev.list, want) {
		t.Errorf("events %v, want %v", ev.list, want)
	}
}

func TestSchedulerCallbacksAreSerialized(t *testing.T) {
	var inside atomic.Bool
	enter := func() {
		if !inside.CompareAndSwap(false, true) {
			t.Error("a callback ran while another was running")
		}
		inside.Store(false)
	}
	s := &scheduler{steps: fakeSteps(40), concurrency: 8,
		exec: func(_ context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
			return pass(st.req.Name, nil), false
		},
		onStart:  func(int, *collections.Request) { enter() },
		onResult: func(int, Outcome) { enter() },
	}
	outcomes := s.run(context.Background())
	for i, o := range outcomes {
		if o == nil || o.Result.Name != fmt.Sprintf("r%d", i) {
			t.Fatalf("outcome %d = %+v", i, o)
		}
	}
}

func TestSchedulerCancellationInterruptsEveryRequestInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bothStarted := make(chan struct{})
	var started atomic.Int32
	var ev events
	s := ev.attach(&scheduler{steps: fakeSteps(5), concurrency: 2,
		exec: func(ctx context.Context, st *step, _ map[string]string, _ map[string][]authflow.HostLimit) (Outcome, bool) {
			if started.Add(1) == 2 {
				close(bothStarted)
			}
			if st.index == 1 {
				waitFor(t, bothStarted, "both requests in flight")
				cancel()
			}
			<-ctx.Done()
			return fail(st.req.Name), true
		}})
	outcomes := s.run(ctx)
	if want := []string{"-", "-", "-", "-", "-"}; !reflect.DeepEqual(ran(outcomes), want) {
		t.Errorf("outcomes %v, want none: both requests in flight were interrupted", ran(outcomes))
	}
	if want := []string{"start 0", "start 1"}; !reflect.DeepEqual(ev.list, want) {
		t.Errorf("events %v, want %v", ev.list, want)
	}
}

// A concurrency far above the number of requests costs no more than one
// slot per request (it once sized a channel by it).
func TestSchedulerHugeConcurrency(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {})
	opts := options(srv.URL)
	opts.Concurrency = 1 << 40
	rep := mustRun(t, context.Background(), parse(t, "name = \"H\"\n[[request]]\nname = \"a\"\nurl = \"{{base_url}}/a\"\n"), opts)
	if rep.Summary.Passed != 1 {
		t.Errorf("results %+v", rep.Results)
	}
}
