package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"

	"github.com/itchyny/gojq"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/internal/jqcode"
)

// programs holds the compiled jq expressions of a run's assertions and
// captures, compiled once before the first request is sent (issue 4: no
// per-request parsing). It is read-only once built, so the requests of a
// concurrent run share it without a lock.
type programs map[string]compiled

type compiled struct {
	code *gojq.Code
	err  error
}

// compilePrograms compiles every jq expression of reqs. An expression that
// does not compile is kept with its error, which fails only the requests
// that use it.
func compilePrograms(reqs []*collections.Request) programs {
	p := programs{}
	for _, r := range reqs {
		for _, expr := range r.Expect.JQ {
			p.add(expr)
		}
		for _, kv := range r.Capture {
			p.add(kv.Value)
		}
	}
	return p
}

func (p programs) add(expr string) {
	if _, ok := p[expr]; !ok {
		code, err := compileJQ(expr)
		p[expr] = compiled{code: code, err: err}
	}
}

// get returns the compiled expr, compiling it now if it was not known in
// advance (a request edited since the run began).
func (p programs) get(expr string) (*gojq.Code, error) {
	if c, ok := p[expr]; ok {
		return c.code, c.err
	}
	return compileJQ(expr)
}

// compileJQ returns expr's program, compiled once per process (by Check,
// usually, before the run starts). The compiled program sees no
// environment variables (see jqcode): a collection must not be able to
// copy the user's environment into a report.
func compileJQ(expr string) (*gojq.Code, error) {
	code, err := jqcode.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("invalid jq expression: %w", err)
	}
	return code, nil
}

// jsonBody decodes a response body once, on first use, for every jq
// assertion and capture of the request.
type jsonBody struct {
	resp    *authflow.Response
	decoded bool
	value   any
	err     error
}

// get returns the decoded body or why it cannot be used. Numbers are kept as
// json.Number, so that a large id is captured digit for digit rather than
// rounded through float64.
func (b *jsonBody) get() (any, error) {
	if b.decoded {
		return b.value, b.err
	}
	b.decoded = true
	switch {
	case b.resp.Truncated:
		b.err = fmt.Errorf("response body was cut at %d of %d bytes (the body limit); jq needs the whole body",
			len(b.resp.Body), b.resp.Size)
	case len(bytes.TrimSpace(b.resp.Body)) == 0:
		b.err = errors.New("response body is empty, not JSON")
	default:
		dec := json.NewDecoder(bytes.NewReader(b.resp.Body))
		dec.UseNumber()
		if err := dec.Decode(&b.value); err != nil {
			b.err = fmt.Errorf("response body is not JSON: %w", err)
		} else if _, err := dec.Token(); err != io.EOF {
			b.err = errors.New("response body is not JSON: more data after the first value")
		}
	}
	return b.value, b.err
}

// maxOutputs bounds how many values of a jq assertion are examined, so that
// an expression such as `repeat(true)` cannot hang the run.
const maxOutputs = 1000

// jqTimeout bounds one jq evaluation. A collection is data, but jq is a
// language: an expression such as `last(range(1e18))` yields nothing for
// ever, and a collection someone else wrote must not hang a CI run with it.
// A variable so that tests can shorten it.
var jqTimeout = 5 * time.Second

// jqOutputs runs code on input and returns its values, at most limit of
// them, stopping at the first error, after jqTimeout or when the heap grows
// past jqMemoryLimit (see watchJQ).
func jqOutputs(ctx context.Context, code *gojq.Code, input any, limit int) ([]any, error) {
	ctx, done := watchJQ(ctx)
	defer done()
	var out []any
	iter := code.RunWithContext(ctx, input)
	for len(out) < limit {
		v, ok := iter.Next()
		if !ok {
			break
		}
		if err, isErr := v.(error); isErr {
			if errors.Is(err, context.Canceled) {
				var memErr *jqcode.MemoryError
				switch cause := context.Cause(ctx); {
				case cause == errJQTimeout:
					return out, fmt.Errorf("jq expression still running after %s; stopped (keep expressions to a few steps per value)", jqTimeout)
				case errors.As(cause, &memErr):
					return out, memErr
				}
			}
			return out, err
		}
		// keyway writes outputs as JSON text: refuse one whose text
		// would be over the memory limit before writing it.
		if err := jqcode.CheckOutput(v); err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// captureText turns a jq value into the text a variable holds: strings as
// they are, numbers as written, booleans as true/false, arrays and objects
// as compact JSON. Null is no value at all (`.id` on an object without id).
func captureText(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return strconv.FormatBool(v), true
	case int:
		return strconv.Itoa(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case *big.Int:
		return v.String(), true
	default:
		return jqText(v), true
	}
}

// jqText is the compact JSON text of a jq value, as jq prints it.
func jqText(v any) string {
	b, err := gojq.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
