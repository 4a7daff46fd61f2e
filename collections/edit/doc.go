// Package edit changes a collection file the way a person would: each
// function takes the file's bytes and returns new ones in which only what
// it was asked to change differs — comments, key order, spacing, quoting
// and line endings elsewhere stay exactly as written, which no TOML
// library's encoder does. The TUI saves through it, and the importers add
// their tables with it.
//
// Every edit reads the file into the positioned document model loading
// uses (collections/internal/tomldoc), splices new text between untouched
// bytes, and refuses a result that go-toml no longer decodes, so that a
// bug or an unusual layout can never corrupt the file.
package edit

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
	"github.com/pelletier/go-toml/v2"
)

// ErrNotFound is wrapped by the source-editing functions when what they
// were asked to change (a request index, a profile to delete) is not in the
// file.
var ErrNotFound = errors.New("not found in the file")

// document is the file an edit splices against: its top-level
// expressions, by byte range (see tomldoc.Expr). Comments, blank lines and
// spacing are not expressions: they simply stay where they are.
type document struct {
	*tomldoc.Doc
}

// parse reads src. A file that does not parse cannot be edited
// safely, so its error is returned with a line and column.
func parse(src []byte) (*document, error) {
	doc, err := tomldoc.Parse(src)
	if err != nil {
		return nil, parseError(src, err)
	}
	return &document{doc}, nil
}

// parseError gives a parser error the line and column it happened at.
func parseError(src []byte, err error) error {
	if pe, ok := errors.AsType[*tomldoc.Error](err); ok && pe.Offset >= 0 {
		line, col := tomldoc.NewLines(src).Position(pe.Offset)
		return fmt.Errorf("cannot edit a file that does not parse: line %d, column %d: %s", line, col, pe.Msg)
	}
	return fmt.Errorf("cannot edit a file that does not parse: %w", err)
}

// requestOf returns the index of the [[request]] that e belongs to
// (its header, its keys and its [request.x] sub-tables), or -1.
func requestOf(e *tomldoc.Expr) int {
	if e.Item >= 0 && e.Table[0] == "request" {
		return e.Item
	}
	return -1
}

// decoded returns a value's decoded value when edits compare it
// (strings, booleans, decimal integers, arrays of strings and inline
// tables of strings), or nil.
func decoded(v *tomldoc.Value) any {
	switch v.Kind {
	case tomldoc.String:
		return v.Str
	case tomldoc.Bool:
		return v.Bool
	case tomldoc.Table:
		// A one-level table of strings (headers = { Accept = "…" }), so
		// that an unchanged one keeps its spelling.
		kvs := []collections.KV{}
		for _, e := range v.Entries {
			if e.Value.Kind != tomldoc.String {
				return nil
			}
			kvs = append(kvs, collections.KV{Key: e.Key, Value: e.Value.Str})
		}
		return kvs
	case tomldoc.Integer:
		// Decimal only: 0x10 and 1_000 stay undecoded, so that an edit
		// never rewrites them into another spelling of the same number.
		if i, err := strconv.Atoi(v.Str); err == nil {
			return i
		}
	case tomldoc.Array:
		var items []string
		for _, item := range v.Items {
			if item.Kind != tomldoc.String {
				return nil
			}
			items = append(items, item.Str)
		}
		return items
	}
	return nil
}

// blankLine reports whether the line starting at lineStart holds only
// spaces and tabs.
func (d *document) blankLine(lineStart int) bool {
	end := d.Lines.LineEnd(lineStart)
	return len(bytes.TrimSpace(d.Src[lineStart:end])) == 0
}

// indentOf returns the spaces and tabs that open the line starting at
// lineStart, so that an inserted line lines up with its neighbour.
func indentOf(src []byte, lineStart int) string {
	i := lineStart
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return string(src[lineStart:i])
}

// splice replaces src[start:end] with text. Insertions have start == end.
type splice struct {
	start, end int
	text       string
}

// apply applies splices to src and returns a new slice; src is not
// modified. Splices at the same offset are applied in the order given.
// Overlapping splices would mean a bug in the edit that built them: they
// are refused rather than allowed to garble the file.
func apply(src []byte, splices []splice) ([]byte, error) {
	sort.SliceStable(splices, func(i, j int) bool { return splices[i].start < splices[j].start })
	var out bytes.Buffer
	out.Grow(len(src))
	at := 0
	for _, s := range splices {
		if s.start < at || s.end < s.start {
			return nil, errors.New("internal error: overlapping edits; the file was not changed")
		}
		out.Write(src[at:s.start])
		out.WriteString(s.text)
		at = s.end
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

// finish applies splices to src and verifies the result: an edit whose
// result no longer decodes although the original did is refused, so that a
// bug or an unusual layout can never corrupt the file.
func finish(src []byte, splices []splice) ([]byte, error) {
	after, err := apply(src, splices)
	if err != nil {
		return nil, err
	}
	return verify(src, after)
}

// verify returns after unless it no longer decodes while before did.
func verify(before, after []byte) ([]byte, error) {
	var was, is map[string]any
	if toml.Unmarshal(before, &was) != nil {
		return after, nil
	}
	if err := toml.Unmarshal(after, &is); err != nil {
		return nil, fmt.Errorf("the edit would leave the file invalid, so it was not made: %w", err)
	}
	return after, nil
}

// lastLine returns the lineEnd of the last of the entries, or fallback
// when there are none.
func lastLine(entries []tomldoc.Expr, fallback int) int {
	if len(entries) == 0 {
		return fallback
	}
	return entries[len(entries)-1].LineEnd
}

// insertLines returns a splice that inserts lines (each without its
// line ending) at offset, the end of a line or of the file, each indented
// by indent.
func (d *document) insertLines(offset int, indent string, lines []string) splice {
	var b bytes.Buffer
	// A file whose last line has no line ending keeps it that way: the
	// new lines go after a line break and the last one gets none.
	noFinalNewline := offset == len(d.Src) && offset > 0 && d.Src[offset-1] != '\n'
	for i, l := range lines {
		if noFinalNewline || i > 0 {
			b.WriteString(d.Newline)
		}
		if l != "" {
			b.WriteString(indent)
			b.WriteString(l)
		}
	}
	if !noFinalNewline && len(lines) > 0 {
		b.WriteString(d.Newline)
	}
	return splice{start: offset, end: offset, text: b.String()}
}
