// Package tomldoc is keyway's one model of a TOML document: what loading
// reads values from and what the byte-preserving edits splice against.
//
// go-toml's decoder decides what is valid TOML (the collections package
// runs it first); its decoded values lose what keyway needs besides: key
// order (headers and captures keep file order), where each key and value
// was written (every error names FILE:LINE:COL, in characters as an editor
// counts them) and the byte ranges of each top-level expression (an edit
// replaces a value, a line or a table and keeps every other byte). Parse
// walks go-toml's unstable parser once and keeps all three.
package tomldoc

import "github.com/pelletier/go-toml/v2/unstable"

// Doc is one parsed document.
type Doc struct {
	// Src is the document as parsed; Newline its line ending, "\r\n" when
	// the first line ends that way, so that inserted lines match it.
	Src     []byte
	Newline string
	// Lines turns offsets into lines and columns.
	Lines *Lines
	// Root is the document's tree, or nil when Invalid is set.
	Root *Value
	// Invalid is the first of TOML's rules on keys and values the
	// document breaks (a key defined twice, an integer beyond 64 bits),
	// which the parser's syntax does not catch. The tree stops there; the
	// expressions are all kept, for an edit (whose result go-toml checks).
	Invalid *Error
	// Unchecked reports a float or a date-time, whose meaning (a real
	// date, a float in range) only go-toml's full decoder checks.
	Unchecked bool
	// Exprs are the top-level expressions in file order.
	Exprs []Expr
}

// Kind is the TOML type of a value.
type Kind uint8

// The kinds of value.
const (
	Table Kind = iota
	Array
	String
	Integer
	Float
	Bool
	DateTime
)

// TypeName is how a kind is named in error messages.
func (k Kind) TypeName() string {
	switch k {
	case Table:
		return "a table"
	case Array:
		return "an array"
	case String:
		return "a string"
	case Integer:
		return "an integer"
	case Float:
		return "a float"
	case Bool:
		return "a boolean"
	}
	return "a date-time"
}

// Value is one value of the document with the place it was written at.
type Value struct {
	Kind Kind
	// Bool is a Bool's value.
	Bool bool
	// ArrayOfTables marks an Array made by [[header]]s.
	ArrayOfTables bool
	// Offset is where the value starts in Src (for an array, which has no
	// range of its own in the parser's tree, where its key starts; for a
	// table, where its header or its first key does). It becomes a line
	// and column only for a message.
	Offset int
	// Str is a String's value, or the text of an Integer, Float or
	// DateTime as written.
	Str string
	// Int is an Integer's value.
	Int     int64
	Entries []*Entry // a Table's keys, in file order
	Items   []*Value // an Array's items
	byKey   map[string]*Entry
}

// Entry is one key of a table.
type Entry struct {
	Key       string
	KeyOffset int
	Value     *Value
}

// linearLookupLimit is the table size below which Get scans entries rather
// than keeping a map: most tables hold a handful of keys.
const linearLookupLimit = 12

// Get returns the entry for key in table t, or nil.
func (t *Value) Get(key string) *Entry {
	if t.byKey != nil {
		return t.byKey[key]
	}
	for _, e := range t.Entries {
		if e.Key == key {
			return e
		}
	}
	return nil
}

func (t *Value) put(e *Entry) {
	t.Entries = append(t.Entries, e)
	switch {
	case t.byKey != nil:
		t.byKey[e.Key] = e
	case len(t.Entries) > linearLookupLimit:
		t.byKey = make(map[string]*Entry, 2*len(t.Entries))
		for _, old := range t.Entries {
			t.byKey[old.Key] = old
		}
	}
}

// Expr is one top-level expression: a [table] or [[array]] header, or a
// key/value line, with the byte ranges an edit needs. Comments, blank lines
// and spacing are not expressions: they stay where they are.
type Expr struct {
	Kind  unstable.Kind // unstable.Table, unstable.ArrayTable or unstable.KeyValue
	Table []string      // a header's own key; for a KeyValue, the table it is in
	Key   []string      // a KeyValue's key, dotted parts split; nil for a header
	// Start..End are the expression's own bytes (`key = value` without a
	// trailing comment); LineStart..LineEnd the whole lines holding it,
	// LineEnd past the newline or at the end of the file.
	Start, End         int
	ValueStart         int // a KeyValue's value
	LineStart, LineEnd int
	// Value is a KeyValue's value.
	Value *Value
	// Item is the index of the element of the top-level array of tables
	// Table[0] that the expression belongs to ([[request]]'s header, its
	// keys and its [request.x] sub-tables), or -1.
	Item int
}

// Direct reports a key written right under a [[name]] header (not in one
// of its sub-tables).
func (e *Expr) Direct() bool {
	return e.Kind == unstable.KeyValue && e.Item >= 0 && len(e.Table) == 1
}

// Error is a problem at an offset of the document.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return e.Msg }
