//go:build !unix

package atomicfile

import "io/fs"

// Owner reports no owner where files have no Unix owner (Windows): access
// there is the system's ACLs' business.
func Owner(fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }
