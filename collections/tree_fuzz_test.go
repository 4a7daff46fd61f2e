package collections

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
	"github.com/pelletier/go-toml/v2"
)

// FuzzTreeMatchesGoTOML: of every document go-toml accepts, tomldoc.Parse
// builds the same tree (same keys, kinds, array lengths and scalar
// values) without error; parseTree refuses, at a place in the file, every
// document go-toml refuses. tomldoc.Parse is only given what go-toml's checks
// passed, but it must not panic on anything the parser yields either.
func FuzzTreeMatchesGoTOML(f *testing.F) {
	for _, tc := range treeRuleCases {
		f.Add([]byte(tc.toml))
	}
	f.Add([]byte(fullCollection))
	f.Add(bigCollection(2))
	f.Add([]byte("a = \"\"\"\nx\\\n  y\"\"\"\nb = '''z'''\n"))
	f.Add([]byte("[[a.b]]\n[a]\n[[a.b]]\nc.d = { x.y = 1, z = [{}] }\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := newLineIndex("f.toml", data)
		var decoded map[string]any
		if decodeErr := toml.Unmarshal(data, &decoded); decodeErr != nil {
			_, _ = tomldoc.ParseTree(lines.Lines)
			_, _ = tomldoc.Parse(data)
			_, err := parseTree(data, lines)
			list, ok := err.(ErrorList)
			if !ok || len(list) != 1 || list[0].Pos.File != "f.toml" || list[0].Pos.Line < 1 || list[0].Pos.Line > lines.Count() {
				t.Fatalf("go-toml refuses (%v), parseTree says %#v", decodeErr, err)
			}
			return
		}
		doc, err := tomldoc.ParseTree(lines.Lines)
		if err == nil && doc.Invalid != nil {
			err = doc.Invalid
		}
		if err != nil {
			t.Fatalf("ParseTree refused what go-toml accepts (%v):\n%s", err, data)
		}
		if problem := sameTree(doc.Root, decoded, ""); problem != "" {
			t.Fatalf("trees differ: %s\n%s", problem, data)
		}
		// An edit's Parse builds the same tree beside its expressions.
		full, err := tomldoc.Parse(data)
		if err != nil || full.Invalid != nil {
			t.Fatalf("Parse refused what go-toml accepts (%v, %v):\n%s", err, full.Invalid, data)
		}
		if problem := sameTree(full.Root, decoded, ""); problem != "" {
			t.Fatalf("Parse's tree differs: %s\n%s", problem, data)
		}
	})
}

// sameTree compares a tomldoc.Value with what go-toml decodes into an any,
// and describes the first difference.
func sameTree(v *tomldoc.Value, x any, path string) string {
	switch v.Kind {
	case tomldoc.Table:
		m, ok := x.(map[string]any)
		if !ok || len(m) != len(v.Entries) {
			return fmt.Sprintf("%s: table of %d keys, go-toml has %T %v", path, len(v.Entries), x, x)
		}
		for _, e := range v.Entries {
			if problem := sameTree(e.Value, m[e.Key], path+"."+e.Key); problem != "" {
				return problem
			}
		}
	case tomldoc.Array:
		items, ok := x.([]any)
		if !ok || len(items) != len(v.Items) {
			return fmt.Sprintf("%s: array of %d, go-toml has %T %v", path, len(v.Items), x, x)
		}
		for i, item := range v.Items {
			if problem := sameTree(item, items[i], fmt.Sprintf("%s[%d]", path, i)); problem != "" {
				return problem
			}
		}
	case tomldoc.String:
		if x != any(v.Str) {
			return fmt.Sprintf("%s: string %q, go-toml has %#v", path, v.Str, x)
		}
	case tomldoc.Integer:
		if x != any(v.Int) {
			return fmt.Sprintf("%s: integer %d, go-toml has %#v", path, v.Int, x)
		}
	case tomldoc.Bool:
		if x != any(v.Bool) {
			return fmt.Sprintf("%s: boolean %v, go-toml has %#v", path, v.Bool, x)
		}
	case tomldoc.Float:
		if f, ok := x.(float64); !ok || (math.IsNaN(f) != (v.Str == "nan" || v.Str[1:] == "nan")) {
			return fmt.Sprintf("%s: float %s, go-toml has %#v", path, v.Str, x)
		}
	case tomldoc.DateTime:
		switch x.(type) {
		case time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		default:
			return fmt.Sprintf("%s: date-time %s, go-toml has %#v", path, v.Str, x)
		}
	}
	return ""
}
