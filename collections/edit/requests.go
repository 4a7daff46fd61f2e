package edit

import (
	"fmt"
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// The functions in this file add, copy, remove and move whole [[request]]
// tables, for the TUI's request list. Like SetRequestField they return a
// new file in which every byte outside the edit is as it was, and refuse
// an edit whose result would not decode.

// NewRequest is what AppendRequest writes: the keys a request is created
// with. Empty fields are left out (Method "" means GET).
type NewRequest struct {
	Name, Folder, Method, URL, Profile string
	Headers, Query                     []collections.KV
	Body                               string
}

// AppendRequest adds a [[request]] table for r to src and returns the new
// file; src is not modified. It goes after the last request of r.Folder
// when the folder has requests, so that the folder stays together, else at
// the end of the file, a blank line before it.
func AppendRequest(src []byte, r NewRequest) ([]byte, error) {
	lines, err := requestLines(r)
	if err != nil {
		return nil, err
	}
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	at := len(src)
	if r.Folder != "" {
		if last := doc.lastOfFolder(r.Folder, -1); last >= 0 {
			_, end, err := doc.requestSpan(last)
			if err != nil {
				return nil, err
			}
			at = end
		}
	}
	return finish(src, []splice{doc.insertBlock(at, strings.Join(lines, doc.Newline)+doc.Newline)})
}

// requestLines writes r as the lines of a [[request]] table.
func requestLines(r NewRequest) ([]string, error) {
	if strings.TrimSpace(r.Name) == "" {
		return nil, fmt.Errorf("a request needs a name")
	}
	lines := []string{"[[request]]"}
	add := func(key string, value any) error {
		line, err := keyValueLine([]string{key}, value)
		if err == nil {
			lines = append(lines, line)
		}
		return err
	}
	for _, f := range []struct{ key, value string }{
		{"name", r.Name}, {"folder", r.Folder}, {"method", r.Method}, {"url", r.URL}, {"profile", r.Profile},
	} {
		if f.value == "" {
			continue
		}
		if err := add(f.key, f.value); err != nil {
			return nil, err
		}
	}
	for _, t := range []struct {
		key string
		kvs []collections.KV
	}{{"headers", r.Headers}, {"query", r.Query}} {
		if len(t.kvs) == 0 {
			continue
		}
		enc, err := inlineTable(t.kvs)
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, t.key)
		}
		lines = append(lines, t.key+" = "+enc)
	}
	if r.Body != "" {
		if err := add("body", r.Body); err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// DuplicateRequest copies the requestIndex-th [[request]] table of src,
// sub-tables and comments inside it included, names the copy name and puts
// it right after the original; src is not modified.
func DuplicateRequest(src []byte, requestIndex int, name string) ([]byte, error) {
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	start, end, err := doc.requestSpan(requestIndex)
	if err != nil {
		return nil, err
	}
	block := string(src[start:end])
	if !strings.HasSuffix(block, "\n") {
		block += doc.Newline
	}
	copied, err := finish(src, []splice{doc.insertBlock(end, block)})
	if err != nil {
		return nil, err
	}
	return SetRequestField(copied, requestIndex+1, "name", name)
}

// DeleteRequest removes the requestIndex-th [[request]] table of src — its
// header, keys, sub-tables and the comment lines directly above it, which
// describe it — and returns the new file; src is not modified. Comments
// after its last key stay, as they may belong to what follows.
func DeleteRequest(src []byte, requestIndex int) ([]byte, error) {
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	start, end, err := doc.requestSpan(requestIndex)
	if err != nil {
		return nil, err
	}
	start, end = doc.withBlankLines(doc.commentsAbove(start), end)
	return finish(src, []splice{{start: start, end: end}})
}

// MoveRequest puts the requestIndex-th [[request]] of src in folder ("" for
// none): its folder key is set, and the table, with the comments directly
// above it, moves after the last request of that folder, or to the end of
// the file when no other request is in it. src is not modified.
func MoveRequest(src []byte, requestIndex int, folder string) ([]byte, error) {
	moved, err := SetRequestField(src, requestIndex, "folder", folder)
	if err != nil {
		return nil, err
	}
	doc, err := parse(moved)
	if err != nil {
		return nil, err
	}
	start, end, err := doc.requestSpan(requestIndex)
	if err != nil {
		return nil, err
	}
	start = doc.commentsAbove(start)
	at := len(moved)
	if last := doc.lastOfFolder(folder, requestIndex); last >= 0 && folder != "" {
		if _, at, err = doc.requestSpan(last); err != nil {
			return nil, err
		}
	}
	if at == end || at >= start && at <= end {
		return moved, nil // already where it would go
	}
	block := string(moved[start:end])
	if !strings.HasSuffix(block, "\n") {
		block += doc.Newline
	}
	cutStart, cutEnd := doc.withBlankLines(start, end)
	return finish(moved, []splice{{start: cutStart, end: cutEnd}, doc.insertBlock(at, block)})
}

// requestSpan returns the bytes of the requestIndex-th request: from
// its header's line to the end of the line of its last key, its
// [request.x] sub-tables included. A request whose sub-tables come after
// another table is refused: moving it would carry that table along.
func (d *document) requestSpan(requestIndex int) (start, end int, err error) {
	first, last := -1, -1
	for i, e := range d.Exprs {
		if requestOf(&e) == requestIndex {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 0, 0, fmt.Errorf("request %d: %w", requestIndex+1, ErrNotFound)
	}
	for _, e := range d.Exprs[first : last+1] {
		if requestOf(&e) != requestIndex {
			return 0, 0, fmt.Errorf("line %d: request %d is written in pieces, with other tables between them; edit it by hand",
				d.lineNumber(e.Start), requestIndex+1)
		}
	}
	return d.Exprs[first].LineStart, d.Exprs[last].LineEnd, nil
}

// lastOfFolder returns the index of the last request whose folder key
// is folder, skipping request skip, or -1.
func (d *document) lastOfFolder(folder string, skip int) int {
	last := -1
	for _, e := range d.Exprs {
		if requestOf(&e) >= 0 && requestOf(&e) != skip && e.Direct() && len(e.Key) == 1 && e.Key[0] == "folder" && decoded(e.Value) == folder {
			last = requestOf(&e)
		}
	}
	return last
}

// commentsAbove returns where the comment lines directly above the line
// at lineStart begin (no blank line between), or lineStart.
func (d *document) commentsAbove(lineStart int) int {
	for lineStart > 0 && isCommentLine(d.Src, d.Lines.LineStart(lineStart-1)) {
		lineStart = d.Lines.LineStart(lineStart - 1)
	}
	return lineStart
}

// isCommentLine reports whether the line starting at lineStart holds
// only a comment.
func isCommentLine(src []byte, lineStart int) bool {
	i := lineStart
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return i < len(src) && src[i] == '#'
}

// withBlankLines widens a block being removed by the blank lines after
// it when a blank line (or the start of the file) already precedes it, so
// that no double gap is left; at the end of the file, by the blank lines
// before it instead.
func (d *document) withBlankLines(start, end int) (int, int) {
	if start == 0 || d.blankLine(d.Lines.LineStart(start-1)) {
		for end < len(d.Src) && d.blankLine(end) {
			end = d.Lines.LineEnd(end)
		}
	}
	if end == len(d.Src) {
		for start > 0 && d.blankLine(d.Lines.LineStart(start-1)) {
			start = d.Lines.LineStart(start - 1)
		}
	}
	return start, end
}

// insertBlock returns the splice that inserts block (whole lines, each
// ending with a newline) at at, the end of a line or of the file, with a
// blank line between it and a non-blank line before. What follows is left
// as it is: a blank line there stays, none is added.
func (d *document) insertBlock(at int, block string) splice {
	var b strings.Builder
	if at == len(d.Src) && at > 0 && d.Src[at-1] != '\n' {
		b.WriteString(d.Newline) // the last line had no line ending
	}
	if at > 0 && !d.blankLine(d.Lines.LineStart(at-1)) {
		b.WriteString(d.Newline)
	}
	b.WriteString(block)
	return splice{start: at, end: at, text: b.String()}
}
