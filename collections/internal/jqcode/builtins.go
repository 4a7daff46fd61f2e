package jqcode

import (
	"strings"
	"sync"

	"github.com/itchyny/gojq"
)

// Some of jq's builtins expand their input in one step: tojson writes the
// whole text of a value whose arrays share structure (2^30 strings built
// in thirty steps), join and add concatenate every string of an array,
// flatten copies every leaf, explode, split and indices make a value of
// each character, and the formats (@csv, @html, @base64…) escape a whole
// value at once. gojq checks its context only between steps, so no
// watchdog can stop such a step once it started: it allocates gigabytes
// and the process dies.
//
// keyway therefore shadows them. For calls written in the expression,
// gojq looks up functions defined in the query before its builtins
// (compileFunc), so a definition such as
//
//	def _keyway_tojson: tojson;
//	def tojson: _keyway_check_json | _keyway_tojson;
//
// keeps the builtin under a reserved name (defined first, it still sees
// the builtin) and calls a Go check before it. The check estimates an
// upper bound of the result (size.go) and returns its input unchanged, or
// the MemoryError that stops the expression before the step allocates.
// Builtins defined in jq (builtin.jq) keep calling the originals: they
// are compiled in the builtin scope. Only builtins the expression names
// are shadowed, so an expression that uses none is compiled as written.

// shadow is a builtin and the definitions that guard it.
type shadow struct {
	name string
	args int
	defs string
}

var shadows = []shadow{
	{"tojson", 0, `def _keyway_tojson: tojson; def tojson: _keyway_check_json | _keyway_tojson;`},
	{"tostring", 0, `def _keyway_tostring: tostring; def tostring: _keyway_check_text | _keyway_tostring;`},
	{"join", 1, `def _keyway_join($s): join($s); def join($s): _keyway_check_join($s) | _keyway_join($s);`},
	{"add", 0, `def _keyway_add0: add; def add: _keyway_check_add | _keyway_add0;`},
	// add/1 is defined in jq, so it would call the builtin add/0: the
	// same definition (builtin.jq), calling the guarded one.
	{"add", 1, `def _keyway_add0: add; def add: _keyway_check_add | _keyway_add0; def add(f): [f] | add;`},
	{"flatten", 0, `def _keyway_flatten: flatten; def flatten: _keyway_check_flatten | _keyway_flatten;`},
	{"flatten", 1, `def _keyway_flatten($d): flatten($d); def flatten($d): _keyway_check_flatten | _keyway_flatten($d);`},
	{"explode", 0, `def _keyway_explode: explode; def explode: _keyway_check_explode | _keyway_explode;`},
	{"split", 1, `def _keyway_split($s): split($s); def split($s): _keyway_check_split($s) | _keyway_split($s);`},
	{"indices", 1, `def _keyway_indices($x): indices($x); def indices($x): _keyway_check_indices($x) | _keyway_indices($x);`},
	{"index", 1, `def _keyway_index($x): index($x); def index($x): _keyway_check_index($x) | _keyway_index($x);`},
	{"rindex", 1, `def _keyway_rindex($x): rindex($x); def rindex($x): _keyway_check_index($x) | _keyway_rindex($x);`},
	{"format", 1, `def _keyway_format($f): format($f); def format($f): _keyway_check_expand($f; null) | _keyway_format($f);`},
	{"_tohtml", 0, `def _keyway_tohtml: _tohtml; def _tohtml: _keyway_check_html | _keyway_tohtml;`},
	{"_touri", 0, `def _keyway_touri: _touri; def _touri: _keyway_check_uri | _keyway_touri;`},
	{"_tourid", 0, `def _keyway_tourid: _tourid; def _tourid: _keyway_check_urid | _keyway_tourid;`},
	{"_tocsv", 0, `def _keyway_tocsv: _tocsv; def _tocsv: _keyway_check_csv | _keyway_tocsv;`},
	{"_totsv", 0, `def _keyway_totsv: _totsv; def _totsv: _keyway_check_tsv | _keyway_totsv;`},
	{"_tosh", 0, `def _keyway_tosh: _tosh; def _tosh: _keyway_check_sh | _keyway_tosh;`},
	{"_tobase64", 0, `def _keyway_tobase64: _tobase64; def _tobase64: _keyway_check_base64 | _keyway_tobase64;`},
	{"_tobase64d", 0, `def _keyway_tobase64d: _tobase64d; def _tobase64d: _keyway_check_base64d | _keyway_tobase64d;`},
	// An error's message is its value's JSON text, written when keyway
	// reports it.
	{"error", 0, `def _keyway_error: error; def error: _keyway_check_error | _keyway_error;`},
	{"error", 1, `def _keyway_error($v): error($v); def error($v): ($v | _keyway_check_error) as $v | _keyway_error($v);`},
	{"halt_error", 0, `def _keyway_halt_error: halt_error; def halt_error: _keyway_check_error | _keyway_halt_error;`},
	{"halt_error", 1, `def _keyway_halt_error($c): halt_error($c); def halt_error($c): _keyway_check_error | _keyway_halt_error($c);`},
	// setpath with an index far past an array's end allocates the array
	// to it at once (`.[1e9] = 1`). Assignments reach setpath through
	// _assign and _modify, or directly for `=` with a constant path
	// (guard.go checks the paths of every `=`): their paths are checked
	// first, stopping at the first path that does not evaluate, where the
	// original then fails the same way.
	{"setpath", 2, `def _keyway_setpath($p; $v): setpath($p; $v); def setpath($p; $v): _keyway_check_path($p) | _keyway_setpath($p; $v);`},
	{"_keyway_check_paths", 1, `def _keyway_check_paths(p): reduce (try path(p)) as $q (.; _keyway_check_path($q));`},
	{"_assign", 2, `def _keyway_assign(p; $v): _assign(p; $v); def _assign(p; $v): reduce (try path(p)) as $q (.; _keyway_check_path($q)) | _keyway_assign(p; $v);`},
	{"_modify", 2, `def _keyway_modify(p; f): _modify(p; f); def _modify(p; f): reduce (try path(p)) as $q (.; _keyway_check_path($q)) | _keyway_modify(p; f);`},
}

