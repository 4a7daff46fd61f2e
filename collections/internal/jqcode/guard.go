package jqcode

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

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

// guardedPrelude is guardedOperators parsed once, on first use (see
// shadowDefs).
var guardedPrelude = sync.OnceValue(func() *gojq.Query {
	q, err := gojq.Parse(guardedOperators)
	if err != nil {
		panic(err) // a constant: a test parses it
	}
	return q
})

// guardOptions registers the checks the guarded operators call.
var guardOptions = append([]gojq.CompilerOption{
	gojq.WithFunction("_keyway_check_add", 2, 2, func(_ any, args []any) any {
		return checkSize(jqSize(args[0]) + jqSize(args[1]))
	}),
	gojq.WithFunction("_keyway_check_mul", 2, 2, func(_ any, args []any) any {
		return checkSize(repeatSize(args[0], args[1]) + repeatSize(args[1], args[0]))
	}),
}, checkFunctions()...)

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
// call the guarded operators, its `=` checks the paths it sets, and its
// interpolated strings concatenate with the guarded `+`; it then adds the
// definitions of the guarded operators and of the shadowed builtins
// (builtins.go) the expression calls. It refuses an expression that names
// them itself.
func guardOperators(expr string, q *gojq.Query) error {
	if strings.Contains(expr, "_keyway") {
		return errReservedName
	}
	g := guarder{needs: map[funcKey]bool{}}
	g.walk(reflect.ValueOf(q))
	var defs []*gojq.FuncDef
	if g.operators {
		defs = append(defs, guardedPrelude().FuncDefs...)
	}
	for _, s := range shadows {
		if k := (funcKey{s.name, s.args}); g.needs[k] {
			defs = append(defs, shadowDefs()[k]...)
		}
	}
	if len(defs) > 0 {
		q.FuncDefs = append(defs, q.FuncDefs...)
	}
	return nil
}

// guarder rewrites a syntax tree and notes what the rewritten tree calls.
type guarder struct {
	operators bool             // the tree calls _keyway_add or _keyway_mul
	needs     map[funcKey]bool // builtins the tree calls that builtins.go shadows
}

var (
	queryType        = reflect.TypeFor[*gojq.Query]()
	termType         = reflect.TypeFor[*gojq.Term]()
	objectKeyValType = reflect.TypeFor[*gojq.ObjectKeyVal]()
)

// walk goes through gojq's syntax tree — structs, pointers and slices of
// them — and rewrites every node below v, children first. Reflection,
// rather than a switch over gojq's dozen node types, so that a node type
// added in a later gojq is walked too.
func (g *guarder) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		g.walk(v.Elem())
		switch v.Type() {
		case queryType:
			g.rewriteOperator(v.Interface().(*gojq.Query))
		case termType:
			g.rewriteTerm(v.Interface().(*gojq.Term))
		case objectKeyValType:
			g.rewriteKey(v.Interface().(*gojq.ObjectKeyVal))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				g.walk(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			g.walk(v.Index(i))
		}
	}
}

// rewriteOperator turns `l + r` into `_keyway_add(l; r)` and `l += r` into
// `r as $x | l |= _keyway_add(.; $x)` — what gojq compiles `+=` to — and
// the same for `*`; `l = r` checks its paths first. It notes that `|=` and
// the other updates call _modify.
func (g *guarder) rewriteOperator(q *gojq.Query) {
	var name string
	switch q.Op {
	case gojq.OpAdd, gojq.OpUpdateAdd:
		name = "_keyway_add"
	case gojq.OpMul, gojq.OpUpdateMul:
		name = "_keyway_mul"
	case gojq.OpAssign:
		g.checkPaths(q)
		return
	case gojq.OpModify, gojq.OpUpdateSub, gojq.OpUpdateDiv, gojq.OpUpdateMod, gojq.OpUpdateAlt:
		g.needs[funcKey{"_modify", 2}] = true
		return
	default:
		return
	}
	g.operators = true
	call := func(l, r *gojq.Query) *gojq.Term {
		return &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: name, Args: []*gojq.Query{l, r}}}
	}
	l, r := q.Left, q.Right
	if q.Op == gojq.OpAdd || q.Op == gojq.OpMul {
		q.Left, q.Right, q.Op, q.Term = nil, nil, 0, call(l, r)
		return
	}
	g.needs[funcKey{"_modify", 2}] = true
	identity := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeIdentity}}
	variable := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: guardVariable}}}
	q.Op, q.Left, q.Patterns = gojq.OpPipe, r, []*gojq.Pattern{{Name: guardVariable}}
	q.Right = &gojq.Query{Op: gojq.OpModify, Left: l, Right: &gojq.Query{Term: call(identity, variable)}}
}

