package main

import (
	"bufio"
	"io"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/term"
)

// checkGCPercent is the garbage collector's setting (GOGC) for `keyway
// check`: checking is one pass whose memory is nearly all live (the file's
// tree and requests), so collecting more often frees little. With the
// default (100), checking 10,000 requests takes a fifth more time (0.34 →
// 0.41 s) at a larger peak. `keyway run` keeps the default: 200 showed no
// gain a benchmark could tell from noise (docs/performance.md).
const checkGCPercent = 400

// tuneForHeadless sets the collector for `keyway check`, unless the user
// tuned it with GOGC themselves.
func tuneForHeadless(percent int) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(percent)
	}
}

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
