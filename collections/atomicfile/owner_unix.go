//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
)

// Owner returns the user and group ids that own the file, and whether the
// system has such owners at all.
func Owner(info fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}
