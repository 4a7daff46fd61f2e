package collections

import (
	"fmt"
	"strconv"
	"strings"
)

// definition records how a value of the document tree came to exist. TOML
// 1.0 decides from it alone what a later header or dotted key may do with
// the value, so buildTree keeps it on every node and enforces the rules
// while it builds, in the same single pass over the file:
//
//   - a key is defined once (§Keys: "Defining a key multiple times is
//     invalid"), in a table or in an inline table;
//   - a table is defined by its header once (§Table: "you cannot define a
//     table more than once"); a header may define a table that a longer
//     header created implicitly, as [x] after [x.y.z];
//   - a table created by dotted keys is extended by dotted keys only, never
//     by its own header (§Table: "[fruit.apple] # INVALID"), though a
//     header may add a sub-table under it ([fruit.apple.texture]);
//   - dotted keys cannot add to a table defined by a header (§Table, and
//     the toml-test case "append-with-dotted-keys");
//   - an inline table is self-contained: neither headers nor dotted keys
//     add to it (§Inline Table);
//   - [[x]] appends only to an array of tables, never to a static array
//     (§Array of Tables), and [x] cannot name an array of tables.
type definition uint8

const (
	// definedAsValue is a scalar, a static array or an inline table: a
	// value nothing may extend. It is the zero value, so that a value is
	// closed unless the builder says otherwise.
	definedAsValue definition = iota
	// definedByHeader is a table defined by its own [header], or one
	// element of an array of tables.
	definedByHeader
	// definedImplicitly is a table created by a longer header ([x] for
	// [x.y]): its own header may still define it, once.
	definedImplicitly
	// definedByDottedKey is a table created by a dotted key (x for x.y = 1).
	definedByDottedKey
	// definedByArrayHeader is an array of tables, created by [[x]].
	definedByArrayHeader
)

// definedAs names, in messages, what a key already holds and how it came
// to: the difference is what the rules turn on.
func (v *tomlValue) definedAs() string {
	switch v.how {
	case definedByHeader:
		return "a table"
	case definedImplicitly:
		return "a table (by a longer header)"
	case definedByDottedKey:
		return "a table by dotted keys"
	case definedByArrayHeader:
		return "an array of tables"
	}
	switch v.kind {
	case kindTable:
		return "an inline table"
	case kindArray:
		return "an array of values"
	}
	return v.kind.typeName()
}

// enterHeaderPart steps through keys[i], a leading part of a [header] or
// [[header]] key, creating the table as an implicit one when it does not
// exist. Headers walk through any table and into the last element of an
// array of tables (§Array of Tables: "[fruit.physical]" after
// "[[fruit]]"), never into a value.
func (b *treeBuilder) enterHeaderPart(t *tomlValue, keys []keyPart, i int) (*tomlValue, error) {
	part := keys[i]
	e := t.get(part.key)
	if e == nil {
		return b.addTable(t, part, part.keyPos, definedImplicitly), nil
	}
	switch e.value.how {
	case definedByHeader, definedImplicitly, definedByDottedKey:
		return e.value, nil
	case definedByArrayHeader:
		return e.value.items[len(e.value.items)-1], nil
	}
	return nil, b.redefined(keys[:i+1], e, "a header cannot add a table inside it")
}

// defineTable applies a [header]'s last key part to its parent table and
// returns the table the following key/value pairs belong to.
func (b *treeBuilder) defineTable(parent *tomlValue, keys []keyPart, header int) (*tomlValue, error) {
	part := keys[len(keys)-1]
	e := parent.get(part.key)
	if e == nil {
		return b.addTable(parent, part, header, definedByHeader), nil
	}
	switch e.value.how {
	case definedImplicitly:
		// [x] after [x.y]: the table now has its header, and its
		// position is the header's.
		e.value.how, e.value.pos, e.keyPos = definedByHeader, header, part.keyPos
		return e.value, nil
	case definedByHeader:
		return nil, b.redefined(keys, e, "a table is defined once (put its keys under the first header)")
	case definedByDottedKey:
		return nil, b.redefined(keys, e, "a table made by dotted keys cannot be reopened by a header")
	case definedByArrayHeader:
		return nil, b.redefined(keys, e, "use [["+keyPath(keys)+"]] to add an element")
	}
	return nil, b.redefined(keys, e, "it cannot also be a table")
}

