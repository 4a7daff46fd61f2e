package collections

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// ErrEditNotFound is wrapped by the source-editing functions when what they
// were asked to change (a request index, a profile to delete) is not in the
// file.
var ErrEditNotFound = errors.New("not found in the file")

// editDoc indexes the top-level expressions of a TOML document by byte
// range, so that an edit can splice new text between untouched bytes.
// Comments, blank lines and spacing are never parsed into it: they simply
// stay where they are.
type editDoc struct {
	src     []byte
	newline string // "\r\n" when the file's first line ends that way
	entries []editEntry
}

// editEntry is one top-level expression: a [table] or [[array]] header, or
// a key/value line.
type editEntry struct {
	kind  unstable.Kind // unstable.Table, unstable.ArrayTable or unstable.KeyValue
	table []string      // a header's own key; for a KeyValue, the table it is in
	key   []string      // a KeyValue's key, dotted parts split; nil for headers
	// start..end are the expression's own bytes (`key = value` without a
	// trailing comment); lineStart..lineEnd the whole lines holding it,
	// lineEnd past the newline or at the end of the file.
	start, end         int
	valueStart         int // KeyValue only
	lineStart, lineEnd int
	value              any // decoded String, Bool or []string value; nil for other kinds
	// request is the index of the [[request]] the entry belongs to (its
	// header, its keys and its [request.x] sub-tables), or -1.
	request int
	// direct is true for the keys written right under a [[request]] header.
	direct bool
}

// editParse indexes src. A file that does not parse cannot be edited
// safely, so its error is returned with a line and column.
func editParse(src []byte) (*editDoc, error) {
	doc := &editDoc{src: src, newline: editNewline(src)}
	var p unstable.Parser
	p.Reset(src)
	var table []string
	request, inRequest, direct := -1, false, false
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = editKeyParts(e)
			keyStart := int(e.Child().Raw.Offset)
			last := editLastKey(e)
			ent := editEntry{kind: e.Kind, table: table, start: keyStart, end: last,
				lineStart: editLineStart(src, keyStart), lineEnd: editLineEnd(src, last), request: -1}
			direct = false
			switch {
			case e.Kind == unstable.ArrayTable && slices.Equal(table, []string{"request"}):
				request++
				inRequest, direct = true, true
			case len(table) > 1 && table[0] == "request" && request >= 0:
				// [request.x] belongs to the last [[request]], even when
				// another table came between them.
				inRequest = true
			default:
				inRequest = false
			}
			if inRequest {
				ent.request = request
			}
			doc.entries = append(doc.entries, ent)
		case unstable.KeyValue:
			start, end := int(e.Raw.Offset), int(e.Raw.Offset+e.Raw.Length)
			ent := editEntry{kind: e.Kind, table: table, key: editKeyParts(e), start: start, end: end,
				valueStart: editValueStart(src, editLastKey(e)), lineStart: editLineStart(src, start),
				lineEnd: editLineEnd(src, end), value: editDecoded(e.Value()), request: -1, direct: direct}
			if inRequest {
				ent.request = request
			}
			doc.entries = append(doc.entries, ent)
		}
	}
	if err := p.Error(); err != nil {
		return nil, editParseError(&p, err)
	}
	return doc, nil
}

// editParseError gives a parser error the line and column it happened at.
func editParseError(p *unstable.Parser, err error) error {
	var pe *unstable.ParserError
	if errors.As(err, &pe) && len(pe.Highlight) > 0 {
		at := p.Shape(p.Range(pe.Highlight)).Start
		return fmt.Errorf("cannot edit a file that does not parse: line %d, column %d: %s",
			at.Line, at.Column, pe.Message)
	}
	return fmt.Errorf("cannot edit a file that does not parse: %w", err)
}

