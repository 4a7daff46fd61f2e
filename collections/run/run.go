package run

import (
	"context"
	"maps"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// Run replays the requests of c as the package documentation describes and
// returns the report of those that finished, in file order: NewPlan, then
// Plan.Run. It returns an error only when nothing could run: a *UsageError
// for an Only name that matches nothing or an environment the collection
// does not define, a *PreflightError for requests Options.Preflight found
// could not be sent, and with Options.TrustPolicy what it found. A request that fails is in the report; when ctx is cancelled
// Run returns promptly with the requests that finished.
func Run(ctx context.Context, c *collections.Collection, opts Options) (*report.Report, error) {
	p, err := NewPlan(c, opts)
	if err != nil {
		return nil, err
	}
	return p.Run(ctx), nil
}

// Run sends the plan's requests — those the preflight resolved as they
// were resolved, the others as their captures arrive — and returns the
// report of those that finished, in file order. A plan is run once.
func (p *Plan) Run(ctx context.Context) *report.Report {
	c, opts, steps := p.c, p.opts, p.steps
	rn := newRunner(c, opts.Client, compilePrograms(p.Selection.Requests), &opts.Scope)
	rn.untraced = opts.Untraced
	rn.keepExchange = opts.KeepExchange
	sched := &scheduler{
		steps:       steps,
		concurrency: opts.Concurrency,
		failFast:    opts.FailFast,
		exec:        rn.stepExec(opts.Scope),
		onStart:     opts.OnStart,
		onResult:    opts.OnResult,
	}
	// The secrets of every request the preflight resolved are known before
	// the first is sent: mask them in every live line from the start, so
	// that a line printed before the request that sends a password does
	// not show it while the report, masked at the end, does not.
	for _, s := range steps {
		if s.prepared != nil {
			sched.secrets.add(s.prepared.Secrets)
		}
	}

	start := time.Now()
	rn.started, sched.started = start, start
	rep := &report.Report{
		Collection: c.Name,
		Env:        opts.Scope.Env,
		// Milliseconds are precision enough for a report's timestamp.
		Started: start.Truncate(time.Millisecond),
		Results: []report.Result{},
	}
	if opts.Shard.Total > 0 {
		rep.Shard = &report.Shard{Index: opts.Shard.Index, Total: opts.Shard.Total}
	}
	outcomes := sched.run(ctx)
	rep.SetDuration(time.Since(start))

	// Each result was redacted, as it finished, with every secret the run
	// had seen by then. Redact again those that finished before the last
	// secret appeared: a token used by a later request may surface in an
	// earlier one's error.
	for pos, out := range outcomes {
		if out == nil {
			continue
		}
		if sched.maskedWith[pos] < sched.secrets.count() {
			rep.Add(redactResult(sched.secrets.redactor, out.Result))
		} else {
			rep.Add(out.Result)
		}
	}
	return rep
}

// stepExec returns the scheduler's way to send a step: with scope, its
// captures overlaid by those the step needs.
func (rn *runner) stepExec(scope collections.Scope) execFunc {
	return func(ctx context.Context, s *step, captures map[string]string, limits map[string][]authflow.HostLimit) (Outcome, bool) {
		if p := s.prepared; p != nil {
			s.prepared = nil // sent once; not kept until the run ends
			return rn.sendPrepared(ctx, s.req, p)
		}
		stepScope := scope
		if len(captures) > 0 {
			merged := make(map[string]string, len(scope.Captures)+len(captures))
			maps.Copy(merged, scope.Captures)
			maps.Copy(merged, captures)
			stepScope.Captures = merged
		}
		if len(limits) > 0 {
			bound := make(map[string][]authflow.HostLimit, len(scope.CaptureLimits)+len(limits))
			maps.Copy(bound, scope.CaptureLimits)
			maps.Copy(bound, limits)
			stepScope.CaptureLimits = bound
		}
		return rn.send(ctx, s.req, &stepScope)
	}
}

// redactResult returns res with its URL, error, assertion values and
// exchange redacted.
func redactResult(r *authflow.Redactor, res report.Result) report.Result {
	res.URL = r.Redact(res.URL)
	res.Error = r.Redact(res.Error)
	assertions := make([]report.Assertion, len(res.Assertions))
	for i, a := range res.Assertions {
		a.Actual = r.Redact(a.Actual)
		assertions[i] = a
	}
	res.Assertions = assertions
	if res.Exchange != nil {
		res.Exchange = redactExchange(r, res.Exchange)
	}
	return res
}
