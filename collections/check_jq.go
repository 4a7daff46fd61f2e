package collections

import (
	"strconv"
	"strings"
	"sync"

	"github.com/itchyny/gojq"
)

// compileJQ returns what gojq.Compile would of q, compiling it only when
// that could find something parsing did not.
//
// Compiling costs some 15 µs an expression, nearly all of it gojq setting
// itself up rather than reading the expression: 150 ms for a file of
// 10,000 requests whose assertions differ by a number. What compiling adds
// to parsing is name resolution — functions, variables, formats, modules —
// so an expression that defines nothing, binds and reads no variable (but
// $ENV), uses no format or module and calls only functions
// known to exist cannot fail to compile. Each function name and arity is
// looked up once per process, by compiling a call to it alone.
func compileJQ(q *gojq.Query) error {
	var w jqWalk
	// An empty program parses, and compiling says it is missing.
	empty := q.Term == nil && q.Left == nil
	if !empty && w.query(q) && w.allDefined() {
		return nil
	}
	_, err := gojq.Compile(q)
	return err
}

// jqChecked is what checking the expressions of a collection found so
// far: each expression's error (nil when valid), and the shapes known
// valid.
type jqChecked struct {
	exprs       map[string]error
	validShapes map[string]bool
}

func newJQChecked() *jqChecked {
	return &jqChecked{exprs: map[string]error{}, validShapes: map[string]bool{}}
}

// jqShape returns expr with every number literal written as 0, and true,
// when that cannot change whether expr parses and compiles; false when it
// would change nothing or might change that. Expressions that differ only
// in their numbers (".id == 1", ".id == 2", … as generated suites write
// them) then cost one parse between them.
//
// A run of digits that does not continue a name ($x1, .a2, f3, @base32d)
// is a number literal or text inside a string or comment, and writing it
// as "0" keeps every token what it was. A backslash is the exception:
// digits may be part of an escape ("\u0041"), so such an expression is
// its own shape.
func jqShape(expr string) (string, bool) {
	if strings.IndexByte(expr, '\\') >= 0 {
		return "", false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(expr); {
		c := expr[i]
		if !isDigit(c) || (i > 0 && continuesName(expr[i-1])) {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(expr) && isDigit(expr[j]) {
			j++
		}
		if j-i != 1 || c != '0' {
			changed = true
		}
		b.WriteByte('0')
		i = j
	}
	if !changed {
		return "", false
	}
	return b.String(), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// continuesName reports whether a digit after c is part of a name.
func continuesName(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c)
}

// jqFuncs remembers, by "name/arity", whether gojq defines a function.
var jqFuncs sync.Map // string → bool

// jqWalk collects the functions an expression calls.
type jqWalk struct {
	calls []string // "name/arity"
}

// allDefined reports whether every function called is one gojq defines.
func (w *jqWalk) allDefined() bool {
	for _, call := range w.calls {
		if defined, ok := jqFuncs.Load(call); ok {
			if !defined.(bool) {
				return false
			}
			continue
		}
		name, arity, _ := strings.Cut(call, "/")
		n, _ := strconv.Atoi(arity)
		probe := name
		if n > 0 {
			probe += "(" + strings.Repeat(".;", n-1) + ".)"
		}
		defined := false
		if q, err := gojq.Parse(probe); err == nil {
			_, err = gojq.Compile(q)
			defined = err == nil
		}
		jqFuncs.Store(call, defined)
		if !defined {
			return false
		}
	}
	return true
}

// query walks q, reporting false as soon as it meets anything whose
// meaning depends on more than the functions it calls.
func (w *jqWalk) query(q *gojq.Query) bool {
	if q == nil {
		return true
	}
	if q.Meta != nil || len(q.Imports) > 0 || len(q.FuncDefs) > 0 || len(q.Patterns) > 0 {
		return false
	}
	return w.term(q.Term) && w.query(q.Left) && w.query(q.Right)
}

func (w *jqWalk) term(t *gojq.Term) bool {
	if t == nil {
		return true
	}
	if t.Format != "" || t.Reduce != nil || t.Foreach != nil || t.Label != nil || t.Break != "" {
		return false
	}
	if t.Func != nil && !w.call(t.Func) {
		return false
	}
	if t.Object != nil {
		for _, kv := range t.Object.KeyVals {
			if strings.HasPrefix(kv.Key, "$") && !builtinVariable(kv.Key) {
				return false
			}
			if !w.str(kv.KeyString) || !w.query(kv.KeyQuery) || !w.query(kv.Val) {
				return false
			}
		}
	}
	if t.Array != nil && !w.query(t.Array.Query) {
		return false
	}
	if t.Unary != nil && !w.term(t.Unary.Term) {
		return false
	}
	if t.If != nil {
		if !w.query(t.If.Cond) || !w.query(t.If.Then) || !w.query(t.If.Else) {
			return false
		}
		for _, e := range t.If.Elif {
			if !w.query(e.Cond) || !w.query(e.Then) {
				return false
			}
		}
	}
	if t.Try != nil && (!w.query(t.Try.Body) || !w.query(t.Try.Catch)) {
		return false
	}
	if !w.index(t.Index) || !w.str(t.Str) || !w.query(t.Query) {
		return false
	}
	for _, s := range t.SuffixList {
		if !w.index(s.Index) {
			return false
		}
	}
	return true
}

// call records a function call; a variable reference ($name) is a call in
// gojq's syntax tree, and only the one every program has is accepted.
func (w *jqWalk) call(f *gojq.Func) bool {
	if strings.HasPrefix(f.Name, "$") {
		return builtinVariable(f.Name) && len(f.Args) == 0
	}
	w.calls = append(w.calls, f.Name+"/"+strconv.Itoa(len(f.Args)))
	for _, a := range f.Args {
		if !w.query(a) {
			return false
		}
	}
	return true
}

func (w *jqWalk) index(i *gojq.Index) bool {
	return i == nil || (w.str(i.Str) && w.query(i.Start) && w.query(i.End))
}

func (w *jqWalk) str(s *gojq.String) bool {
	if s == nil {
		return true
	}
	for _, q := range s.Queries {
		if !w.query(q) {
			return false
		}
	}
	return true
}

// builtinVariable reports whether name is a variable every jq program
// has. ($__loc__ is not one in gojq: compiling it fails.)
func builtinVariable(name string) bool {
	return name == "$ENV"
}
