package collections

import (
	"fmt"
	"slices"
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
	want := make([]editWant, 0, len(headers))
	for _, h := range headers {
		if slices.ContainsFunc(want, func(w editWant) bool { return w.key == h.Key }) {
			return nil, fmt.Errorf("collections: header %q is given twice; a collection holds each header once", h.Key)
		}
		want = append(want, editWant{key: h.Key, value: h.Value})
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
	if table, tableKeys, ok := doc.editSubTable(requestIndex, "headers"); ok {
		splices, err = doc.editHeadersSubTable(table, tableKeys, want)
	} else {
		splices, err = doc.editHeadersInRequest(header, keys, headers, want)
	}
	if err != nil {
		return nil, err
	}
	return editVerify(src, editApply(src, splices))
}

// editHeadersSubTable edits a [request.headers] sub-table key by key, or
// removes it (header line to its last key's line) when want is empty.
func (d *editDoc) editHeadersSubTable(table editEntry, keys []editEntry, want []editWant) ([]editSplice, error) {
	if len(want) == 0 {
		return []editSplice{{start: table.lineStart, end: editLastLine(keys, table.lineEnd)}}, nil
	}
	return d.editSyncTable(keys, nil, want, nil, editLastLine(keys, table.lineEnd), editIndentAfter(d, keys, table))
}

// editHeadersInRequest edits headers written among the request's own keys:
// an inline table, dotted keys, or none yet.
func (d *editDoc) editHeadersInRequest(header editEntry, keys []editEntry, headers []KV, want []editWant) ([]editSplice, error) {
	var inline *editEntry
	var dotted []editEntry
	for i, e := range keys {
		switch {
		case len(e.key) == 1 && e.key[0] == "headers":
			inline = &keys[i]
		case len(e.key) > 1 && e.key[0] == "headers":
			dotted = append(dotted, e)
		}
	}
	switch {
	case inline != nil && len(headers) == 0:
		return []editSplice{{start: inline.lineStart, end: inline.lineEnd}}, nil
	case inline != nil:
		enc, err := editInlineTable(headers)
		if err != nil {
			return nil, fmt.Errorf("%w (headers)", err)
		}
		return []editSplice{{start: inline.valueStart, end: inline.end, text: enc}}, nil
	case len(dotted) > 0:
		// New dotted headers go after the last one, where a reader looks.
		last := dotted[len(dotted)-1]
		return d.editSyncTable(dotted, []string{"headers"}, want, nil, last.lineEnd, editIndent(d.src, last.lineStart))
	case len(headers) == 0:
		return nil, nil
	}
	enc, err := editInlineTable(headers)
	if err != nil {
		return nil, fmt.Errorf("%w (headers)", err)
	}
	return []editSplice{d.editInsertLines(editLastLine(keys, header.lineEnd), editIndentAfter(d, keys, header),
		[]string{"headers = " + enc})}, nil
}
