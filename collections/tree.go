package collections

import (
	"fmt"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
)

// valueKind is the TOML type of a value in the document tree.
type valueKind int

const (
	kindTable valueKind = iota
	kindArray
	kindString
	kindInteger
	kindFloat
	kindBool
	kindDateTime
)

// typeName is how a kind is named in error messages.
func (k valueKind) typeName() string {
	switch k {
	case kindTable:
		return "a table"
	case kindArray:
		return "an array"
	case kindString:
		return "a string"
	case kindInteger:
		return "an integer"
	case kindFloat:
		return "a float"
	case kindBool:
		return "a boolean"
	}
	return "a date-time"
}

// tomlValue is one value of the document with the position it was written
// at. The decoder into plain Go values loses both key order (headers and
// captures keep file order) and positions (every error names its line), so
// keyway builds this small tree from the unstable parser's AST instead.
type tomlValue struct {
	kind    valueKind
	pos     Pos
	str     string // kindString; the raw text for kindFloat and kindDateTime
	num     int64  // kindInteger
	flag    bool   // kindBool
	entries []*tomlEntry
	byKey   map[string]*tomlEntry // built once a table grows past a few keys
	items   []*tomlValue
}

// tomlEntry is one key of a table.
type tomlEntry struct {
	key    string
	keyPos Pos
	value  *tomlValue
}

// linearLookupLimit is the table size below which get scans entries rather
// than keeping a map: most tables hold a handful of keys.
const linearLookupLimit = 12

func (t *tomlValue) get(key string) *tomlEntry {
	if t.byKey != nil {
		return t.byKey[key]
	}
	for _, e := range t.entries {
		if e.key == key {
			return e
		}
	}
	return nil
}

func (t *tomlValue) put(e *tomlEntry) {
	t.entries = append(t.entries, e)
	switch {
	case t.byKey != nil:
		t.byKey[e.key] = e
	case len(t.entries) > linearLookupLimit:
		t.byKey = make(map[string]*tomlEntry, 2*len(t.entries))
		for _, old := range t.entries {
			t.byKey[old.key] = old
		}
	}
}

// lineIndex turns byte offsets into 1-based line and column (in characters)
// in O(log lines), where the parser's own Shape rescans from the start of
// the document on every call.
type lineIndex struct {
	file   string
	data   []byte
	starts []int
}

func newLineIndex(file string, data []byte) *lineIndex {
	starts := make([]int, 1, 64)
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, data: data, starts: starts}
}

func (l *lineIndex) pos(offset int) Pos {
	offset = min(max(offset, 0), len(l.data))
	line, found := slices.BinarySearch(l.starts, offset)
	if !found {
		line--
	}
	col := utf8.RuneCount(l.data[l.starts[line]:offset]) + 1
	return Pos{File: l.file, Line: line + 1, Col: col}
}

// fromLineCol converts a byte column reported by the TOML decoder into a
// character column.
func (l *lineIndex) fromLineCol(line, byteCol int) Pos {
	if line < 1 || line > len(l.starts) {
		return Pos{File: l.file, Line: line, Col: byteCol}
	}
	return l.pos(l.starts[line-1] + byteCol - 1)
}

// buildTree walks the unstable parser's expressions into a tomlValue tree.
// The document has already been accepted by the full decoder, which checks
// what the parser does not (duplicate keys, redefined tables), so building
// here only has to follow TOML's table rules, not police them.
func buildTree(data []byte, lines *lineIndex) (*tomlValue, error) {
	root := &tomlValue{kind: kindTable, pos: Pos{File: lines.file, Line: 1, Col: 1}}
	current := root
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			header := lines.pos(headerStart(data, int(expr.Child().Raw.Offset)))
			keys := keyParts(expr, lines)
			parent, err := descend(root, keys[:len(keys)-1])
			if err != nil {
				return nil, err
			}
			last := keys[len(keys)-1]
			current = &tomlValue{kind: kindTable, pos: header}
			existing := parent.get(last.key)
			switch {
			case expr.Kind == unstable.ArrayTable && existing == nil:
				parent.put(&tomlEntry{key: last.key, keyPos: last.keyPos, value: &tomlValue{kind: kindArray, pos: header, items: []*tomlValue{current}}})
			case expr.Kind == unstable.ArrayTable && existing.value.kind == kindArray:
				existing.value.items = append(existing.value.items, current)
			case existing == nil:
				parent.put(&tomlEntry{key: last.key, keyPos: last.keyPos, value: current})
			case existing.value.kind == kindTable:
				// A table first created implicitly by [a.b] is now defined.
				existing.value.pos = header
				existing.keyPos = last.keyPos
				current = existing.value
			default:
				return nil, &Error{Pos: header, Msg: fmt.Sprintf("table %q conflicts with an earlier definition", last.key)}
			}
		case unstable.KeyValue:
			if err := setKeyValue(current, expr, lines); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	return root, nil
}

