package main

import (
	"errors"

	"github.com/keyway-cli/keyway/collections/report"
)

// writeReports writes every report, even when one fails, and returns all
// the failures.
func writeReports(specs []report.Spec, rep *report.Report) error {
	var errs []error
	for _, spec := range specs {
		errs = append(errs, spec.Write(rep))
	}
	return errors.Join(errs...)
}
