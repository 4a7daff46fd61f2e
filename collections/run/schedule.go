package run

import (
	"context"
	"fmt"
	"time"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"

	"github.com/keyway-cli/keyway/authflow"
)

// execFunc sends the request of one step with the given captures merged
// into the scope (see runner.send).
// (limits binds those captured from a response that held a bound secret;
// see collections.Scope.CaptureLimits).
type execFunc func(ctx context.Context, s *step, captures map[string]string, limits map[string][]authflow.HostLimit) (out Outcome, interrupted bool)

// scheduler runs the steps of a plan. A single goroutine — the one calling
// run — decides what starts, receives every outcome and calls the
// callbacks, so that they are serialized without a lock; only the sends run
// on their own goroutines.
type scheduler struct {
	steps       []step
	concurrency int
	failFast    bool
	exec        execFunc
	onStart     func(index int, r *collections.Request)
	onResult    func(index int, res Outcome)
	// secrets collects every secret of the run, to redact each result
	// with all of them before onResult sees it.
	secrets runSecrets
	// maskedWith holds, by position, how many of the run's secrets had
	// been seen when the outcome was redacted (see runSecrets.count).
	maskedWith []int
	// started is when the run started, for the start offset of a request
	// that fails without being sent.
	started time.Time
}

type stepState int

const (
	statePending stepState = iota
	stateRunning
	stateDone
)

// job is a step handed to a worker, with the captures it needs.
type job struct {
	pos      int
	captures map[string]string
	limits   map[string][]authflow.HostLimit
}

// completion is a finished send, reported to the scheduling goroutine.
type completion struct {
	pos         int
	out         Outcome
	interrupted bool
}

// run sends the steps and returns their outcomes by position: nil for a
// step that was not sent (fail-fast, cancellation) or was interrupted.
// Only onResult sees an outcome's Response and Flow; the returned ones
// keep the result, captures and secrets.
//
// Each round starts, in file order, every pending step whose needs are done,
// until Concurrency steps are in flight; a step whose needed variable was
// not captured fails at once without being sent. Steps only need earlier
// steps, so some pending step is always ready once nothing is in flight,
// and the loop ends when nothing is in flight and nothing may start.
func (s *scheduler) run(ctx context.Context) []*Outcome {
	n := len(s.steps)
	outcomes := make([]*Outcome, n)
	state := make([]stepState, n)
	// Buffered for every step, so that a send never blocks on reporting.
	done := make(chan completion, n)
	concurrency := max(s.concurrency, 1)
	firstPending, running, stopped := 0, 0, false
	cancelled := ctx.Done()
	s.maskedWith = make([]int, n)
	// Sends run on concurrency workers that live as long as the run: a
	// goroutine per request would start, and grow its stack to what
	// net/http needs, once per request.
	work := make(chan job, min(concurrency, n))
	defer close(work)
	if concurrency > 1 {
		for range min(concurrency, n) {
			go func() {
				for j := range work {
					out, interrupted := s.exec(ctx, &s.steps[j.pos], j.captures, j.limits)
					done <- completion{pos: j.pos, out: out, interrupted: interrupted}
				}
			}()
		}
	}

	finish := func(pos int, out Outcome) {
		state[pos] = stateDone
		s.secrets.add(out.Secrets)
		out.Result = s.secrets.redactBeyond(out.Result, out.Secrets)
		if re, ok := out.Err.(*RequestError); ok && re.Text != out.Result.Error {
			// Told in the words of the result, masked as it now is.
			out.Err = &RequestError{Text: out.Result.Error, Err: re.Err}
		}
		s.maskedWith[pos] = s.secrets.count()
		if s.onResult != nil {
			s.onResult(s.steps[pos].index, out)
		}
		// Only the result, captures and secrets are needed once the
		// callback has seen the outcome: keeping every response body and
		// flow until the run ends made memory grow with the number of
		// requests times their size (50 MiB for 5,000 small ones).
		out.Response, out.Flow = nil, nil
		outcomes[pos] = &out
		if s.failFast && !out.Result.Passed {
			stopped = true
		}
	}

	for {
		for pos := firstPending; pos < n && running < concurrency && !stopped && ctx.Err() == nil; pos++ {
			if state[pos] != statePending || !s.ready(pos, state) {
				continue
			}
			if s.onStart != nil {
				s.onStart(s.steps[pos].index, s.steps[pos].req)
			}
			captures, limits, err := s.captures(pos, outcomes)
			if err != nil {
				out := failed(s.steps[pos].req, err)
				out.Result.SetStartedOffset(time.Since(s.started))
				finish(pos, out)
				continue
			}
			state[pos] = stateRunning
			if concurrency == 1 {
				// One at a time, the send runs here: handing it to a
				// goroutine and waiting for its answer would add two
				// wake-ups to every request and nothing else.
				out, interrupted := s.exec(ctx, &s.steps[pos], captures, limits)
				s.complete(completion{pos: pos, out: out, interrupted: interrupted}, state, finish)
				continue
			}
			running++
			work <- job{pos: pos, captures: captures, limits: limits}
		}
		for firstPending < n && state[firstPending] != statePending {
			firstPending++
		}
		if running == 0 {
			return outcomes
		}
		select {
		case c := <-done:
			running--
			s.complete(c, state, finish)
		case <-cancelled:
			// Stop starting; in-flight sends see the same cancelled
			// context and come back promptly.
			cancelled = nil
		}
	}
}

