//go:build !unix && !windows

package userfile

import "os"

// tryLock has nothing to lock with where the system offers no file locks
// (js, wasip1, plan9): keyway there is one process at a time.
func tryLock(*os.File) error { return nil }

func unlock(*os.File) {}
