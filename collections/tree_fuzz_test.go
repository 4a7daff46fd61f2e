package collections

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// FuzzTreeMatchesGoTOML: of every document go-toml accepts, buildTree
// builds the same tree (same keys, kinds, array lengths and scalar
// values) without error; parseTree refuses, at a place in the file, every
// document go-toml refuses. buildTree is only given what go-toml's checks
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
			_, _, _ = buildTree(data, lines)
			_, err := parseTree(data, lines)
			list, ok := err.(ErrorList)
			if !ok || len(list) != 1 || list[0].Pos.File != "f.toml" || list[0].Pos.Line < 1 || list[0].Pos.Line > len(lines.starts) {
				t.Fatalf("go-toml refuses (%v), parseTree says %#v", decodeErr, err)
			}
			return
		}
		root, _, err := buildTree(data, lines)
		if err != nil {
			t.Fatalf("buildTree refused what go-toml accepts (%v):\n%s", err, data)
		}
		if problem := sameTree(root, decoded, ""); problem != "" {
			t.Fatalf("trees differ: %s\n%s", problem, data)
		}
	})
}

// sameTree compares a tomlValue with what go-toml decodes into an any,
// and describes the first difference.
func sameTree(v *tomlValue, x any, path string) string {
	switch v.kind {
	case kindTable:
		m, ok := x.(map[string]any)
		if !ok || len(m) != len(v.entries) {
			return fmt.Sprintf("%s: table of %d keys, go-toml has %T %v", path, len(v.entries), x, x)
		}
		for _, e := range v.entries {
			if problem := sameTree(e.value, m[e.key], path+"."+e.key); problem != "" {
				return problem
			}
		}
	case kindArray:
		items, ok := x.([]any)
		if !ok || len(items) != len(v.items) {
			return fmt.Sprintf("%s: array of %d, go-toml has %T %v", path, len(v.items), x, x)
		}
		for i, item := range v.items {
			if problem := sameTree(item, items[i], fmt.Sprintf("%s[%d]", path, i)); problem != "" {
				return problem
			}
		}
	case kindString:
		if x != any(v.str) {
			return fmt.Sprintf("%s: string %q, go-toml has %#v", path, v.str, x)
		}
	case kindInteger:
		if x != any(v.num) {
			return fmt.Sprintf("%s: integer %d, go-toml has %#v", path, v.num, x)
		}
	case kindBool:
		if x != any(v.flag) {
			return fmt.Sprintf("%s: boolean %v, go-toml has %#v", path, v.flag, x)
		}
	case kindFloat:
		if f, ok := x.(float64); !ok || (math.IsNaN(f) != (v.str == "nan" || v.str[1:] == "nan")) {
			return fmt.Sprintf("%s: float %s, go-toml has %#v", path, v.str, x)
		}
	case kindDateTime:
		switch x.(type) {
		case time.Time, toml.LocalDate, toml.LocalTime, toml.LocalDateTime:
		default:
			return fmt.Sprintf("%s: date-time %s, go-toml has %#v", path, v.str, x)
		}
	}
	return ""
}
