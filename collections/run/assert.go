package run

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// maxActual bounds an assertion's actual value in the report: enough to see
// what went wrong, not a whole body.
const maxActual = 200

// hiddenValue stands for a value jq made out of a response that holds a
// secret: jq can rewrite a secret in ways no redactor can search for
// (ascii_downcase, split, reverse), so the value is not shown at all.
const hiddenValue = "not shown: the response holds a secret, and jq's result could be made of it"

// checker evaluates one response against its request's expectations and
// captures. Every expectation becomes an assertion, in the order of the
// file format: status, headers, jq, max_duration, then captures.
type checker struct {
	ctx  context.Context
	req  *collections.Request
	resp *authflow.Response
	jq   programs
	body jsonBody
	// redact masks what the checker quotes from the response; nil
	// masks nothing.
	redact *authflow.Redactor
	// holds caches holdsSecret's answer: 0 unknown, 1 no, 2 yes.
	holds int
}

func newChecker(ctx context.Context, req *collections.Request, resp *authflow.Response, jq programs) *checker {
	return &checker{ctx: ctx, req: req, resp: resp, jq: jq, body: jsonBody{resp: resp}}
}

// assertions returns the expectations of the request, evaluated.
func (c *checker) assertions() []report.Assertion {
	e := c.req.Expect
	out := make([]report.Assertion, 0, 1+len(e.Headers)+len(e.JQ)+1+len(c.req.Capture))
	out = append(out, c.status())
	for _, kv := range e.Headers {
		out = append(out, c.header(kv.Key, kv.Value))
	}
	for _, expr := range e.JQ {
		out = append(out, c.jqTrue(expr))
	}
	if e.MaxDuration > 0 {
		out = append(out, report.Assertion{
			Expect: "duration <= " + e.MaxDuration.String(),
			Passed: c.resp.Duration <= e.MaxDuration,
			Actual: roundDuration(c.resp.Duration),
		})
	}
	return out
}

// status checks the status code: the expected one, or any 2xx when the
// request sets none (docs/collections.md, Assertions).
func (c *checker) status() report.Assertion {
	got := c.resp.StatusCode
	if want := c.req.Expect.Status; want != 0 {
		return report.Assertion{Expect: "status == " + strconv.Itoa(want), Passed: got == want, Actual: strconv.Itoa(got)}
	}
	return report.Assertion{Expect: "status 2xx", Passed: got >= 200 && got <= 299, Actual: strconv.Itoa(got)}
}

// header checks that the response header name (matched case-insensitively,
// RFC 9110 §5.1) contains want. Repeated fields are joined with ", " as
// RFC 9110 §5.3 allows.
func (c *checker) header(name, want string) report.Assertion {
	a := report.Assertion{Expect: fmt.Sprintf("header %s contains %q", name, want)}
	values := c.resp.Header.Values(name)
	if len(values) == 0 {
		a.Actual = "no " + name + " header"
		return a
	}
	got := strings.Join(values, ", ")
	a.Passed = strings.Contains(got, want)
	// In plain quotes, not strconv.Quote: escaping the value's
	// backslashes would write an escaped secret (ACC\/TOK) escaped
	// twice, a form no redactor reads.
	a.Actual = c.shorten(`"` + got + `"`)
	return a
}

// jqTrue checks that expr yields true, and only true, on the JSON body.
func (c *checker) jqTrue(expr string) report.Assertion {
	a := report.Assertion{Expect: "jq " + expr}
	code, err := c.jq.get(expr)
	if err != nil {
		a.Actual = c.shorten(err.Error())
		return a
	}
	input, err := c.body.get()
	if err != nil {
		a.Actual = c.shorten(err.Error())
		return a
	}
	outputs, err := jqOutputs(c.ctx, code, input, maxOutputs)
	switch {
	case err != nil:
		a.Actual = c.jqValue("jq error: "+err.Error(), "jq error")
	case len(outputs) == 0:
		a.Actual = "no output"
	default:
		a.Passed = true
		a.Actual = "true"
		for _, v := range outputs {
			if v != true {
				a.Passed = false
				if v == false {
					a.Actual = c.falseActual(expr, input)
				} else {
					a.Actual = c.jqValue(jqText(v), jqKind(v))
				}
				break
			}
		}
	}
	return a
}

