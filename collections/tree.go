package collections

import (
	"errors"

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
	// The three one-byte fields come first, to share one word.
	kind    valueKind
	how     definition // what may extend it; see definition
	flag    bool       // kindBool
	pos     int        // byte offset; turned into a Pos only for an error
	str     string     // kindString; the raw text for kindFloat and kindDateTime
	num     int64      // kindInteger
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

// buildTree walks the unstable parser's expressions into a tomlValue tree,
// in one pass over the file. The parser checks TOML's syntax only; what
// TOML 1.0 says about keys and tables (a key defined once, a table defined
// once, what a dotted key or a header may extend: see definition) and about
// values (integers in 64 bits, real dates and times) is checked here, as
// the tree grows. Every error is an *Error at the place it names.
func buildTree(data []byte, lines *lineIndex) (*tomlValue, error) {
	b := &treeBuilder{lines: lines}
	root := b.newValue()
	root.kind, root.how = kindTable, definedByHeader
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
			return nil, err
		}
	}
	if err := p.Error(); err != nil {
		return nil, b.syntaxError(err)
	}
	return root, nil
}

// header applies a [table] or [[array table]] header and returns the table
// the key/value pairs after it belong to.
func (b *treeBuilder) header(root *tomlValue, expr *unstable.Node) (*tomlValue, error) {
	keys := b.keyParts(expr)
	start := headerStart(b.lines.data, keys[0].keyPos)
	parent := root
	for i := range len(keys) - 1 {
		var err error
		if parent, err = b.enterHeaderPart(parent, keys, i); err != nil {
			return nil, err
		}
	}
	if expr.Kind == unstable.ArrayTable {
		return b.appendArrayTable(parent, keys, start)
	}
	return b.defineTable(parent, keys, start)
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
// inline table being built). The key is checked before the value is
// converted, so that a duplicate key is reported as such whatever its value.
func (b *treeBuilder) setKeyValue(t *tomlValue, kv *unstable.Node) error {
	keys := b.keyParts(kv)
	parent := t
	for i := range len(keys) - 1 {
		var err error
		if parent, err = b.enterDottedPart(parent, keys, i); err != nil {
			return err
		}
	}
	last := keys[len(keys)-1]
	if first := parent.get(last.key); first != nil {
		return b.duplicateKey(keys, first)
	}
	value, err := b.convertValue(kv.Value(), last.keyPos)
	if err != nil {
		return err
	}
	b.put(parent, b.newEntry(last, value))
	return nil
}
