package collections

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// FuzzTreeAgreesWithUnmarshal is a differential test: buildTree, which
// enforces TOML's key, table and value rules itself in one pass, accepts a
// document exactly when go-toml's full decoder does, and then builds the
// same tree (same keys, kinds, array lengths and scalar values).
//
// Both read the bytes the same way, so nothing is excluded: values that
// go-toml rejects for what they mean rather than their structure (an
// integer beyond 64 bits, a float beyond binary64, 2021-02-29, 24:00) are
// rejected by buildTree too (see convertValue and checkDateTime), and a
// disagreement on them is a bug like any other.
func FuzzTreeAgreesWithUnmarshal(f *testing.F) {
	for _, tc := range treeRuleCases {
		f.Add([]byte(tc.toml))
	}
	f.Add([]byte(fullCollection))
	f.Add(bigCollection(2))
	f.Add([]byte("\uFEFFa = 1\r\n[b] # c\r\nc = 'x'\n"))
	f.Add([]byte("a = \"\"\"\nx\\\n  y\"\"\"\nb = '''z'''\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := newLineIndex("f.toml", data)
		root, treeErr := buildTree(data, lines)
		var decoded map[string]any
		decodeErr := toml.Unmarshal(data, &decoded)
		switch {
		case treeErr == nil && decodeErr != nil:
			t.Fatalf("buildTree accepted what go-toml rejects (%v):\n%s", decodeErr, data)
		case treeErr != nil && decodeErr == nil:
			t.Fatalf("buildTree rejected what go-toml accepts (%v):\n%s", treeErr, data)
		case treeErr != nil:
			located, ok := treeErr.(*Error)
			if !ok || located.Pos.File != "f.toml" || located.Pos.Line < 1 || located.Pos.Line > len(lines.starts) {
				t.Fatalf("error without a position in the file: %#v", treeErr)
			}
			return
		}
		if problem := sameTree(root, decoded, ""); problem != "" {
			t.Fatalf("trees differ: %s\n%s", problem, data)
		}
	})
}

// FuzzTreeAgreesOnStructure is the same differential test over documents
// made only of headers, array headers and dotted keys on three key names:
// the fuzzer mutates a program (see documentFromProgram) rather than
// bytes, so it reaches orders of definitions that byte mutations of a
// collection seldom do ([a.b] then [a] then b.c = 1).
func FuzzTreeAgreesOnStructure(f *testing.F) {
	f.Add([]byte{0, 0, 0})
	f.Add([]byte{2, 2, 0, 1, 0, 0, 0, 2, 1, 1, 0, 0})
	f.Add([]byte{1, 1, 0, 1, 4, 1, 0, 0, 2, 1, 1, 0, 3})
	f.Fuzz(func(t *testing.T, program []byte) {
		data := documentFromProgram(program)
		root, treeErr := buildTree(data, newLineIndex("g.toml", data))
		var decoded map[string]any
		decodeErr := toml.Unmarshal(data, &decoded)
		if (treeErr == nil) != (decodeErr == nil) {
			t.Fatalf("buildTree says %v, go-toml says %v:\n%s", treeErr, decodeErr, data)
		}
		if treeErr == nil {
			if problem := sameTree(root, decoded, ""); problem != "" {
				t.Fatalf("trees differ: %s\n%s", problem, data)
			}
		}
	})
}

// documentFromProgram turns bytes into TOML lines: each line is a [header],
// a [[header]] or a key/value pair, over dotted keys of one to three parts
// named a, b or c, with values of every shape a rule cares about.
func documentFromProgram(program []byte) []byte {
	next := func() int {
		if len(program) == 0 {
			return 0
		}
		c := program[0]
		program = program[1:]
		return int(c)
	}
	key := func() string {
		parts := make([]string, 1+next()%3)
		for i := range parts {
			parts[i] = string("abc"[next()%3])
		}
		return strings.Join(parts, ".")
	}
	values := []string{"1", "[]", "[{}]", "{}", "{ x = 1 }", "{ x.y = 1, z = 2 }", "2021-01-01", "[{ x = 1 }, { x = 2 }]"}
	var out bytes.Buffer
	for len(program) > 0 {
		switch next() % 3 {
		case 0:
			fmt.Fprintf(&out, "[%s]\n", key())
		case 1:
			fmt.Fprintf(&out, "[[%s]]\n", key())
		default:
			fmt.Fprintf(&out, "%s = %s\n", key(), values[next()%len(values)])
		}
	}
	return out.Bytes()
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
