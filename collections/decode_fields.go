package collections

import (
	"fmt"
	"strings"
	"time"
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
func (d *decoder) isKind(e *tomlEntry, ctx, label string, want valueKind, described string) bool {
	if e.value.kind == want {
		return true
	}
	d.errAt(e.keyPos, "%s%s must be %s, not %s", prefix(ctx), label, described, e.value.kind.typeName())
	return false
}

func (d *decoder) stringOf(e *tomlEntry, ctx, label string) (string, bool) {
	if !d.isKind(e, ctx, label, kindString, "a string") {
		return "", false
	}
	return e.value.str, true
}

func (d *decoder) integerOf(e *tomlEntry, ctx, label string) (int64, bool) {
	if !d.isKind(e, ctx, label, kindInteger, "an integer") {
		return 0, false
	}
	return e.value.num, true
}

func (d *decoder) boolOf(e *tomlEntry, ctx, label string) (bool, bool) {
	if !d.isKind(e, ctx, label, kindBool, "a boolean (true or false)") {
		return false, false
	}
	return e.value.flag, true
}

// stringArray decodes an array of strings, such as scopes or expect.jq.
func (d *decoder) stringArray(e *tomlEntry, ctx, label string) ([]string, bool) {
	if !d.isKind(e, ctx, label, kindArray, "an array of strings") {
		return nil, false
	}
	out := make([]string, 0, len(e.value.items))
	for i, item := range e.value.items {
		if item.kind != kindString {
			d.errAt(item.pos, "%s%s[%d] must be a string, not %s (%s must be an array of strings)", prefix(ctx), label, i, item.kind.typeName(), label)
			return nil, false
		}
		out = append(out, item.str)
	}
	return out, true
}

// stringTable decodes a table of strings in file order (headers, query,
// form, capture), returning the values' offsets beside it.
func (d *decoder) stringTable(e *tomlEntry, ctx, label string) ([]KV, []int) {
	if !d.isKind(e, ctx, label, kindTable, "a table of strings, such as { Name = \"value\" }") {
		return nil, nil
	}
	kvs := make([]KV, 0, len(e.value.entries))
	positions := make([]int, 0, len(e.value.entries))
	for _, item := range e.value.entries {
		if item.value.kind != kindString {
			d.isKind(item, ctx, label+"."+item.key, kindString, "a string")
			continue
		}
		kvs = append(kvs, KV{Key: item.key, Value: item.value.str})
		positions = append(positions, item.value.pos)
	}
	return kvs, positions
}

// durationOf decodes a Go duration string such as "10s" or "500ms".
func (d *decoder) durationOf(e *tomlEntry, ctx, label string) (time.Duration, bool) {
	s, ok := d.stringOf(e, ctx, label)
	if !ok {
		return 0, false
	}
	v, err := time.ParseDuration(s)
	if err != nil || v <= 0 {
		d.errAt(e.value.pos, "%s%s: %q is not a positive duration (write it with a unit, such as \"10s\" or \"500ms\")", prefix(ctx), label, s)
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
