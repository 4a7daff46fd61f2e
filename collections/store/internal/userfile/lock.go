package userfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// LockTimeout is how long Lock waits for another process to release a
// store before giving up. Writers hold the lock for one small file write,
// so a longer wait means a stuck process, which the user should hear of
// rather than wait on.
var LockTimeout = 10 * time.Second

// errBusy is what the platform's try-lock returns when another process
// holds the lock.
var errBusy = errors.New("lock held by another process")

// Lock takes an exclusive lock that every keyway process agrees on for the
// store at path, waiting up to LockTimeout for one held elsewhere. It locks
// a sibling file (path + ".lock", created owner-only), not the store
// itself: the store is replaced by a rename on every write, and a lock on
// a file that has been renamed over protects nothing. The lock is released
// by calling release, and by the system if the process dies.
func Lock(path string) (release func(), err error) {
	lockPath := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
	if err := os.MkdirAll(filepath.Dir(lockPath), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(LockTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		err = tryLock(f)
		if err == nil {
			return func() { unlock(f); f.Close() }, nil
		}
		if !errors.Is(err, errBusy) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, errBusy) {
				return nil, fmt.Errorf("another keyway process has been writing %s for over %s; try again when it is done", path, LockTimeout)
			}
			return nil, err
		}
		time.Sleep(wait)
	}
}
