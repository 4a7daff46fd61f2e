package collections

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// treeRuleCase is one TOML 1.0 rule, shown kept (at "") or broken, with
// where the error must point (LINE:COL) and its message. go-toml enforces
// the rules (see parseTree); these cases pin that keyway refuses what
// breaks them, at its place, and builds its tree from what keeps them.
// FuzzParse starts from these too.
type treeRuleCase struct {
	name, toml string
	at         string // "" when the document is valid
	msg        string
}

var treeRuleCases = []treeRuleCase{
	// §Keys: a key is defined once, whichever way it is quoted.
	{"keys once", "a = 1\nb = 2\n", "", ""},
	{"duplicate key", "a = 1\na = 2\n", "2:1", "key a is already defined"},
	{"bare and quoted key are one key", "a = 1\n\"a\" = 2\n", "2:1", "key a is already defined"},
	{"literal-quoted key too", "'a b' = 1\n\"a b\" = 2\n", "2:1", "key a b is already defined"},
	{"dotted leaf over a dotted table", "a.b.c = 1\na.b = 2\n", "2:1", "key b is already defined"},
	{"dotted key through a value", "a.b = 1\na.b.c = 2\n", "2:1", "key b is already defined"},

	// §Table: a header defines its table once; a longer header's implicit
	// tables may be defined later, once.
	{"implicit table then its header", "[a.b.c]\nx = 1\n[a]\ny = 2\n", "", ""},
	{"table then sub-table", "[a]\n[a.b]\n", "", ""},
	{"table twice", "[a]\nx = 1\n[a]\n", "3:2", "table a already exists"},
	{"implicit table defined twice", "[a.b]\n[a]\n[a]\n", "3:2", "table a already exists"},
	{"sub-table twice", "[a]\n[a.b]\n[ a . b ]\n", "3:3", "table b already exists"},
	{"header over a value", "a = 1\n[a]\n", "2:2", "key a should be a table, not a value"},
	{"header through a value", "[t]\nb = 1\n[t.b.c]\n", "3:2", "key b already exists as a value"},

	// §Table: dotted keys and headers do not mix on one table.
	{"dotted keys extend their table", "a.b = 1\na.c = 2\n", "", ""},
	{"sub-table under a dotted table", "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n", "", ""},
	{"header through dotted keys", "a.b.c = 1\n[a.b.d]\n", "", ""},
	{"header over a dotted table", "[fruit]\napple.color = \"red\"\n[fruit.apple]\n", "3:2", "table apple already exists as defined by a dotted key"},
	{"dotted keys into a header's table", "[a.b]\nx = 1\n[a]\nb.y = 2\n", "4:1", "key b is already defined"},
	{"dotted keys into an implicit table", "[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", "4:1", "key b is already defined"},

	// §Inline Table: self-contained.
	{"dotted keys in an inline table", "a = {b.c = 1, b.d = 2}\n", "", ""},
	{"inline tables in an array", "a = [{x = 1}, {x = 2}]\n", "", ""},
	{"duplicate key in an inline table", "a = {b = 1, b = 2}\n", "1:1", "key b is already defined"},
	{"inline table extended inside", "a = {b = {c = 1}, b.d = 2}\n", "1:1", "key b is already defined"},
	{"header over an inline table", "a = {}\n[a]\n", "2:2", "key a should be a table, not a value"},
	{"header into an inline table", "a = {b = 1}\n[a.c]\n", "2:2", "key a already exists as a value"},
	{"dotted keys into an inline table", "a = {b = 1}\na.c = 2\n", "2:1", "key a is already defined"},

	// §Array of Tables.
	{"array of tables with sub-tables", "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n", "", ""},
	{"nested arrays of tables", "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n", "", ""},
	{"sub-table twice in one element", "[[a]]\n[a.b]\n[a.b]\n", "3:2", "table b already exists"},
	{"[[x]] after a static array", "a = []\n[[a]]\n", "2:3", "key a already exists as a value, but should be an array table"},
	{"header into a static array", "a = [{}]\n[a.b]\n", "2:2", "key a already exists as a value"},
	{"[x] after [[x]]", "[[a]]\n[a]\n", "2:2", "table a already exists as an array of tables"},
	{"[[x]] after [x]", "[a]\n[[a]]\n", "2:3", "key a already exists as a table, but should be an array table"},
	{"[[x]] after dotted keys", "a.b = 1\n[[a]]\n", "2:3", "key a already exists as a kv-table, but should be an array table"},
	{"dotted keys into an array of tables", "[[a.b]]\n[a]\nb.c = 1\n", "3:1", "key b is already defined"},

	// §Integer: 64 bits, no wrapping.
	{"integer limits", "min = -9223372036854775808\nmax = 9_223_372_036_854_775_807\nhex = 0x7FFFFFFFFFFFFFFF\nbin = 0b1\noct = 0o777\n", "", ""},
	{"decimal overflow", "i = 9223372036854775808\n", "1:5", "decimal number is too large to fit in a 64-bit signed integer"},
	{"negative overflow", "i = -9223372036854775809\n", "1:5", "decimal number is too large to fit in a 64-bit signed integer"},
	{"hexadecimal overflow", "i = 0x8000000000000000\n", "1:5", "hexadecimal number is too large to fit in a 64-bit signed integer"},

	// §Float: binary64.
	{"float limits", "f = 1.7976931348623157e308\ng = -inf\nh = nan\ni = 1e-400\n", "", ""},
	{"float overflow", "x = 1\nf = 1e400\n", "2:5", "unable to parse float: strconv.ParseFloat: parsing \"1e400\": value out of range"},

	// §Offset Date-Time, §Local Date-Time, §Local Date, §Local Time.
	{"dates and times", "a = 2024-02-29\nb = 07:32\nc = 07:32:00.999\nd = 1979-05-27t07:32:00z\ne = 1979-05-27 07:32:00-08:00\nf = 2000-12-31T23:59:59\n", "", ""},
	{"no 29 February", "d = 2021-02-29\n", "1:13", "impossible date"},
	{"month 13", "d = 2021-13-01\n", "1:10", "impossible date"},
	{"hour 24", "t = 24:00:00\n", "1:5", "hour cannot be greater 23"},
	{"second 60", "t = 2021-01-01T23:59:60Z\n", "1:22", "seconds cannot be greater than 59"},
	{"offset hour 24", "t = 1979-05-27T07:32:00+24:00\n", "1:25", "invalid timezone offset hours"},
	{"offset without colon", "t = 1979-05-27T07:32:00+0800\n", "1:24", "invalid date-time timezone"},
	{"fraction without seconds", "t = 07:32.5\n", "1:10", "extra characters at the end of a local time"},
	{"date in an array", "a = [2021-01-01, 2021-01-32]\n", "1:26", "impossible date"},
}

