package edit

import (
	"fmt"
	"slices"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
	"github.com/pelletier/go-toml/v2/unstable"
)

// requestFields are the keys SetRequestField writes, with the Go types
// it accepts for each.
var requestFields = map[string]string{
	"name": "string", "folder": "string", "method": "string", "url": "string",
	"profile": "string", "body": "string", "timeout": "string or time.Duration", "insecure": "bool",
}

// SetRequestField sets key to value in the requestIndex-th [[request]] table
// of src (0-based, in file order) and returns the new file; src is not
// modified. key is one of name, folder, method, url, profile, body, timeout
// (a string such as "10s" or a time.Duration) and insecure (a bool).
//
// An existing key keeps its place, spacing and trailing comment: only its
// value changes, and an unchanged value is left exactly as written. A new
// key goes on its own line after the request's last key. An empty string, a
// zero duration, false or nil removes the key's line, since keyway reads a
// missing key the same way. Every byte of the file outside the edit stays as
// it was.
func SetRequestField(src []byte, requestIndex int, key string, value any) ([]byte, error) {
	want, ok := requestFields[key]
	if !ok {
		return nil, fmt.Errorf("cannot set request key %q: not one of name, folder, method, url, profile, body, timeout, insecure", key)
	}
	value, err := fieldValue(key, want, value)
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
	if key == "body" && value != nil {
		if other := doc.otherBody(requestIndex, keys); other != "" {
			// A request holds one body; replacing structured TOML with
			// text would lose it, so that is left to the user.
			return nil, fmt.Errorf("request %d has a %s body, not a text one; edit the file to change its kind", requestIndex+1, other)
		}
	}
	var wanted []wantKey
	if value != nil {
		wanted = []wantKey{{key: key, value: value}}
	}
	splices, err := doc.syncTable(keys, nil, wanted, func(k string) bool { return k == key },
		lastLine(keys, header.LineEnd), indentAfter(doc, keys, header))
	if err != nil {
		return nil, err
	}
	return finish(src, splices)
}

// fieldValue checks value's type for key and normalises it: a
// time.Duration becomes its string, and an empty value becomes nil (remove).
func fieldValue(key, want string, value any) (any, error) {
	switch v := value.(type) {
	case nil:
		return nil, nil
	case string:
		if want != "bool" {
			if v == "" {
				return nil, nil
			}
			return v, nil
		}
	case time.Duration:
		if key == "timeout" {
			if v == 0 {
				return nil, nil
			}
			return v.String(), nil
		}
	case bool:
		if want == "bool" {
			if !v {
				return nil, nil
			}
			return v, nil
		}
	}
	return nil, fmt.Errorf("request key %s takes a %s, not %T", key, want, value)
}

// request finds the requestIndex-th [[request]] header and the keys
// written directly under it (not those of its [request.x] sub-tables).
func (d *document) request(requestIndex int) (header tomldoc.Expr, keys []tomldoc.Expr, err error) {
	found := false
	for _, e := range d.Exprs {
		if requestOf(&e) != requestIndex {
			continue
		}
		if e.Kind == unstable.ArrayTable && len(e.Table) == 1 {
			header, found = e, true
			continue
		}
		if e.Direct() {
			keys = append(keys, e)
		}
	}
	if !found {
		return header, nil, fmt.Errorf("request %d: %w", requestIndex+1, ErrNotFound)
	}
	return header, keys, nil
}

// otherBody returns "json", "form", "multipart" or "body_file" when the
// request has that kind of body (as a key or a sub-table), or "".
func (d *document) otherBody(requestIndex int, keys []tomldoc.Expr) string {
	for _, kind := range []string{"json", "form", "multipart", "body_file"} {
		if _, _, found := d.subTable(requestIndex, kind); found {
			return kind
		}
		for _, e := range keys {
			if e.Key[0] == kind {
				return kind
			}
		}
	}
	return ""
}

// subTable returns the sub-table header of request requestIndex named by
// path under "request" ([request.json] is path "json",
// [request.expect.headers] is "expect", "headers") and its keys, if the
// file has one.
func (d *document) subTable(requestIndex int, path ...string) (header tomldoc.Expr, keys []tomldoc.Expr, found bool) {
	want := append([]string{"request"}, path...)
	for _, e := range d.Exprs {
		switch {
		case requestOf(&e) != requestIndex:
		case e.Key == nil && slices.Equal(e.Table, want):
			header, found = e, true
		case e.Key != nil && found && slices.Equal(e.Table, want):
			keys = append(keys, e)
		}
	}
	return header, keys, found
}

// indentAfter returns the indentation of the last key in keys, or of
// the header when there are none, for a line inserted after them.
func indentAfter(d *document, keys []tomldoc.Expr, header tomldoc.Expr) string {
	if len(keys) > 0 {
		return indentOf(d.Src, keys[len(keys)-1].LineStart)
	}
	return indentOf(d.Src, header.LineStart)
}
