package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/itchyny/gojq"
)

// MaxFilterOutputs is how many values Filter returns at most: a filter
// such as `range(1e9)` is cut there, as an assertion's outputs are.
const MaxFilterOutputs = maxOutputs

// Filter evaluates the jq expression expr on body, a JSON document, as
// `keyway run` evaluates an assertion: compiled once per process, with $ENV
// empty, + and * and the expanding builtins guarded against one step
// allocating past the memory limit, and the evaluation stopped after the
// run's time limit or when the heap grows past that limit. It returns each
// output as indented JSON text, at most MaxFilterOutputs of them, and the
// outputs before an error with the error.
//
// Filter sees only what it is given: the TUI gives it the body as shown,
// secrets already masked, so no filter can spell a secret out.
func Filter(ctx context.Context, expr string, body []byte) ([]string, error) {
	code, err := compileJQ(expr)
	if err != nil {
		return nil, err
	}
	input, err := decodeFilterInput(body)
	if err != nil {
		return nil, err
	}
	values, err := jqOutputs(ctx, code, input, MaxFilterOutputs)
	out := make([]string, 0, len(values))
	for _, v := range values {
		text, merr := gojq.Marshal(v)
		if merr != nil {
			return out, merr
		}
		var b bytes.Buffer
		if json.Indent(&b, text, "", "  ") != nil {
			b.Reset()
			b.Write(text)
		}
		out = append(out, b.String())
	}
	if err != nil {
		return out, fmt.Errorf("jq error: %w", err)
	}
	return out, nil
}

// decodeFilterInput decodes body as jq reads it, numbers kept digit for
// digit.
func decodeFilterInput(body []byte) (any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("the body is empty, not JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("the body is not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("the body is not JSON: more data after the first value")
	}
	return v, nil
}
