package edit

import (
	"fmt"
	"slices"

	"github.com/keyway-cli/keyway/collections"
)

// SetRequestExpect makes e the [request.expect] table of the
// requestIndex-th [[request]] of src (0-based, in file order) and returns
// the new file; src is not modified.
//
// As with SetRequestField, an unchanged key keeps its bytes, a changed one
// its place and comment, a removed one loses its line, a new one goes after
// the table's last key, and keys it does not manage are left alone.
// status is written when not 0, jq when not empty, max_duration when not
// 0; headers follows SetRequestHeaders' rules (an inline table, dotted
// keys, or a [request.expect.headers] table, whichever the file uses). A
// request without the table gets one after its last line; a table left
// with no key is removed. An expect written among the request's own keys
// (expect = { … } or expect.status = …) is refused: edit it by hand.
func SetRequestExpect(src []byte, requestIndex int, e collections.Expect) ([]byte, error) {
	var want []wantKey
	if e.Status != 0 {
		if e.Status < 100 || e.Status > 599 {
			return nil, fmt.Errorf("expect.status must be an HTTP status code from 100 to 599, not %d", e.Status)
		}
		want = append(want, wantKey{key: "status", value: e.Status})
	}
	if len(e.JQ) > 0 {
		want = append(want, wantKey{key: "jq", value: slices.Clone(e.JQ)})
	}
	if e.MaxDuration < 0 {
		return nil, fmt.Errorf("expect.max_duration cannot be negative")
	}
	if e.MaxDuration > 0 {
		want = append(want, wantKey{key: "max_duration", value: e.MaxDuration.String()})
	}
	headers, err := stringWants("expect.headers", e.Headers)
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
	for _, k := range keys {
		if k.Key[0] == "expect" {
			return nil, fmt.Errorf("line %d: this request's expect is written among its keys; edit it in the file, or write it as a [request.expect] table", doc.lineNumber(k.Start))
		}
	}
	table, tableKeys, found := doc.subTable(requestIndex, "expect")
	hdrTable, hdrKeys, hdrFound := doc.subTable(requestIndex, "expect", "headers")
	if !found && !hdrFound {
		if len(want) == 0 && len(headers) == 0 {
			return src, nil
		}
		lines := []string{"[request.expect]"}
		for _, w := range want {
			line, err := keyValueLine([]string{w.key}, w.value)
			if err != nil {
				return nil, err
			}
			lines = append(lines, line)
		}
		if len(headers) > 0 {
			enc, err := inlineTable(e.Headers)
			if err != nil {
				return nil, fmt.Errorf("%w (expect.headers)", err)
			}
			lines = append(lines, "headers = "+enc)
		}
		_, end, err := doc.requestSpan(requestIndex)
		if err != nil {
			return nil, err
		}
		return finish(src, []splice{doc.insertLines(end, indentOf(src, header.LineStart), lines)})
	}
	if !found {
		return nil, fmt.Errorf("line %d: this request's expected headers are a table of their own without [request.expect]; edit them in the file", doc.lineNumber(hdrTable.Start))
	}
	managed := func(k string) bool { return k == "status" || k == "jq" || k == "max_duration" }
	var others int // keys the edit leaves alone
	for _, k := range tableKeys {
		if !managed(k.Key[0]) && k.Key[0] != "headers" {
			others++
		}
	}
	if len(want) == 0 && len(headers) == 0 && others == 0 {
		// Nothing left to expect: the table goes, with its headers.
		end := lastLine(tableKeys, table.LineEnd)
		if hdrFound {
			end = lastLine(hdrKeys, hdrTable.LineEnd)
		}
		return finish(src, []splice{{start: table.LineStart, end: end}})
	}
	splices, err := doc.syncTable(tableKeys, nil, want, managed, lastLine(tableKeys, table.LineEnd), indentAfter(doc, tableKeys, table))
	if err != nil {
		return nil, err
	}
	if hdrFound {
		more, err := doc.stringSubTable(hdrTable, hdrKeys, headers)
		if err != nil {
			return nil, err
		}
		splices = append(splices, more...)
	} else {
		more, err := doc.stringTableInRequest(table, tableKeys, "headers", e.Headers, headers)
		if err != nil {
			return nil, err
		}
		splices = mergeInserts(append(splices, more...))
	}
	return finish(src, splices)
}

// mergeInserts joins insertions at one offset (a new status line and a
// new headers line after the same last key) into one splice, in order, so
// that they do not overlap.
func mergeInserts(splices []splice) []splice {
	var out []splice
	for _, s := range splices {
		if s.start == s.end && len(out) > 0 {
			last := &out[len(out)-1]
			if last.start == last.end && last.start == s.start {
				last.text += s.text
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// SetRequestCapture makes capture (variable name → jq expression) the
// [request.capture] of the requestIndex-th [[request]] of src, the way
// SetRequestHeaders does for headers.
func SetRequestCapture(src []byte, requestIndex int, capture []collections.KV) ([]byte, error) {
	for _, kv := range capture {
		if !collections.ValidVariableName(kv.Key) {
			return nil, fmt.Errorf("capture %q is not a valid variable name (use letters, digits, '_', '-' and '.')", kv.Key)
		}
	}
	return setRequestTable(src, requestIndex, "capture", capture)
}
