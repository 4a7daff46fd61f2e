package edit

import (
	"fmt"
	"slices"

	"github.com/keyway-cli/keyway/collections"
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
func SetRequestHeaders(src []byte, requestIndex int, headers []collections.KV) ([]byte, error) {
	return setRequestTable(src, requestIndex, "headers", headers)
}

// SetRequestQuery makes query the query parameters of the requestIndex-th
// [[request]] table of src, the way SetRequestHeaders does for headers.
func SetRequestQuery(src []byte, requestIndex int, query []collections.KV) ([]byte, error) {
	return setRequestTable(src, requestIndex, "query", query)
}

// stringWants returns kvs as the keys of the string table named table
// (headers, query, expect.headers), refusing a key given twice: a TOML
// table holds each key once.
func stringWants(table string, kvs []collections.KV) ([]wantKey, error) {
	want := make([]wantKey, 0, len(kvs))
	for _, kv := range kvs {
		if slices.ContainsFunc(want, func(w wantKey) bool { return w.key == kv.Key }) {
			return nil, fmt.Errorf("%s key %q is given twice; a collection holds each once", table, kv.Key)
		}
		want = append(want, wantKey{key: kv.Key, value: kv.Value})
	}
	return want, nil
}

// setRequestTable sets the string table name (headers, query) of a
// request to kvs, keeping the style the file uses.
func setRequestTable(src []byte, requestIndex int, name string, kvs []collections.KV) ([]byte, error) {
	want, err := stringWants(name, kvs)
	if err != nil {
		return nil, err
	}
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	header, keys, err := doc.request(requestIndex)
	if err != nil {
		return nil, err
	}
	var splices []splice
	if table, tableKeys, ok := doc.subTable(requestIndex, name); ok {
		splices, err = doc.stringSubTable(table, tableKeys, want)
	} else {
		splices, err = doc.stringTableInRequest(header, keys, name, kvs, want)
	}
	if err != nil {
		return nil, err
	}
	return finish(src, splices)
}

// stringSubTable edits a [request.NAME] sub-table key by key, or
// removes it (header line to its last key's line) when want is empty.
func (d *document) stringSubTable(table tomldoc.Expr, keys []tomldoc.Expr, want []wantKey) ([]splice, error) {
	if len(want) == 0 {
		return []splice{{start: table.LineStart, end: lastLine(keys, table.LineEnd)}}, nil
	}
	return d.syncTable(keys, nil, want, nil, lastLine(keys, table.LineEnd), indentAfter(d, keys, table))
}

// stringTableInRequest edits a string table written among the
// request's own keys: an inline table, dotted keys, or none yet.
func (d *document) stringTableInRequest(header tomldoc.Expr, keys []tomldoc.Expr, name string, kvs []collections.KV, want []wantKey) ([]splice, error) {
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
		return []splice{{start: inline.LineStart, end: inline.LineEnd}}, nil
	case inline != nil && sameValue(decoded(inline.Value), kvs):
		return nil, nil // unchanged: its bytes stay
	case inline != nil:
		enc, err := inlineTable(kvs)
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, name)
		}
		return []splice{{start: inline.ValueStart, end: inline.End, text: enc}}, nil
	case len(dotted) > 0:
		// New dotted keys go after the last one, where a reader looks.
		last := dotted[len(dotted)-1]
		return d.syncTable(dotted, []string{name}, want, nil, last.LineEnd, indentOf(d.Src, last.LineStart))
	case len(kvs) == 0:
		return nil, nil
	}
	enc, err := inlineTable(kvs)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, name)
	}
	return []splice{d.insertLines(lastLine(keys, header.LineEnd), indentAfter(d, keys, header),
		[]string{name + " = " + enc})}, nil
}
