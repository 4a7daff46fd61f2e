//go:build unix

package secrets

import (
	"io/fs"
	"os"
	"syscall"
)

// currentUID is the user keyway runs as; a variable so that a test can
// play another user.
var currentUID = os.Getuid

// ownedByOther reports whether the file belongs to another user than the
// one running keyway, and that user's id. A store someone else owns could
// have been planted, or be read by them however its mode looks later.
func ownedByOther(info fs.FileInfo) (uid int, other bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), int(st.Uid) != currentUID()
}
