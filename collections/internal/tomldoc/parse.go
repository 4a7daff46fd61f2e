package tomldoc

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"
)

// Parse reads data into a Doc, tree and expressions, in one pass of
// go-toml's unstable parser, for an edit.
//
// It is meant for TOML whose syntax go-toml accepts, so it checks none of
// TOML's rules itself: it places each key and value, with its position,
// where TOML says it belongs. A syntax error is returned as an *Error, with
// no Doc. Should the document break a rule on keys or values all the same,
// the Doc's Invalid says where rather than the tree being wrong or Parse
// panicking.
func Parse(data []byte) (*Doc, error) {
	return parse(NewLines(data), true)
}

// ParseTree is Parse without the expressions (Exprs is nil), for loading,
// which reads values only: keeping the 140,000 expressions of a file of
// 10,000 requests made building its tree four times as slow (0.16 s →
// 0.70 s, BenchmarkBuildTree10000), a third of `keyway check`'s time.
// lines indexes the data, built by a caller that needed it before.
func ParseTree(lines *Lines) (*Doc, error) {
	return parse(lines, false)
}

func parse(lines *Lines, exprs bool) (*Doc, error) {
	data := lines.data
	doc := &Doc{Src: data, Newline: newline(data), Lines: lines, Root: &Value{Kind: Table}}
	if exprs {
		// An expression takes a line at least: one allocation, not a
		// slice that grows (and is copied) a dozen times.
		doc.Exprs = make([]Expr, 0, lines.Count())
	}
	b := &builder{doc: doc, lines: lines}
	current := doc.Root
	var table []string
	item := -1
	var p unstable.Parser
	p.Reset(data)
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys := b.keyParts(expr)
			if !exprs {
				current = b.header(doc.Root, expr.Kind, keys, headerStart(data, keys[0].keyPos))
				continue
			}
			table = b.keep(keys)
			item = b.item(expr.Kind, table)
			first, last := keys[0].keyPos, b.keyEnd(expr)
			doc.Exprs = append(doc.Exprs, Expr{Kind: expr.Kind, Table: table, Start: first, End: last,
				LineStart: lines.LineStart(first), LineEnd: lines.LineEnd(last), Item: item})
			current = b.header(doc.Root, expr.Kind, keys, headerStart(data, first))
		case unstable.KeyValue:
			if !exprs {
				b.setKeyValue(current, expr, false)
				continue
			}
			start, end := int(expr.Raw.Offset), int(expr.Raw.Offset+expr.Raw.Length)
			doc.Exprs = append(doc.Exprs, Expr{Kind: expr.Kind, Table: table, Start: start, End: end,
				ValueStart: valueStart(data, b.keyEnd(expr)), LineStart: lines.LineStart(start),
				LineEnd: lines.LineEnd(end), Item: item})
			e := &doc.Exprs[len(doc.Exprs)-1]
			e.Key, e.Value = b.setKeyValue(current, expr, true)
		}
	}
	if err := p.Error(); err != nil {
		return nil, b.syntaxError(err)
	}
	if doc.Invalid != nil {
		doc.Root = nil
	}
	return doc, nil
}

// builder holds what building one Doc needs besides the Doc.
type builder struct {
	doc    *Doc
	lines  *Lines
	keys   []keyPart      // see keyParts
	parts  []string       // see keep
	arrays map[string]int // see item
}

// item returns the element of a top-level array of tables that a header
// starts or continues: [[request]] starts the next element of "request",
// and [request.x] belongs to the last one, even when another table came
// between them (TOML §Array of Tables). -1 for any other table.
func (b *builder) item(kind unstable.Kind, table []string) int {
	if kind == unstable.ArrayTable && len(table) == 1 {
		if b.arrays == nil {
			b.arrays = map[string]int{}
		}
		b.arrays[table[0]]++
		return b.arrays[table[0]] - 1
	}
	if n := b.arrays[table[0]]; len(table) > 1 && n > 0 {
		return n - 1
	}
	return -1
}

// keep copies key parts into one growing buffer shared by the document's
// expressions, rather than a slice each: a file of 10,000 requests has
// some 60,000 keys.
func (b *builder) keep(keys []keyPart) []string {
	start := len(b.parts)
	for _, k := range keys {
		b.parts = append(b.parts, k.key)
	}
	return b.parts[start:len(b.parts):len(b.parts)]
}

// header applies a [table] or [[array table]] header and returns the table
// the key/value pairs after it belong to, or nil once the tree is invalid.
func (b *builder) header(root *Value, kind unstable.Kind, keys []keyPart, start int) *Value {
	if b.doc.Invalid != nil {
		return nil
	}
	parent := root
	for _, part := range keys[:len(keys)-1] {
		if parent = b.enter(parent, part, true); parent == nil {
			return nil
		}
	}
	last := keys[len(keys)-1]
	if kind == unstable.ArrayTable {
		return b.appendArrayTable(parent, last, start)
	}
	return b.defineTable(parent, last, start)
}

