// Package collections owns keyway's TOML collection format: loading it
// strictly (every error as FILE:LINE:COL), validating it, resolving
// variables, environment variables, stored secrets and prompts into
// authflow inputs, and saving edits back without touching anything else in
// the file.
//
// Loading (Load, Parse) reports every problem of a file at once as an
// ErrorList sorted by position; columns count characters, not bytes. An
// empty file is a valid collection with no requests.
//
// References are written {{name}} (a variable), {{env:NAME}}, {{secret:NAME}},
// {{prompt}} or {{prompt:Label}}; spaces inside the braces are ignored, and
// every "{{" opens a reference, so none can reach the wire unresolved. A
// variable resolves, highest precedence first, from the captures of earlier
// requests, --var, the chosen [env.NAME], then [vars]. Variables from the
// file may reference other variables; values from captures, --var, the
// environment, the secret store and prompts are inserted as they are and
// never expanded again.
//
// Running collections lives in the run sub-package, reports in report, and
// the user's secret store in secrets.
package collections
