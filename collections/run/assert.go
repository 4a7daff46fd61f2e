package run

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// maxActual bounds an assertion's actual value in the report: enough to see
// what went wrong, not a whole body.
const maxActual = 200

// checker evaluates one response against its request's expectations and
// captures. Every expectation becomes an assertion, in the order of the
// file format: status, headers, jq, max_duration, then captures.
type checker struct {
	ctx  context.Context
	req  *collections.Request
	resp *authflow.Response
	jq   programs
	body jsonBody
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
// request sets none (product.md).
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
	a.Actual = shorten(strconv.Quote(got))
	return a
}

// jqTrue checks that expr yields true, and only true, on the JSON body.
func (c *checker) jqTrue(expr string) report.Assertion {
	a := report.Assertion{Expect: "jq " + expr}
	code, err := c.jq.get(expr)
	if err != nil {
		a.Actual = shorten(err.Error())
		return a
	}
	input, err := c.body.get()
	if err != nil {
		a.Actual = shorten(err.Error())
		return a
	}
	outputs, err := jqOutputs(c.ctx, code, input, maxOutputs)
	switch {
	case err != nil:
		a.Actual = shorten("jq error: " + err.Error())
	case len(outputs) == 0:
		a.Actual = "no output"
	default:
		a.Passed = true
		a.Actual = "true"
		for _, v := range outputs {
			if v != true {
				a.Passed = false
				a.Actual = shorten(jqText(v))
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
	if len(c.req.Capture) == 0 {
		return nil, nil
	}
	values := make(map[string]string, len(c.req.Capture))
	out := make([]report.Assertion, 0, len(c.req.Capture))
	for _, kv := range c.req.Capture {
		a := report.Assertion{Expect: fmt.Sprintf("capture %s = %s", kv.Key, kv.Value)}
		value, err := c.capture(kv.Value)
		if err != nil {
			a.Actual = shorten(err.Error())
		} else {
			values[kv.Key] = value
			a.Passed = true
			a.Actual = fmt.Sprintf("captured %d bytes", len(value))
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
		return "", fmt.Errorf("jq error: %w", err)
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

// shorten cuts s to maxActual bytes on a character boundary.
func shorten(s string) string {
	if len(s) <= maxActual {
		return s
	}
	cut := maxActual
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// roundDuration prints d to a precision that fits its size.
func roundDuration(d time.Duration) string {
	if d < time.Millisecond {
		return d.Round(time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}
