package run

import (
	"context"
	"errors"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// jqWatchEvery is how often, while any jq expression runs, the watchdog
// looks at the heap and the clock. A string doubling from 256 MiB takes
// longer than this, so the watchdog sees the limit crossed before the
// next doubling lands.
const jqWatchEvery = 5 * time.Millisecond

// heapMetric is the heap's objects, live and not yet swept: cheap to read
// (runtime/metrics reads it without stopping the world) and it rises with
// every allocation.
const heapMetric = "/memory/classes/heap/objects:bytes"

// errJQTimeout is the cause of an evaluation stopped after jqTimeout.
var errJQTimeout = errors.New("jq expression ran too long")

// jqEvaluation is one running jq expression, as the watchdog sees it.
type jqEvaluation struct {
	cancel   context.CancelCauseFunc
	deadline time.Time
	limit    uint64 // jqcode.MemoryLimit when it started
	// baseline is the heap when the watchdog first saw the evaluation; 0
	// before. Most evaluations end within microseconds, before it looks.
	baseline uint64
}

// jqWatchdog bounds the time and memory of every jq evaluation in the
// process. Evaluations share one heap (a run with --concurrency 8 evaluates
// eight at once), so one watchdog measures it and stops the evaluations
// under which it grew past the limit. It runs only while evaluations do:
// the first to start starts it, and it ends when it finds none running.
var jqWatchdog struct {
	mu      sync.Mutex
	running map[*jqEvaluation]struct{}
	active  bool
}

// watchJQ returns a context for one jq evaluation that the watchdog
// cancels, with errJQTimeout or a *jqcode.MemoryError as its cause, when the
// evaluation runs past jqTimeout or grows the heap past jqcode.MemoryLimit;
// done must be called when the evaluation ends. gojq checks the context
// between steps, so one step — one string concatenation — is never cut;
// the watchdog stops the next.
//
// It replaces a context.WithTimeout per evaluation, which cost a timer
// each: the common case (a short expression on a small body) pays a map
// insert and delete under a lock instead.
func watchJQ(parent context.Context) (ctx context.Context, done func()) {
	ctx, cancel := context.WithCancelCause(parent)
	e := &jqEvaluation{cancel: cancel, deadline: time.Now().Add(jqTimeout), limit: jqcode.MemoryLimit}
	w := &jqWatchdog
	w.mu.Lock()
	if w.running == nil {
		w.running = map[*jqEvaluation]struct{}{}
	}
	w.running[e] = struct{}{}
	if !w.active {
		w.active = true
		go watchdogLoop()
	}
	w.mu.Unlock()
	return ctx, func() {
		w.mu.Lock()
		delete(w.running, e)
		w.mu.Unlock()
		cancel(nil)
	}
}

// watchdogLoop samples the heap and the clock every jqWatchEvery while
// evaluations run.
func watchdogLoop() {
	w := &jqWatchdog
	sample := []metrics.Sample{{Name: heapMetric}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var lastCollection time.Time
	for {
		time.Sleep(jqWatchEvery)
		w.mu.Lock()
		if len(w.running) == 0 {
			w.active = false
			w.mu.Unlock()
			return
		}
		now, h := time.Now(), heap()
		var over []*jqEvaluation
		for e := range w.running {
			switch {
			case now.After(e.deadline):
				e.cancel(errJQTimeout)
			case e.baseline == 0:
				e.baseline = h
			case h > e.baseline+e.limit:
				over = append(over, e)
			}
		}
		w.mu.Unlock()
		// The heap counts garbage not yet collected, and with the run's GC
		// setting (cmd/keyway runGCPercent) that can be twice the live
		// heap: collect, and look again, before stopping anything. At
		// most every few samples, so that a legitimately large heap does
		// not make the watchdog collect on every one.
		if len(over) == 0 || now.Sub(lastCollection) < 4*jqWatchEvery {
			continue
		}
		runtime.GC()
		lastCollection = time.Now()
		live := heap()
		for _, e := range over {
			if live > e.baseline+e.limit {
				e.cancel(&jqcode.MemoryError{Limit: e.limit})
			}
		}
	}
}