// headerStart finds the '[' that opens a table header whose first key
// starts at keyOffset.
func headerStart(data []byte, keyOffset int) int {
	i := keyOffset
	for i > 0 && (data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '[') {
		i--
	}
	for i < keyOffset && data[i] != '[' {
		i++
	}
	return i
}

type keyPart struct {
	key    string
	keyPos Pos
}

func keyParts(n *unstable.Node, lines *lineIndex) []keyPart {
	var parts []keyPart
	for it := n.Key(); it.Next(); {
		k := it.Node()
		parts = append(parts, keyPart{key: string(k.Data), keyPos: lines.pos(int(k.Raw.Offset))})
	}
	return parts
}

// descend follows a dotted key's leading parts, creating implicit tables,
// and entering the last element of an array of tables as TOML specifies.
func descend(t *tomlValue, parts []keyPart) (*tomlValue, error) {
	for _, part := range parts {
		e := t.get(part.key)
		if e == nil {
			e = &tomlEntry{key: part.key, keyPos: part.keyPos, value: &tomlValue{kind: kindTable, pos: part.keyPos}}
			t.put(e)
		}
		next := e.value
		if next.kind == kindArray && len(next.items) > 0 {
			next = next.items[len(next.items)-1]
		}
		if next.kind != kindTable {
			return nil, &Error{Pos: part.keyPos, Msg: fmt.Sprintf("key %q is not a table", part.key)}
		}
		t = next
	}
	return t, nil
}

func setKeyValue(t *tomlValue, kv *unstable.Node, lines *lineIndex) error {
	keys := keyParts(kv, lines)
	parent, err := descend(t, keys[:len(keys)-1])
	if err != nil {
		return err
	}
	last := keys[len(keys)-1]
	value, err := convertValue(kv.Value(), last.keyPos, lines)
	if err != nil {
		return err
	}
	if parent.get(last.key) != nil {
		return &Error{Pos: last.keyPos, Msg: fmt.Sprintf("duplicate key %q", last.key)}
	}
	parent.put(&tomlEntry{key: last.key, keyPos: last.keyPos, value: value})
	return nil
}

// convertValue turns a value node into a tomlValue. Arrays have no range of
// their own in the AST, so they take the position of their key (fallback).
func convertValue(n *unstable.Node, fallback Pos, lines *lineIndex) (*tomlValue, error) {
	pos := fallback
	if n.Raw.Length > 0 {
		pos = lines.pos(int(n.Raw.Offset))
	}
	v := &tomlValue{pos: pos}
	switch n.Kind {
	case unstable.String:
		v.kind, v.str = kindString, string(n.Data)
	case unstable.Integer:
		// Base 0 accepts TOML's 0x, 0o, 0b prefixes and '_' separators.
		i, err := strconv.ParseInt(string(n.Data), 0, 64)
		if err != nil {
			return nil, &Error{Pos: pos, Msg: fmt.Sprintf("integer %s is out of range", n.Data)}
		}
		v.kind, v.num = kindInteger, i
	case unstable.Float:
		v.kind, v.str = kindFloat, string(n.Data)
	case unstable.Bool:
		v.kind, v.flag = kindBool, string(n.Data) == "true"
	case unstable.Array:
		v.kind = kindArray
		for it := n.Children(); it.Next(); {
			if it.Node().Kind == unstable.Comment {
				continue
			}
			item, err := convertValue(it.Node(), pos, lines)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, item)
		}
	case unstable.InlineTable:
		v.kind = kindTable
		for it := n.Children(); it.Next(); {
			if it.Node().Kind != unstable.KeyValue {
				continue
			}
			if err := setKeyValue(v, it.Node(), lines); err != nil {
				return nil, err
			}
		}
	default:
		v.kind, v.str = kindDateTime, string(n.Data)
	}
	return v, nil
}
