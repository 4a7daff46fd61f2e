package run

import "github.com/keyway-cli/keyway/collections/internal/jqcode"

// falseActual is the actual value of a jq assertion that yielded false:
// "false", and, when expr is a comparison such as `.name == "robert"`,
// what its left-hand side held — `got false` alone does not say what
// `.name` was. The left side is left out when expr is not one comparison
// at its top level (jqcode.ComparedValue) or when it does not yield exactly
// one value. The left side runs as the assertion did —
// compiled once through the same cache, under the same time and memory
// guards — and its value is shown as every value jq made of the response
// is (jqValue): masked, cut and, when the response holds a secret, only
// its kind. The whole is cut as any actual value is (maxActual).
func (c *checker) falseActual(expr string, input any) string {
	const actual = "false"
	left, ok := jqcode.ComparedValue(expr)
	if !ok {
		return actual
	}
	code, err := c.jq.get(left)
	if err != nil {
		return actual
	}
	outputs, err := jqOutputs(c.ctx, code, input, 2)
	if err != nil || len(outputs) != 1 {
		return actual
	}
	v := outputs[0]
	return c.shorten(actual + " (" + left + " is " + c.jqValue(jqText(v), jqKind(v)) + ")")
}
