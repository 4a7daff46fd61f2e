package run

import (
	"fmt"

	"github.com/keyway-cli/keyway/collections"
)

// Plan is a run worked out before anything is sent, the one path every
// caller takes to send requests: `keyway run`, the TUI's replay, and —
// for one request — its send and flow walk (One, OnePrepared).
//
//	NewPlan: select, apply the trust policy, link the
//	         steps, preflight (resolve each request once)
//	Plan.Run: send each prepared request (one resolved at send only when
//	         it needs a capture) → an Outcome per request → the report
//
// Each environment variable and stored secret is read once for the whole
// plan and run (readOnce), however many requests use it.
type Plan struct {
	// Selection is what the run sends.
	Selection *Selection

	c     *collections.Collection
	opts  Options
	steps []step
}

// NewPlan works out the run of c that opts describe, sending nothing:
//
//   - the environment must exist (the collection's own check,
//     collections.Collection.Check, is the caller's: it covers the whole
//     file, not what a run selects, and reads nothing from outside);
//   - the selection (Only, Tags, Shard: Select);
//   - with Options.TrustPolicy, Scope.NoEnv and Scope.AllowHosts applied
//     to what the selected requests read and where it goes;
//   - which request waits for which (captures, unsafe methods);
//   - with Options.Preflight, every request resolved as it will be sent
//     (with Options.StopOn, resolved and stopped on what it accepts).
//
// Its errors are Run's, and nothing has been sent when it returns one.
func NewPlan(c *collections.Collection, opts Options) (*Plan, error) {
	opts.Scope = readOnce(opts.Scope)
	if env := opts.Scope.Env; env != "" {
		if _, ok := c.Envs[env]; !ok {
			return nil, &UsageError{Msg: fmt.Sprintf("environment %q is not defined in %s", env, collectionName(c))}
		}
	}
	sel, err := Select(c, opts)
	if err != nil {
		return nil, err
	}
	if opts.TrustPolicy {
		if err := checkOutside(c, &opts.Scope, sel); err != nil {
			return nil, err
		}
	}
	steps := plan(c, sel.positions, &opts.Scope)
	if opts.Preflight {
		prepared, err := preflight(c, steps, opts.Scope, opts.Client)
		if err != nil {
			return nil, err
		}
		for pos := range steps {
			steps[pos].prepared = prepared[pos]
		}
	} else if opts.StopOn != nil {
		if err := resolveFirst(c, steps, &opts.Scope, opts.StopOn); err != nil {
			return nil, err
		}
	}
	return &Plan{Selection: sel, c: c, opts: opts, steps: steps}, nil
}

// resolveFirst resolves every step before the run (Options.StopOn): it
// returns the first error stop accepts, and keeps each step that needs no
// capture and resolves for the send. A step that needs a capture is
// resolved in scope alone — what the run captures is not known yet — only
// to find what stop accepts.
func resolveFirst(c *collections.Collection, steps []step, scope *collections.Scope, stop func(error) bool) error {
	var shared sharedProfiles
	for pos, s := range steps {
		p, err := c.Prepare(s.req, scope)
		switch {
		case err != nil && stop(err):
			return err
		case err == nil && len(s.needs) == 0:
			steps[pos].prepared = shared.share(p)
		}
	}
	return nil
}
