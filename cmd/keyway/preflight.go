package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// captureStandIn stands in, during the preflight, for a value that an
// earlier selected request will capture: what it will be is not known
// before the run, only that it will be there.
const captureStandIn = "keyway-captured-value"

// preflight resolves every selected request as it will be sent — reading
// its environment variables and secrets, but sending nothing — so that a
// problem the machine can tell before the run (an unset environment
// variable, a missing secret, a {{prompt}} with no terminal, a variable
// captured only by a request --only leaves out) stops the command with
// exit 2 before the first request goes out, rather than failing requests
// halfway through a run.
func preflight(c *collections.Collection, scope collections.Scope, only []string) error {
	// Where values may go is checked from the file by checkOutside; the
	// stand-ins for captures would only confuse a host check here.
	scope.AllowHosts = nil
	captured := map[string]string{}
	scope.Captures = captured
	var problems []error
	// A problem in a profile, or in a variable many requests use, is the
	// same error for every request: it is told once, with how many
	// requests it stops, not a thousand times.
	repeats := map[string]int{}
	for _, r := range c.Requests {
		if !run.Selected(r, only) {
			continue
		}
		if _, err := c.Prepare(r, &scope); err != nil && (len(captured) == 0 || standInCannotCause(err)) {
			if repeats[err.Error()]++; repeats[err.Error()] == 1 {
				problems = append(problems, err)
			}
		}
		for _, kv := range r.Capture {
			captured[kv.Key] = captureStandIn
		}
	}
	if len(problems) == 0 {
		return nil
	}
	for i, err := range problems {
		if n := repeats[err.Error()]; n > 1 {
			problems[i] = fmt.Errorf("%w (in each of %d requests)", err, n)
		}
	}
	return fmt.Errorf("%w\nnothing was sent", errors.Join(problems...))
}

// standInCannotCause reports whether err is a problem no captured value
// could cause or cure: once a request may use captures, a malformed URL or
// a host check could be the stand-in's doing, and is left to the run.
func standInCannotCause(err error) bool {
	for _, kind := range []error{collections.ErrUndefined, collections.ErrEnvUnset,
		collections.ErrSecretUnavailable, collections.ErrPromptUnavailable, collections.ErrOutsideValue} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}

// checkReportPaths makes sure each report can be written before the run,
// so a typo in --report fails in a second rather than after a long run.
func checkReportPaths(specs []report.Spec) error {
	for _, spec := range specs {
		dir := filepath.Dir(spec.Path)
		probe, err := os.CreateTemp(dir, ".keyway-report-check-*")
		if err != nil {
			return fmt.Errorf("--report %s: cannot write in %s: %w", spec, dir, errors.Unwrap(err))
		}
		probe.Close()
		os.Remove(probe.Name())
	}
	return nil
}

// writeReports writes every report, even when one fails, and returns all
// the failures.
func writeReports(specs []report.Spec, rep *report.Report) error {
	var errs []error
	for _, spec := range specs {
		errs = append(errs, spec.Write(rep))
	}
	return errors.Join(errs...)
}
