package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/keyway-cli/keyway/collections/report"
)

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