// enter steps into the table under part's key in t, creating it when it
// does not exist (an implicit table, [x] for [x.y], or one made by a
// dotted key, x for x.y = 1). A header steps into the last element of an
// array of tables (§Array of Tables: "[fruit.physical]" after "[[fruit]]").
func (b *builder) enter(t *Value, part keyPart, header bool) *Value {
	e := t.Get(part.key)
	switch {
	case e == nil:
		table := &Value{Kind: Table, Offset: part.keyPos}
		t.put(&Entry{Key: part.key, KeyOffset: part.keyPos, Value: table})
		return table
	case e.Value.Kind == Table:
		return e.Value
	case header && e.Value.ArrayOfTables && len(e.Value.Items) > 0:
		return e.Value.Items[len(e.Value.Items)-1]
	}
	return b.redefined(part)
}

// defineTable applies a [header]'s last key part to its parent table and
// returns the table the following key/value pairs belong to. A table that
// exists already was made by a longer header ([x] after [x.y]): it now has
// its header, and its position is the header's.
func (b *builder) defineTable(parent *Value, part keyPart, header int) *Value {
	e := parent.Get(part.key)
	if e == nil {
		table := &Value{Kind: Table, Offset: header}
		parent.put(&Entry{Key: part.key, KeyOffset: part.keyPos, Value: table})
		return table
	}
	if e.Value.Kind != Table {
		return b.redefined(part)
	}
	e.Value.Offset, e.KeyOffset = header, part.keyPos
	return e.Value
}

// appendArrayTable applies a [[header]]'s last key part to its parent
// table: it starts the array of tables or appends one element to it, and
// returns the new element.
func (b *builder) appendArrayTable(parent *Value, part keyPart, header int) *Value {
	element := &Value{Kind: Table, Offset: header}
	e := parent.Get(part.key)
	if e == nil {
		array := &Value{Kind: Array, Offset: header, ArrayOfTables: true, Items: []*Value{element}}
		parent.put(&Entry{Key: part.key, KeyOffset: part.keyPos, Value: array})
		return element
	}
	if !e.Value.ArrayOfTables {
		return b.redefined(part)
	}
	e.Value.Items = append(e.Value.Items, element)
	return element
}

// setKeyValue adds a key/value pair to table t (the current table, or an
// inline table being built; nil once the tree is invalid, when the value
// is still read, for the expression). With keep, it returns the key's
// parts too.
func (b *builder) setKeyValue(t *Value, kv *unstable.Node, keep bool) (key []string, value *Value) {
	keys := b.keyParts(kv)
	if keep {
		key = b.keep(keys)
	}
	last := keys[len(keys)-1]
	parent := t
	for _, part := range keys[:len(keys)-1] {
		if parent != nil {
			parent = b.enter(parent, part, false)
		}
	}
	if parent != nil && parent.Get(last.key) != nil {
		parent = b.redefined(last)
	}
	value = b.convertValue(kv.Value(), last.keyPos)
	if parent != nil {
		parent.put(&Entry{Key: last.key, KeyOffset: last.keyPos, Value: value})
	}
	return key, value
}

// redefined records a key go-toml's checks should have refused: it is
// reported rather than trusted. It returns no table, for enter's callers.
func (b *builder) redefined(part keyPart) *Value {
	b.fail(part.keyPos, fmt.Sprintf("key %q is already defined", part.key))
	return nil
}

// fail records the first rule the document breaks.
func (b *builder) fail(offset int, msg string) {
	if b.doc.Invalid == nil {
		b.doc.Invalid = &Error{Offset: offset, Msg: msg}
	}
}

// syntaxError places an error of the parser at its highlight.
func (b *builder) syntaxError(err error) *Error {
	var perr *unstable.ParserError
	if errors.As(err, &perr) {
		return &Error{Offset: b.lines.OffsetOf(perr.Highlight), Msg: perr.Message}
	}
	return &Error{Offset: -1, Msg: err.Error()}
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

// valueStart returns the offset of the value that follows a key ending at
// keyEnd: past the spaces, the `=` and the spaces after it. Reading the
// bytes is needed because an array's range in the parser's tree is empty
// and an inline table's covers only its `{`.
func valueStart(data []byte, keyEnd int) int {
	i := keyEnd
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '=') {
		i++
	}
	return i
}

// newline returns the document's line ending, judged by its first line.
func newline(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i > 0 && data[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

type keyPart struct {
	key    string
	keyPos int
}

// keyParts returns the parts of n's (dotted) key, in the builder's one
// buffer: the next call overwrites them, so a caller copies what it keeps
// before it converts a value (an inline table's keys come through here too).
func (b *builder) keyParts(n *unstable.Node) []keyPart {
	parts := b.keys[:0]
	for it := n.Key(); it.Next(); {
		k := it.Node()
		parts = append(parts, keyPart{key: b.lines.str(k.Data), keyPos: int(k.Raw.Offset)})
	}
	b.keys = parts
	return parts
}

// keyEnd returns the offset just past the last part of n's key.
func (b *builder) keyEnd(n *unstable.Node) int {
	end := 0
	for it := n.Key(); it.Next(); {
		r := it.Node().Raw
		end = int(r.Offset + r.Length)
	}
	return end
}
