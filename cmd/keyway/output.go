package main

import (
	"bufio"
	"io"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/term"
)

// headlessGCPercent trades a little memory for less garbage collection on
// the headless paths: a run of 1,000 requests spends about a fifth less CPU
// with it and still peaks under 25 MiB (docs/performance.md).
const headlessGCPercent = 200

// tuneForHeadless sets the runtime up for `keyway run` and `keyway check`.
func tuneForHeadless() { debug.SetGCPercent(headlessGCPercent) }

// lineWriter buffers a run's output lines when they go to a pipe or a file
// — one write per line costs a system call per request — but still flushes
// often enough that a CI log shows progress on a slow run.
type lineWriter struct {
	out       *bufio.Writer
	lastFlush time.Time
	direct    bool
}

// flushEvery bounds how stale buffered output may get.
const flushEvery = 250 * time.Millisecond

// newLineWriter wraps w; a terminal gets every line at once.
func newLineWriter(w io.Writer) *lineWriter {
	f, ok := w.(*os.File)
	direct := ok && term.IsTerminal(int(f.Fd()))
	return &lineWriter{out: bufio.NewWriterSize(w, 64<<10), lastFlush: time.Now(), direct: direct}
}

// Write buffers p and flushes when the terminal wants it now or the buffer
// has waited long enough.
func (l *lineWriter) Write(p []byte) (int, error) {
	n, err := l.out.Write(p)
	if err != nil {
		return n, err
	}
	if l.direct || time.Since(l.lastFlush) >= flushEvery {
		l.lastFlush = time.Now()
		return n, l.out.Flush()
	}
	return n, nil
}

// Flush writes out whatever is buffered.
func (l *lineWriter) Flush() error { return l.out.Flush() }
