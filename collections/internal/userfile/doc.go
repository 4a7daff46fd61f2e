// Package userfile holds what keyway's stores in the user's config folder
// (the secret store, the trust store) need from the operating system: an
// exclusive lock across processes around a read-modify-write, so that two
// keyway commands run at once cannot lose each other's update, and the
// owner of a file, so that a store someone else planted is refused.
//
// docs/security.md §2 says what each store promises.
package userfile
