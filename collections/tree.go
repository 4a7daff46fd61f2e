package collections

import (
	"errors"
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"
)

// valueKind is the TOML type of a value in the document tree.
type valueKind uint8

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
	kind          valueKind
	flag          bool   // kindBool
	arrayOfTables bool   // kindArray made by [[header]]s
	pos           int    // byte offset; turned into a Pos only for an error
	str           string // kindString; the raw text for kindFloat and kindDateTime
	num           int64  // kindInteger
	entries       []*tomlEntry
	byKey         map[string]*tomlEntry // built once a table grows past a few keys
	items         []*tomlValue
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

// buildTree walks the unstable parser's expressions into a tomlValue tree,
// in one pass over the file. It is given TOML whose syntax and keys go-toml
// has accepted (see parseTree), so it checks none of TOML's rules itself:
// it only places each key and value, with its position, where TOML says
// it belongs. Should the document break a rule all the same, it returns an
// error rather than a wrong tree or a panic. unchecked reports a float or
// a date-time, whose meaning only go-toml's full decoder checks.
func buildTree(data []byte, lines *lineIndex) (root *tomlValue, unchecked bool, err error) {
	b := &treeBuilder{lines: lines}
	root = &tomlValue{kind: kindTable}
	current := root
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		expr := p.Expression()
		var err error
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			current, err = b.header(root, expr)
		case unstable.KeyValue:
			err = b.setKeyValue(current, expr)
		}
		if err != nil {
			return nil, b.unchecked, err
		}
	}
	if err := p.Error(); err != nil {
		return nil, b.unchecked, b.syntaxError(err)
	}
	return root, b.unchecked, nil
}

// treeBuilder holds what building one tree needs besides the tree.
type treeBuilder struct {
	lines     *lineIndex
	keys      []keyPart // see keyParts
	unchecked bool      // see buildTree
}

// header applies a [table] or [[array table]] header and returns the table
// the key/value pairs after it belong to.
func (b *treeBuilder) header(root *tomlValue, expr *unstable.Node) (*tomlValue, error) {
	keys := b.keyParts(expr)
	start := headerStart(b.lines.data, keys[0].keyPos)
	parent := root
	for _, part := range keys[:len(keys)-1] {
		var err error
		if parent, err = b.enter(parent, part, true); err != nil {
			return nil, err
		}
	}
	last := keys[len(keys)-1]
	if expr.Kind == unstable.ArrayTable {
		return b.appendArrayTable(parent, last, start)
	}
	return b.defineTable(parent, last, start)
}

// enter steps into the table under part's key in t, creating it when it
// does not exist (an implicit table, [x] for [x.y], or one made by a
// dotted key, x for x.y = 1). A header steps into the last element of an
// array of tables (§Array of Tables: "[fruit.physical]" after "[[fruit]]").
func (b *treeBuilder) enter(t *tomlValue, part keyPart, header bool) (*tomlValue, error) {
	e := t.get(part.key)
	switch {
	case e == nil:
		table := &tomlValue{kind: kindTable, pos: part.keyPos}
		t.put(&tomlEntry{key: part.key, keyPos: part.keyPos, value: table})
		return table, nil
	case e.value.kind == kindTable:
		return e.value, nil
	case header && e.value.arrayOfTables && len(e.value.items) > 0:
		return e.value.items[len(e.value.items)-1], nil
	}
	return nil, b.redefined(part)
}

// defineTable applies a [header]'s last key part to its parent table and
// returns the table the following key/value pairs belong to. A table that
// exists already was made by a longer header ([x] after [x.y]): it now has
// its header, and its position is the header's.
func (b *treeBuilder) defineTable(parent *tomlValue, part keyPart, header int) (*tomlValue, error) {
	e := parent.get(part.key)
	if e == nil {
		table := &tomlValue{kind: kindTable, pos: header}
		parent.put(&tomlEntry{key: part.key, keyPos: part.keyPos, value: table})
		return table, nil
	}
	if e.value.kind != kindTable {
		return nil, b.redefined(part)
	}
	e.value.pos, e.keyPos = header, part.keyPos
	return e.value, nil
}

// appendArrayTable applies a [[header]]'s last key part to its parent
// table: it starts the array of tables or appends one element to it, and
// returns the new element.
func (b *treeBuilder) appendArrayTable(parent *tomlValue, part keyPart, header int) (*tomlValue, error) {
	element := &tomlValue{kind: kindTable, pos: header}
	e := parent.get(part.key)
	if e == nil {
		array := &tomlValue{kind: kindArray, pos: header, arrayOfTables: true, items: []*tomlValue{element}}
		parent.put(&tomlEntry{key: part.key, keyPos: part.keyPos, value: array})
		return element, nil
	}
	if !e.value.arrayOfTables {
		return nil, b.redefined(part)
	}
	e.value.items = append(e.value.items, element)
	return element, nil
}

// redefined is the error for a key go-toml's checks should have refused:
// it is reported rather than trusted.
func (b *treeBuilder) redefined(part keyPart) error {
	return &Error{Pos: b.lines.pos(part.keyPos), Msg: fmt.Sprintf("key %q is already defined", part.key)}
}

// syntaxError positions an error of the parser at its highlight.
func (b *treeBuilder) syntaxError(err error) error {
	var perr *unstable.ParserError
	if errors.As(err, &perr) {
		return &Error{Pos: b.lines.pos(b.lines.offsetOf(perr.Highlight)), Msg: perr.Message}
	}
	return &Error{Pos: Pos{File: b.lines.file}, Msg: err.Error()}
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

// keyParts returns the parts of n's (dotted) key, in the builder's one
// buffer: the next call overwrites them, so a caller copies what it keeps
// before it converts a value (an inline table's keys come through here too).
func (b *treeBuilder) keyParts(n *unstable.Node) []keyPart {
	parts := b.keys[:0]
	for it := n.Key(); it.Next(); {
		k := it.Node()
		parts = append(parts, keyPart{key: b.lines.str(k.Data), keyPos: int(k.Raw.Offset)})
	}
	b.keys = parts
	return parts
}

// setKeyValue adds a key/value pair to table t (the current table, or an
// inline table being built).
func (b *treeBuilder) setKeyValue(t *tomlValue, kv *unstable.Node) error {
	keys := b.keyParts(kv)
	last := keys[len(keys)-1]
	parent := t
	for _, part := range keys[:len(keys)-1] {
		var err error
		if parent, err = b.enter(parent, part, false); err != nil {
			return err
		}
	}
	if parent.get(last.key) != nil {
		return b.redefined(last)
	}
	value, err := b.convertValue(kv.Value(), last.keyPos)
	if err != nil {
		return err
	}
	parent.put(&tomlEntry{key: last.key, keyPos: last.keyPos, value: value})
	return nil
}
