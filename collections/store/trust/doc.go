// Package trust is the user's trust store: for each collection file, the
// answer given to the TUI's question whether it may read environment
// variables and stored secrets, kept per content (a changed file asks
// again). What a collection exposes — the question's list — is the trust
// analysis of package collections (Collection.Exposures).
//
// docs/security.md §2 says what the store promises.
package trust
