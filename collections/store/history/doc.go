// Package history keeps the responses the TUI received, across sessions:
// one file per collection in the user's data folder (see Dir), each entry
// masked with the send's secrets before it is written, bounded in count,
// size and age (see the limits in limits.go).
//
// The file is JSON Lines: a header line that names the collection's
// absolute path, then one Entry per line, oldest first. Appends take a
// lock across processes (collections/store/internal/userfile), so two TUI
// sessions on one collection keep each other's entries; pruning rewrites
// the file atomically (a temporary file renamed over it). A line that
// cannot be read is skipped and counted, never silently dropped: a rewrite
// moves it to a ".rejected" file beside the history. docs/security.md §
// "History" says what is kept and what is masked.
package history
