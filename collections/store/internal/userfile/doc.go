// Package userfile holds what keyway's stores in the user's config folder
// (the secret store, the trust store, the token store, the history) need
// from the operating system: an exclusive lock across processes around a
// read-modify-write, so that two keyway commands run at once cannot lose
// each other's update; a read that refuses a store another user owns or
// could have read or planted; and the owner-only atomic write
// (atomicfile.Write), which every store uses.
//
// docs/security.md §2 says what each store promises.
package userfile
