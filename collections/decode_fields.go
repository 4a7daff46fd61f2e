package collections

import (
	"fmt"
	"strings"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// prefix renders an item's context ("request \"Who am I\"") before a field.
func prefix(ctx string) string {
	if ctx == "" {
		return ""
	}
	return ctx + ": "
}

// isKind reports whether e holds a value of kind want, recording an error
// naming the expected type (described by want) when it does not.
func (d *decoder) isKind(e *tomldoc.Entry, ctx, label string, want tomldoc.Kind, described string) bool {
	if e.Value.Kind == want {
		return true
	}
	d.errAt(e.KeyOffset, "%s%s must be %s, not %s", prefix(ctx), label, described, e.Value.Kind.TypeName())
	return false
}

func (d *decoder) stringOf(e *tomldoc.Entry, ctx, label string) (string, bool) {
	if !d.isKind(e, ctx, label, tomldoc.String, "a string") {
		return "", false
	}
	return e.Value.Str, true
}

func (d *decoder) integerOf(e *tomldoc.Entry, ctx, label string) (int64, bool) {
	if !d.isKind(e, ctx, label, tomldoc.Integer, "an integer") {
		return 0, false
	}
	return e.Value.Int, true
}

func (d *decoder) boolOf(e *tomldoc.Entry, ctx, label string) (bool, bool) {
	if !d.isKind(e, ctx, label, tomldoc.Bool, "a boolean (true or false)") {
		return false, false
	}
	return e.Value.Bool, true
}

// stringArray decodes an array of strings, such as scopes or expect.jq.
func (d *decoder) stringArray(e *tomldoc.Entry, ctx, label string) ([]string, bool) {
	if !d.isKind(e, ctx, label, tomldoc.Array, "an array of strings") {
		return nil, false
	}
	out := make([]string, 0, len(e.Value.Items))
	for i, item := range e.Value.Items {
		if item.Kind != tomldoc.String {
			d.errAt(item.Offset, "%s%s[%d] must be a string, not %s (%s must be an array of strings)", prefix(ctx), label, i, item.Kind.TypeName(), label)
			return nil, false
		}
		out = append(out, item.Str)
	}
	return out, true
}

// stringTable decodes a table of strings in file order (headers, query,
// form, capture), returning the values' offsets beside it.
func (d *decoder) stringTable(e *tomldoc.Entry, ctx, label string) ([]KV, []int) {
	if !d.isKind(e, ctx, label, tomldoc.Table, "a table of strings, such as { Name = \"value\" }") {
		return nil, nil
	}
	kvs := make([]KV, 0, len(e.Value.Entries))
	positions := make([]int, 0, len(e.Value.Entries))
	for _, item := range e.Value.Entries {
		if item.Value.Kind != tomldoc.String {
			d.isKind(item, ctx, label+"."+item.Key, tomldoc.String, "a string")
			continue
		}
		kvs = append(kvs, KV{Key: item.Key, Value: item.Value.Str})
		positions = append(positions, item.Value.Offset)
	}
	return kvs, positions
}

// durationOf decodes a Go duration string such as "10s" or "500ms".
func (d *decoder) durationOf(e *tomldoc.Entry, ctx, label string) (time.Duration, bool) {
	s, ok := d.stringOf(e, ctx, label)
	if !ok {
		return 0, false
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		d.errAt(e.Value.Offset, "%s%s: %q is not a positive duration (write it with a unit, such as \"10s\" or \"500ms\")", prefix(ctx), label, s)
		return 0, false
	}
	return v, true
}

// checkTemplate checks a string's references at load, so that syntax
// errors ({{ without }}, an unknown kind) are reported with the file's
// other problems.
func (d *decoder) checkTemplate(pos int, ctx, label, s string) bool {
	if !hasReferences(s) {
		return true
	}
	if err := scanTemplate(s, nil); err != nil {
		d.errAt2(pos, fmt.Sprintf("%s%s: ", prefix(ctx), label), err)
		return false
	}
	return true
}

// hasReferences reports whether s contains a {{...}} reference.
func hasReferences(s string) bool { return strings.Contains(s, "{{") }
