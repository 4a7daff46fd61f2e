package edit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// wantKey is one key a table should end up with, in the order it should be
// written when it is new.
type wantKey struct {
	key   string
	value any // string, bool or []string
}

// syncTable brings the keys of one table section to want while changing
// as little as possible: a key whose value is unchanged keeps its bytes, a
// changed value is replaced in place (its key, spacing and trailing comment
// kept), a key no longer wanted loses its line, and a new key is inserted
// at insertAt. existing are the section's key/value entries; prefix is the
// dotted-key prefix the managed keys carry (for headers.Accept = "…" it is
// ["headers"]); managed says which existing keys this edit owns (nil: all of
// them), so that keys it knows nothing about stay.
func (d *document) syncTable(existing []tomldoc.Expr, prefix []string, want []wantKey,
	managed func(key string) bool, insertAt int, indent string) ([]splice, error) {
	var splices []splice
	seen := map[string]bool{}
	for _, e := range existing {
		if len(e.Key) <= len(prefix) || !slices.Equal(e.Key[:len(prefix)], prefix) {
			continue
		}
		name := e.Key[len(prefix)]
		if managed != nil && !managed(name) {
			continue
		}
		if len(e.Key) != len(prefix)+1 {
			return nil, fmt.Errorf("line %d: key %s is nested deeper than keyway reads; edit it by hand",
				d.lineNumber(e.Start), strings.Join(e.Key, "."))
		}
		i := slices.IndexFunc(want, func(w wantKey) bool { return w.key == name })
		switch {
		case i < 0:
			splices = append(splices, splice{start: e.LineStart, end: e.LineEnd})
		case seen[name]:
			return nil, fmt.Errorf("line %d: key %s is written twice", d.lineNumber(e.Start), name)
		case !sameValue(decoded(e.Value), want[i].value):
			enc, err := encodeValue(want[i].value)
			if err != nil {
				return nil, fmt.Errorf("%w (key %s)", err, name)
			}
			splices = append(splices, splice{start: e.ValueStart, end: e.End, text: enc})
		}
		seen[name] = true
	}
	var lines []string
	for _, w := range want {
		if seen[w.key] {
			continue
		}
		line, err := keyValueLine(append(slices.Clone(prefix), w.key), w.value)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	if len(lines) > 0 {
		splices = append(splices, d.insertLines(insertAt, indent, lines))
	}
	return splices, nil
}

// keyValueLine encodes `key = value`, the key dotted from its parts.
func keyValueLine(key []string, value any) (string, error) {
	k, err := dottedKey(key...)
	if err != nil {
		return "", err
	}
	v, err := encodeValue(value)
	if err != nil {
		return "", fmt.Errorf("%w (key %s)", err, k)
	}
	return k + " = " + v, nil
}

// lineNumber returns the 1-based line of offset, for error messages.
func (d *document) lineNumber(offset int) int {
	line, _ := d.Lines.Position(offset)
	return line
}
