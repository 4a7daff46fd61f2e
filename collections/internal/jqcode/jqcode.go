// Package jqcode compiles the jq expressions of a collection's assertions
// and captures, each distinct expression once per process: `keyway check`
// compiles them to find typos, `keyway run` then evaluates the same
// programs, and the TUI sends a request many times without compiling its
// expressions again.
//
// Programs are compiled as every caller needs them: without
// WithEnvironLoader, so $ENV is empty (a collection must not be able to
// copy the user's environment into a report), and with + and * guarded
// against one step allocating past MemoryLimit (guard.go).
// A compiled program is safe for concurrent use (gojq.Code is immutable).
package jqcode

import (
	"sync"
	"sync/atomic"

	"github.com/itchyny/gojq"
)

// program is one expression's outcome: its code, or why it has none.
type program struct {
	code *gojq.Code
	err  error
}

// maxPrograms bounds the cache: past it, it starts again empty. A file of
// 10,000 generated requests whose assertions differ by a number fits; a
// long TUI session that edits expressions cannot grow it for ever.
const maxPrograms = 1 << 16

var (
	programs sync.Map // expression text → program
	count    atomic.Int64
)

// Compile returns the compiled program of expr, or gojq's error when expr
// does not parse or does not compile (an unknown function, an undefined
// variable). The error is gojq's own; callers say which expression it is.
func Compile(expr string) (*gojq.Code, error) {
	if p, ok := programs.Load(expr); ok {
		return p.(program).code, p.(program).err
	}
	p := compile(expr)
	if count.Add(1) > maxPrograms {
		programs.Clear()
		count.Store(1)
	}
	programs.Store(expr, p)
	return p.code, p.err
}

func compile(expr string) program {
	q, err := gojq.Parse(expr)
	if err != nil {
		return program{err: err}
	}
	// The guard (guard.go) rewrites + and * so that one step cannot
	// allocate past MemoryLimit: check and run compile the same program.
	if err := guardOperators(expr, q); err != nil {
		return program{err: err}
	}
	code, err := gojq.Compile(q, guardOptions...)
	return program{code: code, err: err}
}
