//go:build !unix

package authflow

// openNonBlocking is unix's O_NONBLOCK; elsewhere opening a file does not
// wait on a FIFO writer.
const openNonBlocking = 0