// TestTreeRules asserts each rule: valid documents build, and a broken one
// fails on the line that breaks it, with go-toml's message.
func TestTreeRules(t *testing.T) {
	for _, tc := range treeRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.toml)
			_, err := parseTree(data, newLineIndex("r.toml", data))
			if tc.at == "" {
				if err != nil {
					t.Fatalf("rejected a valid document: %v", err)
				}
				return
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) != 1 {
				t.Fatalf("want one error at %s, got %v", tc.at, err)
			}
			got := list[0]
			if at := fmt.Sprintf("%d:%d", got.Pos.Line, got.Pos.Col); at != tc.at || got.Pos.File != "r.toml" {
				t.Errorf("error at %s:%s, want r.toml:%s (%s)", got.Pos.File, at, tc.at, got.Msg)
			}
			if got.Msg != "invalid TOML: "+tc.msg {
				t.Errorf("message %q, want %q", got.Msg, "invalid TOML: "+tc.msg)
			}
		})
	}
}

// TestTreeSyntaxErrorPosition: the parser's own errors keep their place,
// including one at the very end of the file.
func TestTreeSyntaxErrorPosition(t *testing.T) {
	for _, tc := range []struct{ toml, want string }{
		{"a = [1,\n", "1:8: invalid TOML: array is incomplete"},
		{"a = 1\nb = \"x", "2:6: invalid TOML: unterminated basic string"},
		{"[a\n", "1:3: invalid TOML:"},
		{"a = 1 b = 2\n", "1:7: invalid TOML:"},
	} {
		data := []byte(tc.toml)
		_, err := parseTree(data, newLineIndex("s.toml", data))
		if err == nil || !strings.HasPrefix(err.Error(), "s.toml:"+tc.want) {
			t.Errorf("%q: got %v, want s.toml:%s...", tc.toml, err, tc.want)
		}
	}
}
