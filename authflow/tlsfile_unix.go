//go:build unix

package authflow

import "syscall"

// openNonBlocking makes opening a FIFO return at once instead of waiting
// for a writer (open(2), O_NONBLOCK); reads of a regular file are not
// affected.
const openNonBlocking = syscall.O_NONBLOCK