// checkPaths turns `l = r` into `r as $x | _keyway_check_paths(l) | l =
// $x`: the paths l names are checked (builtins.go) before the assignment
// runs as gojq compiles it — for a constant path such as `.[1e9]`, a
// direct setpath that no shadow sees.
func (g *guarder) checkPaths(q *gojq.Query) {
	if smallConstantPath(q.Left) {
		return // `.a.b[0] = 1`, the usual assignment: nothing to check
	}
	g.needs[funcKey{"_keyway_check_paths", 1}] = true
	// gojq may change a query as it compiles it: the check gets a copy.
	l, err := gojq.Parse(q.Left.String())
	if err != nil {
		panic(err) // gojq prints what it parses
	}
	variable := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: guardVariable}}}
	check := &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: "_keyway_check_paths", Args: []*gojq.Query{l}}}}
	assign := &gojq.Query{Op: gojq.OpAssign, Left: q.Left, Right: variable}
	q.Op, q.Left, q.Patterns = gojq.OpPipe, q.Right, []*gojq.Pattern{{Name: guardVariable}}
	q.Right = &gojq.Query{Op: gojq.OpPipe, Left: check, Right: assign}
}

// smallConstantPath reports whether q is a path of constant keys and
// small constant indices (`.a`, `.a[0].b`, `."k"`), which cannot grow an
// array far.
func smallConstantPath(q *gojq.Query) bool {
	if q.Term == nil || q.Left != nil || q.Right != nil {
		return false
	}
	t := q.Term
	switch t.Type {
	case gojq.TermTypeIdentity:
	case gojq.TermTypeIndex:
		if !smallConstantIndex(t.Index) {
			return false
		}
	default:
		return false
	}
	for _, s := range t.SuffixList {
		if s.Index == nil || !smallConstantIndex(s.Index) {
			return false
		}
	}
	return true
}

func smallConstantIndex(i *gojq.Index) bool {
	switch {
	case i.Name != "":
		return true
	case i.Str != nil:
		return i.Str.Queries == nil
	case i.Start != nil && i.End == nil && !i.IsSlice:
		t := i.Start.Term
		if i.Start.Left != nil || t == nil || t.Type != gojq.TermTypeNumber || len(t.SuffixList) > 0 {
			return false
		}
		n, err := strconv.ParseFloat(t.Number, 64)
		return err == nil && n < 1<<16
	}
	return false
}

// rewriteTerm notes the shadowed builtins a term calls, formats included,
// and turns an interpolated string, `"a\(x)b"` or `@csv "\(x)"`, into
// the concatenation gojq compiles it to (compileString), with the guarded
// `+`: each piece alone is checked by its format, but gojq joins them
// with a `+` of its own.
func (g *guarder) rewriteTerm(t *gojq.Term) {
	switch t.Type {
	case gojq.TermTypeFunc:
		g.needs[funcKey{t.Func.Name, len(t.Func.Args)}] = true
	case gojq.TermTypeFormat:
		f := g.formatFunc(t.Format)
		g.needs[funcKey{f.Name, len(f.Args)}] = true
	}
	if t.Str == nil || t.Str.Queries == nil || t.Type != gojq.TermTypeString && t.Type != gojq.TermTypeFormat {
		return
	}
	f := &gojq.Func{Name: "tostring"}
	if t.Type == gojq.TermTypeFormat {
		f = g.formatFunc(t.Format)
	}
	t.Type, t.Query, t.Str, t.Format = gojq.TermTypeQuery, g.concatenation(t.Str, f), nil, ""
}

// rewriteKey does the same for an interpolated object key: its pieces
// become one, the guarded concatenation, which gojq then passes through
// tostring (a string's own text).
func (g *guarder) rewriteKey(kv *gojq.ObjectKeyVal) {
	if kv.KeyString == nil || kv.KeyString.Queries == nil {
		return
	}
	q := g.concatenation(kv.KeyString, &gojq.Func{Name: "tostring"})
	kv.KeyString = &gojq.String{Queries: []*gojq.Query{{Term: &gojq.Term{Type: gojq.TermTypeQuery, Query: q}}}}
}

// concatenation is the query gojq compiles an interpolated string to,
// with f applied to each interpolated value and the guarded `+`.
func (g *guarder) concatenation(s *gojq.String, f *gojq.Func) *gojq.Query {
	g.needs[funcKey{f.Name, len(f.Args)}] = true
	g.needs[funcKey{"tostring", 0}] = true
	var q *gojq.Query
	for _, e := range s.Queries {
		if e.Term.Str == nil {
			e = &gojq.Query{Left: e, Op: gojq.OpPipe, Right: &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: f}}}
		}
		if q == nil {
			q = e
			continue
		}
		g.operators = true
		q = &gojq.Query{Term: &gojq.Term{Type: gojq.TermTypeFunc, Func: &gojq.Func{Name: "_keyway_add", Args: []*gojq.Query{q, e}}}}
	}
	return q
}

// formatFunc is the builtin a format string calls, as gojq's
// formatToFunc: `@csv` calls _tocsv, an unknown `@x` format("x").
func (g *guarder) formatFunc(format string) *gojq.Func {
	if name, ok := formatFuncs[format]; ok {
		return &gojq.Func{Name: name}
	}
	return &gojq.Func{Name: "format", Args: []*gojq.Query{{Term: &gojq.Term{Type: gojq.TermTypeString, Str: &gojq.String{Str: format[1:]}}}}}
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
