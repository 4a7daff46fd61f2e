//go:build !unix

package secrets

import "io/fs"

// ownedByOther reports nothing where files have no Unix owner (Windows):
// access there is the system's ACLs' business.
func ownedByOther(fs.FileInfo) (uid int, other bool) { return 0, false }
