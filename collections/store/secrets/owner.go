package secrets

import (
	"io/fs"
	"os"

	"github.com/keyway-cli/keyway/collections/atomicfile"
)

// currentUID is the user keyway runs as; a variable so that a test can
// play another user.
var currentUID = os.Getuid

// ownedByOther reports whether the file belongs to another user than the
// one running keyway, and that user's id. A store someone else owns could
// have been planted, or be read by them however its mode looks later.
func ownedByOther(info fs.FileInfo) (uid int, other bool) {
	uid, _, ok := atomicfile.Owner(info)
	return uid, ok && uid != currentUID()
}
