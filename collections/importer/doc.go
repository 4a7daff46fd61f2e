// Package importer turns requests that live elsewhere — a curl command, a
// .http file, a Postman collection, an OpenAPI document — into a keyway
// collection a person would have written.
//
// Every importer fills the same small model (Collection, in model.go) in
// the source's order; Write (write.go) turns it into TOML. Secrets found
// in the input never reach the TOML: an importer hands each one to
// Collection.Secret, which returns the {{secret:NAME}} reference to write
// in its place, and Write gives the value to the caller's callback, which
// puts it in the user's secret store. What an importer could not map is
// recorded on the item (Unmapped), written as a comment above it, and
// listed for the caller to print.
//
// Importers register themselves in a small table (Register, Lookup), so
// that `keyway import FORMAT` needs no change when a format is added.
package importer