// appendArrayTable applies a [[header]]'s last key part to its parent
// table: it starts the array of tables or appends one element to it, and
// returns the new element.
func (b *treeBuilder) appendArrayTable(parent *tomlValue, keys []keyPart, header int) (*tomlValue, error) {
	part := keys[len(keys)-1]
	element := b.newValue()
	element.kind, element.pos, element.how = kindTable, header, definedByHeader
	e := parent.get(part.key)
	if e == nil {
		array := b.newValue()
		array.kind, array.pos, array.how = kindArray, header, definedByArrayHeader
		array.items = []*tomlValue{element}
		b.put(parent, b.newEntry(part, array))
		return element, nil
	}
	if e.value.how != definedByArrayHeader {
		return nil, b.redefined(keys, e, "[[...]] appends only to an array of tables")
	}
	e.value.items = append(e.value.items, element)
	return element, nil
}

// enterDottedPart steps through keys[i], a leading part of a dotted key (a
// in a.b = 1), creating the table when it does not exist. Dotted keys
// extend only tables that dotted keys created.
func (b *treeBuilder) enterDottedPart(t *tomlValue, keys []keyPart, i int) (*tomlValue, error) {
	part := keys[i]
	e := t.get(part.key)
	if e == nil {
		return b.addTable(t, part, part.keyPos, definedByDottedKey), nil
	}
	if e.value.how == definedByDottedKey {
		return e.value, nil
	}
	if e.value.kind == kindTable && e.value.how != definedAsValue {
		return nil, b.redefined(keys[:i+1], e, "dotted keys cannot add to a table defined by a header")
	}
	return nil, b.redefined(keys[:i+1], e, "dotted keys cannot add to it")
}

// addTable adds to t, under part's key, an empty table written at pos and
// created as how says.
func (b *treeBuilder) addTable(t *tomlValue, part keyPart, pos int, how definition) *tomlValue {
	table := b.newValue()
	table.kind, table.pos, table.how = kindTable, pos, how
	b.put(t, b.newEntry(part, table))
	return table
}

// redefined is the error for a key used again against the rules, keys
// being the key up to the offending part: where, what the key already is
// and since which line, and why that forbids the use.
func (b *treeBuilder) redefined(keys []keyPart, first *tomlEntry, why string) error {
	part := keys[len(keys)-1]
	msg := fmt.Sprintf("key %s is already defined as %s at line %d; %s",
		keyPath(keys), first.value.definedAs(), b.lines.line(first.keyPos), why)
	return &Error{Pos: b.lines.pos(part.keyPos), Msg: msg}
}

// duplicateKey is the error for a key/value pair whose key exists.
func (b *treeBuilder) duplicateKey(keys []keyPart, first *tomlEntry) error {
	part := keys[len(keys)-1]
	msg := fmt.Sprintf("key %s is already defined (at line %d)", keyPath(keys), b.lines.line(first.keyPos))
	return &Error{Pos: b.lines.pos(part.keyPos), Msg: msg}
}

// keyPath writes a dotted key as TOML would, for messages.
func keyPath(keys []keyPart) string {
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = quoteKey(k.key)
	}
	return strings.Join(quoted, ".")
}

// quoteKey writes a key as it could appear in TOML: bare when it may be
// (§Keys: A-Za-z0-9_-), quoted otherwise.
func quoteKey(key string) string {
	if key != "" && strings.Trim(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == "" {
		return key
	}
	return strconv.Quote(key)
}
