package jqcode

import "github.com/itchyny/gojq"

// ComparedValue returns the left-hand side of expr when expr is, at its top
// level, one comparison (==, !=, <, <=, >, >=): for `.name == "robert"` it
// returns ".name". An assertion that came out false can then show what the
// response held there. Anything else — a pipe, `and`, a function, a
// definition or import before the comparison, text that does not parse —
// returns false.
func ComparedValue(expr string) (string, bool) {
	q, err := gojq.Parse(expr)
	if err != nil || q.Left == nil || len(q.FuncDefs) > 0 || len(q.Imports) > 0 || q.Meta != nil {
		return "", false
	}
	switch q.Op {
	case gojq.OpEq, gojq.OpNe, gojq.OpLt, gojq.OpLe, gojq.OpGt, gojq.OpGe:
		return q.Left.String(), true
	}
	return "", false
}
