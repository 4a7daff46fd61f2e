package main

import (
	"errors"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/store/secrets"
	"github.com/keyway-cli/keyway/collections/store/trust"
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

// ownFiles names the files no report may replace: the collection being
// run and keyway's stores (opening them reads nothing).
func ownFiles(c *collections.Collection) []string {
	files := []string{c.Path}
	if store, err := secrets.Default(); err == nil {
		files = append(files, store.Path())
	}
	if store, err := trust.Default(); err == nil {
		files = append(files, store.Path())
	}
	return files
}
