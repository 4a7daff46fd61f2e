package collections

import (
	"fmt"
	"slices"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// SetRequestHeaders makes headers the headers of the requestIndex-th
// [[request]] table of src (0-based, in file order) and returns the new
// file; src is not modified.
//
// The style found in the file is kept: an inline table
// (headers = { Accept = "…" }) is rewritten on its line; dotted keys
// (headers.Accept = "…") and a [request.headers] sub-table are edited key
// by key, so an unchanged header keeps its bytes, a changed one its place
// and comment, a removed one loses its line and a new one is added after
// the last. A request without headers gets an inline table after its last
// key. An empty headers removes the key, or the whole sub-table. Header
// names are TOML keys, so a name may appear only once.
func SetRequestHeaders(src []byte, requestIndex int, headers []KV) ([]byte, error) {
	return editSetRequestTable(src, requestIndex, "headers", headers)
}

// SetRequestQuery makes query the query parameters of the requestIndex-th
// [[request]] table of src, the way SetRequestHeaders does for headers.
func SetRequestQuery(src []byte, requestIndex int, query []KV) ([]byte, error) {
	return editSetRequestTable(src, requestIndex, "query", query)
}

// editSetRequestTable sets the string table name (headers, query) of a
// request to kvs, keeping the style the file uses.
func editSetRequestTable(src []byte, requestIndex int, name string, kvs []KV) ([]byte, error) {
	want := make([]editWant, 0, len(kvs))
	for _, kv := range kvs {
		if slices.ContainsFunc(want, func(w editWant) bool { return w.key == kv.Key }) {
			return nil, fmt.Errorf("%s key %q is given twice; a collection holds each once", name, kv.Key)
		}
		want = append(want, editWant{key: kv.Key, value: kv.Value})
	}
	doc, err := editParse(src)
	if err != nil {
		return nil, err
	}
	header, keys, err := doc.editRequest(requestIndex)
	if err != nil {
		return nil, err
	}
	var splices []editSplice
	if table, tableKeys, ok := doc.editSubTable(requestIndex, name); ok {
		splices, err = doc.editStringSubTable(table, tableKeys, want)
	} else {
		splices, err = doc.editStringTableInRequest(header, keys, name, kvs, want)
	}
	if err != nil {
		return nil, err
	}
	return editFinish(src, splices)
}

// editStringSubTable edits a [request.NAME] sub-table key by key, or
// removes it (header line to its last key's line) when want is empty.
func (d *editDoc) editStringSubTable(table tomldoc.Expr, keys []tomldoc.Expr, want []editWant) ([]editSplice, error) {
	if len(want) == 0 {
		return []editSplice{{start: table.LineStart, end: editLastLine(keys, table.LineEnd)}}, nil
	}
	return d.editSyncTable(keys, nil, want, nil, editLastLine(keys, table.LineEnd), editIndentAfter(d, keys, table))
}

// editStringTableInRequest edits a string table written among the
// request's own keys: an inline table, dotted keys, or none yet.
func (d *editDoc) editStringTableInRequest(header tomldoc.Expr, keys []tomldoc.Expr, name string, kvs []KV, want []editWant) ([]editSplice, error) {
	var inline *tomldoc.Expr
	var dotted []tomldoc.Expr
	for i, e := range keys {
		switch {
		case len(e.Key) == 1 && e.Key[0] == name:
			inline = &keys[i]
		case len(e.Key) > 1 && e.Key[0] == name:
			dotted = append(dotted, e)
		}
	}
	switch {
	case inline != nil && len(kvs) == 0:
		return []editSplice{{start: inline.LineStart, end: inline.LineEnd}}, nil
	case inline != nil && editSame(editDecoded(inline.Value), kvs):
		return nil, nil // unchanged: its bytes stay
	case inline != nil:
		enc, err := editInlineTable(kvs)
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, name)
		}
		return []editSplice{{start: inline.ValueStart, end: inline.End, text: enc}}, nil
	case len(dotted) > 0:
		// New dotted keys go after the last one, where a reader looks.
		last := dotted[len(dotted)-1]
		return d.editSyncTable(dotted, []string{name}, want, nil, last.LineEnd, editIndent(d.Src, last.LineStart))
	case len(kvs) == 0:
		return nil, nil
	}
	enc, err := editInlineTable(kvs)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, name)
	}
	return []editSplice{d.editInsertLines(editLastLine(keys, header.LineEnd), editIndentAfter(d, keys, header),
		[]string{name + " = " + enc})}, nil
}