// editKeyParts returns the dotted parts of a KeyValue, Table or ArrayTable
// key, unquoted.
func editKeyParts(n *unstable.Node) []string {
	var parts []string
	for it := n.Key(); it.Next(); {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// editLastKey returns the offset just past the last part of n's key.
func editLastKey(n *unstable.Node) int {
	end := 0
	for it := n.Key(); it.Next(); {
		r := it.Node().Raw
		end = int(r.Offset + r.Length)
	}
	return end
}

// editValueStart returns the offset of the value that follows a key ending
// at keyEnd: past the spaces, the `=` and the spaces after it. Reading the
// bytes is needed because an array's Raw range is empty and an inline
// table's covers only its `{`.
func editValueStart(src []byte, keyEnd int) int {
	i := keyEnd
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '=') {
		i++
	}
	return i
}

// editDecoded returns a value node's decoded value when edits compare it
// (strings, booleans, decimal integers, arrays of strings and inline
// tables of strings), or nil.
func editDecoded(n *unstable.Node) any {
	switch n.Kind {
	case unstable.String:
		return string(n.Data)
	case unstable.Bool:
		return string(n.Data) == "true"
	case unstable.InlineTable:
		// A one-level table of strings (headers = { Accept = "…" }), so
		// that an unchanged one keeps its spelling.
		kvs := []KV{}
		for it := n.Children(); it.Next(); {
			kv := it.Node()
			parts := editKeyParts(kv)
			if kv.Kind != unstable.KeyValue || len(parts) != 1 || kv.Value().Kind != unstable.String {
				return nil
			}
			kvs = append(kvs, KV{Key: parts[0], Value: string(kv.Value().Data)})
		}
		return kvs
	case unstable.Integer:
		// Decimal only: 0x10 and 1_000 stay undecoded, so that an edit
		// never rewrites them into another spelling of the same number.
		if i, err := strconv.Atoi(string(n.Data)); err == nil {
			return i
		}
	case unstable.Array:
		var items []string
		for it := n.Children(); it.Next(); {
			if it.Node().Kind != unstable.String {
				return nil
			}
			items = append(items, string(it.Node().Data))
		}
		return items
	}
	return nil
}

// editNewline returns the file's line ending, judged by its first line, so
// that inserted lines match a CRLF file.
func editNewline(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// editLineStart returns the offset of the first byte of the line holding
// offset.
func editLineStart(src []byte, offset int) int {
	return bytes.LastIndexByte(src[:offset], '\n') + 1
}

// editLineEnd returns the offset past the newline ending the line that
// holds offset (a trailing comment included), or len(src).
func editLineEnd(src []byte, offset int) int {
	if i := bytes.IndexByte(src[offset:], '\n'); i >= 0 {
		return offset + i + 1
	}
	return len(src)
}

// editIndent returns the spaces and tabs that open the line starting at
// lineStart, so that an inserted line lines up with its neighbour.
func editIndent(src []byte, lineStart int) string {
	i := lineStart
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return string(src[lineStart:i])
}

// editBlankLine reports whether the line starting at lineStart holds only
// spaces and tabs.
func editBlankLine(src []byte, lineStart int) bool {
	end := editLineEnd(src, lineStart)
	return len(bytes.TrimSpace(src[lineStart:end])) == 0
}

// editSplice replaces src[start:end] with text. Insertions have start == end.
type editSplice struct {
	start, end int
	text       string
}

// editApply applies splices to src and returns a new slice; src is not
// modified. Splices at the same offset are applied in the order given.
// Overlapping splices would mean a bug in the edit that built them: they
// are refused rather than allowed to garble the file.
func editApply(src []byte, splices []editSplice) ([]byte, error) {
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

// editFinish applies splices to src and verifies the result: an edit whose
// result no longer decodes although the original did is refused, so that a
// bug or an unusual layout can never corrupt the file.
func editFinish(src []byte, splices []editSplice) ([]byte, error) {
	after, err := editApply(src, splices)
	if err != nil {
		return nil, err
	}
	return editVerify(src, after)
}

// editVerify returns after unless it no longer decodes while before did.
func editVerify(before, after []byte) ([]byte, error) {
	var was, is map[string]any
	if toml.Unmarshal(before, &was) != nil {
		return after, nil
	}
	if err := toml.Unmarshal(after, &is); err != nil {
		return nil, fmt.Errorf("the edit would leave the file invalid, so it was not made: %w", err)
	}
	return after, nil
}

// editLastLine returns the lineEnd of the last of the entries, or fallback
// when there are none.
func editLastLine(entries []editEntry, fallback int) int {
	if len(entries) == 0 {
		return fallback
	}
	return entries[len(entries)-1].lineEnd
}

// editInsertLines returns a splice that inserts lines (each without its
// line ending) at offset, the end of a line or of the file, each indented
// by indent.
func (d *editDoc) editInsertLines(offset int, indent string, lines []string) editSplice {
	var b bytes.Buffer
	// A file whose last line has no line ending keeps it that way: the
	// new lines go after a line break and the last one gets none.
	noFinalNewline := offset == len(d.src) && offset > 0 && d.src[offset-1] != '\n'
	for i, l := range lines {
		if noFinalNewline || i > 0 {
			b.WriteString(d.newline)
		}
		if l != "" {
			b.WriteString(indent)
			b.WriteString(l)
		}
	}
	if !noFinalNewline && len(lines) > 0 {
		b.WriteString(d.newline)
	}
	return editSplice{start: offset, end: offset, text: b.String()}
}