// captures evaluates the request's captures. It returns the values that
// were captured and an assertion per capture; the assertion never shows the
// value, which may be a token.
func (c *checker) captures() (map[string]string, []report.Assertion) {
	return c.captureAssertions(c.evalCaptures())
}

// captured is one capture evaluated: its value, or why there is none.
type captured struct {
	name, expr, value string
	err               error
}

// evalCaptures evaluates the request's captures, in file order. Their
// values are known before any assertion is written, so that a captured
// credential is masked in the assertions of the very response it came
// from.
func (c *checker) evalCaptures() []captured {
	if len(c.req.Capture) == 0 {
		return nil
	}
	out := make([]captured, len(c.req.Capture))
	for i, kv := range c.req.Capture {
		value, err := c.capture(kv.Value)
		out[i] = captured{name: kv.Key, expr: kv.Value, value: value, err: err}
	}
	return out
}

// captureAssertions returns the values captured and an assertion per
// capture of results.
func (c *checker) captureAssertions(results []captured) (map[string]string, []report.Assertion) {
	if len(results) == 0 {
		return nil, nil
	}
	values := make(map[string]string, len(results))
	out := make([]report.Assertion, 0, len(results))
	for _, r := range results {
		a := report.Assertion{Expect: fmt.Sprintf("capture %s = %s", r.name, r.expr)}
		var runErr *jqRunError
		switch {
		case errors.As(r.err, &runErr):
			a.Actual = c.jqValue(r.err.Error(), "jq error")
		case r.err != nil:
			a.Actual = c.shorten(r.err.Error())
		default:
			values[r.name] = r.value
			a.Passed = true
			a.Actual = fmt.Sprintf("captured %d bytes", len(r.value))
		}
		out = append(out, a)
	}
	return values, out
}

// capture returns the first value expr yields on the body, as text.
func (c *checker) capture(expr string) (string, error) {
	code, err := c.jq.get(expr)
	if err != nil {
		return "", err
	}
	input, err := c.body.get()
	if err != nil {
		return "", err
	}
	outputs, err := jqOutputs(c.ctx, code, input, 1)
	if err != nil {
		return "", &jqRunError{err}
	}
	if len(outputs) == 0 {
		return "", fmt.Errorf("%s yielded no value", expr)
	}
	text, ok := captureText(outputs[0])
	if !ok {
		return "", fmt.Errorf("%s yielded null", expr)
	}
	return text, nil
}

// shorten masks s and cuts it to maxActual bytes: masked first, so that
// a secret crossing the cut is masked whole.
func (c *checker) shorten(s string) string {
	return c.redact.RedactCut(s, maxActual)
}

// jqValue is the actual value shown for text jq made out of the response
// (a value or an error, which may quote one): masked and cut, or, when the
// response holds a secret, only what kind of result it was. Booleans and
// null are always shown: a boolean is what an assertion checks, and whether
// it passed is shown anyway. Numbers are not: `explode | .[3]` spells out
// a secret one code point at a time.
func (c *checker) jqValue(text, kind string) string {
	if kind != "" && c.holdsSecret() {
		return kind + " (" + hiddenValue + ")"
	}
	return c.shorten(text)
}

// jqKind names the kind of a jq value that could spell out a secret, ""
// for one that cannot.
func jqKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case int, float64, *big.Int:
		return "a number"
	}
	return ""
}

// holdsSecret reports whether the response's body or headers hold a secret
// form, in any encoding.
func (c *checker) holdsSecret() bool {
	if c.holds == 0 {
		c.holds = 1
		if c.redact.Holds(string(c.resp.Body)) {
			c.holds = 2
		}
		for _, values := range c.resp.Header {
			for _, v := range values {
				if c.holds == 1 && c.redact.Holds(v) {
					c.holds = 2
				}
			}
		}
	}
	return c.holds == 2
}

// jqRunError is an error jq raised running an expression: its text may
// quote a value made of the response (gojq quotes the value an operation
// failed on, and error(.token) raises any value).
type jqRunError struct{ err error }

func (e *jqRunError) Error() string { return "jq error: " + e.err.Error() }
func (e *jqRunError) Unwrap() error { return e.err }

// roundDuration prints d to a precision that fits its size.
func roundDuration(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}
