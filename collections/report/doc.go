// Package report holds the result of replaying a collection and encodes it
// as text (a line per request and a summary line), JSON, JUnit XML and one
// self-contained HTML page (html.go).
//
// A report never contains a secret: the run package redacts URLs and errors
// before it stores them here, and captured values are never stored at all.
// The encoders add the second half of that promise for server data: the
// text and JUnit encoders strip ANSI escape sequences and control characters
// (a response header or an OAuth2 error description can carry them), and
// JSON escapes them as the JSON grammar requires (RFC 8259 §7).
//
// The JSON shape is a contract scripts rely on (see docs/collections.md):
// field names, "error" empty rather than absent, and "assertions" an empty
// array rather than null.
package report
