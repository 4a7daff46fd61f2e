// Package collections owns keyway's TOML collection format: loading it
// strictly (every error as FILE:LINE:COL), validating it, resolving
// variables, environment variables, stored secrets and prompts into
// authflow inputs, and saving edits back without touching anything else in
// the file.
//
// Running collections lives in the run sub-package, reports in report, and
// the user's secret store in secrets.
package collections
