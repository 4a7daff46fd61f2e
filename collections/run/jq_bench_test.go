package run

import (
	"context"
	"testing"
)

// BenchmarkJQTypical evaluates the assertions and captures collections
// usually hold, some with the builtins jqcode guards, to show what the
// guard costs them.
func BenchmarkJQTypical(b *testing.B) {
	input := map[string]any{"name": "alice", "id": 42, "token": "abc", "items": []any{"a", "b", "c", "d"}}
	for _, expr := range []string{
		`.name == "alice"`, `.items | length > 3`, `.token`, `.items[0]`,
		`"\(.id)" == "42"`, `.items | join(",") == "a,b,c,d"`, `.id | tostring`, `.items | tojson`, `.x = 1 | .x == 1`,
	} {
		b.Run(expr, func(b *testing.B) {
			code, err := compileJQ(expr)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if out, err := jqOutputs(context.Background(), code, input, maxOutputs); err != nil || len(out) != 1 {
					b.Fatalf("%v %v", out, err)
				}
			}
		})
	}
}