// complete records a finished send: an interrupted one is done but not
// counted, since it did not finish.
func (s *scheduler) complete(c completion, state []stepState, finish func(int, Outcome)) {
	if c.interrupted {
		state[c.pos] = stateDone
		return
	}
	finish(c.pos, c.out)
}

// ready reports whether every step that pos needs, or must come after, is
// done.
func (s *scheduler) ready(pos int, state []stepState) bool {
	for _, nd := range s.steps[pos].needs {
		if state[nd.from] != stateDone {
			return false
		}
	}
	for _, earlier := range s.steps[pos].after {
		if state[earlier] != stateDone {
			return false
		}
	}
	return true
}

// captures gathers the values step pos needs from the steps that captured
// them, or says which variable is missing and why.
func (s *scheduler) captures(pos int, outcomes []*Outcome) (map[string]string, map[string][]authflow.HostLimit, error) {
	needs := s.steps[pos].needs
	if len(needs) == 0 {
		return nil, nil, nil
	}
	values := make(map[string]string, len(needs))
	var limits map[string][]authflow.HostLimit
	for _, nd := range needs {
		from := outcomes[nd.from]
		value, ok := "", false
		if from != nil {
			value, ok = from.Captures[nd.name]
		}
		if !ok {
			return nil, nil, &captureError{Variable: nd.name, Request: s.steps[nd.from].req.Name}
		}
		values[nd.name] = value
		if len(from.CaptureLimits) > 0 {
			if limits == nil {
				limits = map[string][]authflow.HostLimit{}
			}
			limits[nd.name] = from.CaptureLimits
		}
	}
	return values, limits, nil
}

// captureError is the error of a request that was not sent because a
// variable it uses was to be captured by an earlier request that failed.
type captureError struct {
	Variable string // the variable not captured
	Request  string // the request that should have captured it
}

func (e *captureError) Error() string {
	return fmt.Sprintf("run: variable %s was not captured because request %q failed", e.Variable, e.Request)
}

// failed is the outcome of a request that could not be sent because of err.
func failed(r *collections.Request, err error) Outcome {
	return Outcome{Result: report.Result{
		Name:       r.Name,
		Folder:     r.Folder,
		Tags:       r.Tags,
		Method:     r.Method,
		Error:      err.Error(),
		Assertions: []report.Assertion{},
	}, Err: &RequestError{Text: err.Error(), Err: err}}
}
