package collections

import (
	"bytes"
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
	pos     int    // byte offset; turned into a Pos only for an error
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
	keyPos int // byte offset of the key
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
	text   string // data as a string, for sharing substrings
	starts []int
}

func newLineIndex(file string, data []byte) *lineIndex {
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, data: data, text: string(data), starts: starts}
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

// str returns b as a string. Most keys and strings in a document are the
// document's own bytes (no escapes to decode); those become substrings of
// one shared copy rather than an allocation each.
func (l *lineIndex) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	offset := cap(l.data) - cap(b)
	if offset >= 0 && offset+len(b) <= len(l.data) && &l.data[offset] == &b[0] {
		return l.text[offset : offset+len(b)]
	}
	return string(b)
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
	b := &treeBuilder{lines: lines}
	root := b.newValue()
	root.kind = kindTable
	current := root
	var p unstable.Parser
	p.Reset(data)
	var keys []keyPart // reused: one dotted key per expression
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			header := headerStart(data, int(expr.Child().Raw.Offset))
			keys = keyParts(expr, keys[:0], lines)
			parent, err := b.descend(root, keys[:len(keys)-1])
			if err != nil {
				return nil, err
			}
			last := keys[len(keys)-1]
			current = b.newValue()
			current.kind, current.pos = kindTable, header
			existing := parent.get(last.key)
			switch {
			case expr.Kind == unstable.ArrayTable && existing == nil:
				array := b.newValue()
				array.kind, array.pos, array.items = kindArray, header, []*tomlValue{current}
				b.put(parent, b.newEntry(last, array))
			case expr.Kind == unstable.ArrayTable && existing.value.kind == kindArray:
				existing.value.items = append(existing.value.items, current)
			case existing == nil:
				b.put(parent, b.newEntry(last, current))
			case existing.value.kind == kindTable:
				// A table first created implicitly by [a.b] is now defined.
				existing.value.pos = header
				existing.keyPos = last.keyPos
				current = existing.value
			default:
				return nil, &Error{Pos: lines.pos(header), Msg: fmt.Sprintf("table %q conflicts with an earlier definition", last.key)}
			}
		case unstable.KeyValue:
			if err := b.setKeyValue(current, expr, keys[:0]); err != nil {
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
	keyPos int
}

// keyParts appends the parts of n's (dotted) key to parts.
func keyParts(n *unstable.Node, parts []keyPart, lines *lineIndex) []keyPart {
	for it := n.Key(); it.Next(); {
		k := it.Node()
		parts = append(parts, keyPart{key: lines.str(k.Data), keyPos: int(k.Raw.Offset)})
	}
	return parts
}

// descend follows a dotted key's leading parts, creating implicit tables,
// and entering the last element of an array of tables as TOML specifies.
func (b *treeBuilder) descend(t *tomlValue, parts []keyPart) (*tomlValue, error) {
	for _, part := range parts {
		e := t.get(part.key)
		if e == nil {
			table := b.newValue()
			table.kind, table.pos = kindTable, part.keyPos
			e = b.newEntry(part, table)
			b.put(t, e)
		}
		next := e.value
		if next.kind == kindArray && len(next.items) > 0 {
			next = next.items[len(next.items)-1]
		}
		if next.kind != kindTable {
			return nil, &Error{Pos: b.lines.pos(part.keyPos), Msg: fmt.Sprintf("key %q is not a table", part.key)}
		}
		t = next
	}
	return t, nil
}

func (b *treeBuilder) setKeyValue(t *tomlValue, kv *unstable.Node, buf []keyPart) error {
	keys := keyParts(kv, buf, b.lines)
	parent, err := b.descend(t, keys[:len(keys)-1])
	if err != nil {
		return err
	}
	last := keys[len(keys)-1]
	value, err := b.convertValue(kv.Value(), last.keyPos)
	if err != nil {
		return err
	}
	if parent.get(last.key) != nil {
		return &Error{Pos: b.lines.pos(last.keyPos), Msg: fmt.Sprintf("duplicate key %q", last.key)}
	}
	b.put(parent, b.newEntry(last, value))
	return nil
}

// convertValue turns a value node into a tomlValue. Arrays have no range of
// their own in the AST, so they take the position of their key (fallback).
func (b *treeBuilder) convertValue(n *unstable.Node, fallback int) (*tomlValue, error) {
	lines := b.lines
	pos := fallback
	if n.Raw.Length > 0 {
		pos = int(n.Raw.Offset)
	}
	v := b.newValue()
	v.pos = pos
	switch n.Kind {
	case unstable.String:
		v.kind, v.str = kindString, lines.str(n.Data)
	case unstable.Integer:
		// Base 0 accepts TOML's 0x, 0o, 0b prefixes and '_' separators.
		i, err := strconv.ParseInt(string(n.Data), 0, 64)
		if err != nil {
			return nil, &Error{Pos: lines.pos(pos), Msg: fmt.Sprintf("integer %s is out of range", n.Data)}
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
			item, err := b.convertValue(it.Node(), pos)
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
			if err := b.setKeyValue(v, it.Node(), nil); err != nil {
				return nil, err
			}
		}
	default:
		v.kind, v.str = kindDateTime, string(n.Data)
	}
	return v, nil
}

// treeBuilder builds a tree, handing out values and entries from slabs: a
// file of 10,000 requests has some 200,000 of them, and one allocation per
// thousand rather than one each keeps loading fast.
type treeBuilder struct {
	lines   *lineIndex
	values  []tomlValue
	entries []tomlEntry
	// tables hands out the first entries slice of each table, for the
	// same reason: grown one append at a time, a request's table of nine
	// keys would take five allocations (the profile's largest count).
	tables []*tomlEntry
}

// firstTableEntries is the capacity a table's entries start with, from
// the slab: most tables (inline ones, expect, capture) hold a few keys; a
// larger one then grows as any slice does.
const firstTableEntries = 4

// put adds e to table t, starting t's entries in the slab.
func (b *treeBuilder) put(t *tomlValue, e *tomlEntry) {
	if t.entries == nil {
		if len(b.tables)+firstTableEntries > cap(b.tables) {
			b.tables = make([]*tomlEntry, 0, slabSize*firstTableEntries)
		}
		n := len(b.tables)
		// The full slice expression caps t's slice at its share, so that
		// growing it copies rather than writing into the next table's.
		t.entries = b.tables[n : n : n+firstTableEntries]
		b.tables = b.tables[:n+firstTableEntries]
	}
	t.put(e)
}

const slabSize = 1024

func (b *treeBuilder) newValue() *tomlValue {
	if len(b.values) == cap(b.values) {
		b.values = make([]tomlValue, 0, slabSize)
	}
	b.values = b.values[:len(b.values)+1]
	return &b.values[len(b.values)-1]
}

func (b *treeBuilder) newEntry(key keyPart, value *tomlValue) *tomlEntry {
	if len(b.entries) == cap(b.entries) {
		b.entries = make([]tomlEntry, 0, slabSize)
	}
	b.entries = append(b.entries, tomlEntry{key: key.key, keyPos: key.keyPos, value: value})
	return &b.entries[len(b.entries)-1]
}