// shadowDefs holds each shadow's definitions, parsed once, by name/arity,
// on first use: parsing them costs about a millisecond, which every start
// of keyway would pay at package init, most of them evaluating no jq.
var shadowDefs = sync.OnceValue(func() map[funcKey][]*gojq.FuncDef {
	m := map[funcKey][]*gojq.FuncDef{}
	for _, s := range shadows {
		q, err := gojq.Parse(s.defs + " .")
		if err != nil {
			panic(err) // constants: a test compiles each
		}
		m[funcKey{s.name, s.args}] = q.FuncDefs
	}
	return m
})

type funcKey struct {
	name string
	args int
}

// formatFuncs is the builtin each format string calls (gojq's
// formatToFunc).
var formatFuncs = map[string]string{
	"@text": "tostring", "@json": "tojson", "@html": "_tohtml", "@uri": "_touri", "@urid": "_tourid",
	"@csv": "_tocsv", "@tsv": "_totsv", "@sh": "_tosh", "@base64": "_tobase64", "@base64d": "_tobase64d",
}

// checkKinds are the checks the shadows call, _keyway_check_KIND, one
// function each so that a call evaluates no argument it does not need.
var checkKinds = []string{"json", "text", "error", "csv", "tsv", "sh", "uri", "html", "base64", "urid", "base64d",
	"join", "add", "flatten", "explode", "split", "indices", "index", "path"}

// checkFunctions registers the checks: _keyway_check_KIND, with the
// builtin's argument if it has one, and _keyway_check_expand(name; null)
// for format(name), whose kind is known only when it runs.
func checkFunctions() []gojq.CompilerOption {
	opts := []gojq.CompilerOption{gojq.WithFunction("_keyway_check_expand", 2, 2, func(v any, args []any) any {
		if kind, _ := args[0].(string); formatFuncs["@"+kind] != "" {
			return checkExpand(kind, v, nil)
		}
		return v // not a format: the builtin says so
	})}
	for _, kind := range checkKinds {
		opts = append(opts, gojq.WithFunction("_keyway_check_"+kind, 0, 1, func(v any, args []any) any {
			var arg any
			if len(args) > 0 {
				arg = args[0]
			}
			return checkExpand(kind, v, arg)
		}))
	}
	return opts
}

