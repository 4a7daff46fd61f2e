package jqcode

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/itchyny/gojq"
)

// FuzzSizeBoundsTheResult: for any JSON value, decoded as keyway decodes
// bodies (numbers as json.Number), the estimates are upper
// bounds of what the builtins build — tojson's text, each format's text,
// join's and flatten's results — so that the check never lets through a
// result it was meant to refuse.
func FuzzSizeBoundsTheResult(f *testing.F) {
	for _, seed := range []string{`"a\u0000<\"\\é\u2028"`, `[1,"x",null,true,1.5e-300,-0.0,12345678901234567890123]`,
		`{"a":[[1],[2,[3]]],"b":{"c":"d"}}`, `["a b","c'd","e\"f","\t\n"]`, `"\ud800x"`, `[]`, `{}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		s := newSizer(1 << 40)
		bound := s.jsonLen(v)
		text, err := gojq.Marshal(v)
		if err != nil {
			return
		}
		if uint64(len(text)) > bound {
			t.Fatalf("tojson %s: %d bytes, bound %d", text, len(text), bound)
		}
		for _, format := range []string{"csv", "tsv", "sh", "uri", "html", "base64", "json", "urid", "base64d"} {
			code, err := gojq.Compile(mustParse(t, "@"+format))
			if err != nil {
				t.Fatal(err)
			}
			if out, ok := code.Run(v).Next(); ok {
				if str, ok := out.(string); ok && uint64(len(str)) > formatSize(&s, format, v) {
					t.Fatalf("@%s of %s: %d bytes, bound %d", format, text, len(str), formatSize(&s, format, v))
				}
			}
		}
		if a, ok := v.([]any); ok {
			code, _ := gojq.Compile(mustParse(t, `join(", ")`))
			if out, ok := code.Run(v).Next(); ok {
				if str, ok := out.(string); ok && uint64(len(str)) > joinSize(&s, a, ", ") {
					t.Fatalf("join of %s: %d bytes, bound %d", text, len(str), joinSize(&s, a, ", "))
				}
			}
			code, _ = gojq.Compile(mustParse(t, `flatten | length`))
			if out, ok := code.Run(v).Next(); ok {
				if n, ok := out.(int); ok && uint64(n) > s.leaves(a) {
					t.Fatalf("flatten of %s: %d values, bound %d", text, n, s.leaves(a))
				}
			}
		}
	})
}

func mustParse(t *testing.T, expr string) *gojq.Query {
	q, err := gojq.Parse(expr)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
