package jqcode

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/itchyny/gojq"
)

// One step of a jq program can allocate without bound: `. + .` on a 1 GiB
// string allocates 2 GiB at once, `"x" * 1e9` 1 GB, and gojq checks the
// context only between steps, so no watchdog can stop them. keyway
// therefore compiles `+`, `*`, `+=` and `*=` as calls to functions that
// first check the size of the result (strings and arrays, concatenated or
// repeated) and refuse one over MemoryLimit, then apply jq's own
// operator. Values are only looked at, never copied: the check costs a few
// steps per operator, and most assertions have none.

// The guarded operators, in jq. r is evaluated before l, as gojq does for
// a binary operator, so that multiple outputs come in the same order.
const guardedOperators = `
def _keyway_add(l; r): r as $r | l as $l | _keyway_check_add($l; $r) | $l + $r;
def _keyway_mul(l; r): r as $r | l as $l | _keyway_check_mul($l; $r) | $l * $r;
.`

// guardVariable binds the right-hand side of `+=` and `*=`.
const guardVariable = "$__keyway_rhs"

var errReservedName = errors.New("names starting with _keyway are reserved")

// guardedPrelude is guardedOperators parsed once.
var guardedPrelude = func() *gojq.Query {
	q, err := gojq.Parse(guardedOperators)
	if err != nil {
		panic(err) // a constant: a test parses it
	}
	return q
}()

// guardOptions registers the checks the guarded operators call.
var guardOptions = []gojq.CompilerOption{
	gojq.WithFunction("_keyway_check_add", 2, 2, func(_ any, args []any) any {
		return checkSize(jqSize(args[0]) + jqSize(args[1]))
	}),
	gojq.WithFunction("_keyway_check_mul", 2, 2, func(_ any, args []any) any {
		return checkSize(repeatSize(args[0], args[1]) + repeatSize(args[1], args[0]))
	}),
}

// checkSize returns nil (jq's null, discarded by the pipe that follows) or
// the error that stops the expression.
func checkSize(bytes uint64) any {
	if bytes > MemoryLimit {
		return &MemoryError{Limit: MemoryLimit, Before: true}
	}
	return nil
}

// jqSize is how many bytes concatenating v allocates: a string's bytes,
// an array's or object's element headers. Numbers and the rest are small.
func jqSize(v any) uint64 {
	switch v := v.(type) {
	case string:
		return uint64(len(v))
	case []any:
		return uint64(len(v)) * 16
	case map[string]any:
		return uint64(len(v)) * 48
	}
	return 0
}

// repeatSize is the size of s * n when s is a string and n a number (jq
// repeats the string), else 0.
func repeatSize(s, n any) uint64 {
	str, ok := s.(string)
	if !ok {
		return 0
	}
	count, ok := gojq.ToFloat64(n)
	if !ok || !(count > 0) {
		return 0
	}
	return uint64(min(count, 1<<40)) * uint64(max(len(str), 1))
}

// guardOperators rewrites q in place so that its `+`, `*`, `+=` and `*=`
// call the guarded operators, and adds their definitions. It refuses an
// expression that names them itself.
func guardOperators(expr string, q *gojq.Query) error {
	if strings.Contains(expr, "_keyway") {
		return errReservedName
	}
	// Most assertions (".id == 42") have no operator to guard: they are
	// compiled as written, without the walk or the definitions.
	if !strings.ContainsAny(expr, "+*") {
		return nil
	}
	rewriteQueries(reflect.ValueOf(q))
	q.FuncDefs = append(append([]*gojq.FuncDef(nil), guardedPrelude.FuncDefs...), q.FuncDefs...)
	return nil
}

var queryType = reflect.TypeFor[*gojq.Query]()

// rewriteQueries walks gojq's syntax tree — structs, pointers and slices
// of them — and rewrites every operator query below v, children first.
// Reflection, rather than a switch over gojq's dozen node types, so that
// a node type added in a later gojq is walked too.
func rewriteQueries(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		rewriteQueries(v.Elem())
		if v.Type() == queryType {
			rewriteOperator(v.Interface().(*gojq.Query))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				rewriteQueries(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			rewriteQueries(v.Index(i))
		}
	}
}

// rewriteOperator turns `l + r` into `_keyway_add(l; r)` and `l += r` into
// `r as $x | l |= _keyway_add(.; $x)` — what gojq compiles `+=` to — and
// the same for `*`.
func rewriteOperator(q *gojq.Query) {
	var name string
	switch q.Op {
	case gojq.OpAdd, gojq.OpUpdateAdd:
		name = "_keyway_add"
	case gojq.OpMul, gojq.OpUpdateMul:
		name = "_keyway_mul"
	default:
		return
	}
	call := func(l, r *gojq.Query) *gojq.Term {
		return &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: name, Args: []*gojq.Query{l, r}}}
	}
	l, r := q.Left, q.Right
	if q.Op == gojq.OpAdd || q.Op == gojq.OpMul {
		q.Left, q.Right, q.Op, q.Term = nil, nil, 0, call(l, r)
		return
	}
	identity := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeIdentity}}
	variable := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: guardVariable}}}
	q.Op, q.Left, q.Patterns = gojq.OpPipe, r, []*gojq.Pattern{{Name: guardVariable}}
	q.Right = &gojq.Query{Op: gojq.OpModify, Left: l, Right: &gojq.Query{Term: call(identity, variable)}}
}

// MemoryLimit bounds how far the heap may grow while a jq expression runs,
// and the size of one string or array a guarded operator may build. A body
// is at most 10 MiB (authflow.DefaultBodyLimit) and the expressions
// assertions and captures need stay near its size; an expression that
// builds strings or arrays without end — `reduce range(40) as $i ("x"; . +
// .)` doubles a string forty times — would otherwise take every byte of the
// machine and crash the run without a report. The run's watchdog
// (collections/run) enforces it on the heap. A variable so that tests can
// lower it.
var MemoryLimit uint64 = 128 << 20

// MemoryError stops an evaluation that grew the heap past MemoryLimit, or
// one step of which would have (Before).
type MemoryError struct {
	Limit  uint64
	Before bool
}

func (e *MemoryError) Error() string {
	used := "used"
	if e.Before {
		used = "would have used"
	}
	return fmt.Sprintf("jq expression stopped: it %s more than %d MiB of memory (keep expressions to what the body needs)", used, e.Limit>>20)
}