// checkExpand returns v, or the MemoryError when the builtin kind names
// would build a result over MemoryLimit from v (and arg, its argument).
func checkExpand(kind string, v, arg any) any {
	s := newSizer(MemoryLimit)
	var size uint64
	switch kind {
	case "text", "error":
		if _, ok := v.(string); !ok {
			size = s.jsonLen(v)
		}
	case "json", "csv", "tsv", "sh", "uri", "html", "base64", "urid", "base64d":
		size = formatSize(&s, kind, v)
	case "join":
		size = joinSize(&s, v, arg)
	case "add":
		size = addSize(&s, v)
	case "flatten":
		size = s.mul(s.leaves(v), 16)
	case "explode":
		if str, ok := v.(string); ok {
			size = s.mul(runes(str), 16)
		}
	case "split":
		str, ok1 := v.(string)
		sep, ok2 := arg.(string)
		if ok1 && ok2 {
			size = s.mul(uint64(strings.Count(str, sep))+1, 32)
		}
	case "indices", "index":
		str, ok1 := v.(string)
		x, ok2 := arg.(string)
		if ok1 && ok2 {
			// Both are exploded to runes; indices then lists every
			// overlapping match, at most len(x) per non-overlapping one.
			size = s.mul(runes(str)+runes(x), 16)
			if kind == "indices" && x != "" {
				size = s.add(size, s.mul(min(runes(str), s.mul(uint64(strings.Count(str, x)), uint64(len(x)))), 16))
			}
		}
	case "path":
		size = pathSize(&s, arg)
	}
	if size > MemoryLimit {
		return &MemoryError{Limit: MemoryLimit, Before: true}
	}
	return v
}

// formatSize bounds the text of v in a format: its JSON text, or the
// text of its values, each byte escaped at worst as @csv and @tsv (two
// bytes), @uri (%XX), @sh ('\”) and @html (&#39;) escape it, or in
// base64.
func formatSize(s *sizer, format string, v any) uint64 {
	n := s.jsonLen(v)
	switch format {
	case "csv", "tsv":
		return s.mul(n, 2)
	case "sh":
		return s.mul(n, 4)
	case "uri":
		return s.mul(n, 3)
	case "html":
		return s.mul(n, 6)
	case "base64":
		return s.add(s.mul(n, 2), 4)
	}
	return n
}

// joinSize bounds join's result: every element's text and a separator
// between each two.
func joinSize(s *sizer, v, sep any) uint64 {
	a, ok := v.([]any)
	sepStr, ok2 := sep.(string)
	if !ok || !ok2 || len(a) == 0 {
		return 0
	}
	n := s.mul(uint64(len(a)-1), uint64(len(sepStr)))
	for _, e := range a {
		if n = s.add(n, s.textLen(e)); n > s.limit {
			break
		}
	}
	return n
}

// addSize bounds what add concatenates: the strings' bytes and the
// arrays' and objects' entries of its input's values.
func addSize(s *sizer, v any) uint64 {
	var n uint64
	each := func(e any) bool {
		n = s.add(n, jqSize(e))
		return n <= s.limit
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if !each(e) {
				break
			}
		}
	case map[string]any:
		for _, e := range v {
			if !each(e) {
				break
			}
		}
	}
	return n
}

// pathSize bounds the array setpath may allocate for path: an index n
// makes an array of n+1 entries when the one there is shorter.
func pathSize(s *sizer, path any) uint64 {
	p, ok := path.([]any)
	if !ok {
		return 0
	}
	var n uint64
	for _, e := range p {
		if f, ok := gojq.ToFloat64(e); ok && f > 0 {
			n = max(n, s.mul(uint64(min(f, 1<<40))+1, 16))
		}
	}
	return n
}

// CheckOutput returns the MemoryError when v, an expression's output,
// has a JSON text over MemoryLimit: keyway writes outputs as JSON (an
// assertion's actual value, a capture), and the arrays of
// `reduce range(30) as $i ("x"; [., .])` share structure for 2^30 strings.
func CheckOutput(v any) error {
	switch v.(type) {
	case []any, map[string]any:
		if s := newSizer(MemoryLimit); s.jsonLen(v) > MemoryLimit {
			return &MemoryError{Limit: MemoryLimit, Before: true}
		}
	}
	return nil
}
