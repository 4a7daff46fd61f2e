package collections

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// decodeTags reads a request's tags = ["smoke", "users"]. A tag is a word
// typed on a command line (`keyway run --tag smoke`) and shown in a narrow
// list, so it must be non-empty and hold no space or control character;
// a tag listed twice is a slip worth pointing at.
func (d *decoder) decodeTags(e *tomldoc.Entry, ctx string) []string {
	tags, ok := d.stringArray(e, ctx, "tags")
	if !ok {
		return nil
	}
	kept := make([]string, 0, len(tags))
	for i, tag := range tags {
		pos := e.Value.Items[i].Offset
		switch {
		case tag == "":
			d.errAt(pos, "%stags[%d] is empty; a tag is a word such as \"smoke\"", prefix(ctx), i)
		case !validTag(tag):
			d.errAt(pos, "%stags[%d]: %q is not a tag: use no spaces or control characters", prefix(ctx), i, tag)
		case slices.Contains(kept, tag):
			d.errAt(pos, "%stags[%d]: %q is listed twice", prefix(ctx), i, tag)
		default:
			kept = append(kept, tag)
		}
	}
	return kept
}

// validTag reports whether tag is valid UTF-8 without white space or
// control or format characters (a bidirectional override would reorder
// the list it is shown in).
func validTag(tag string) bool {
	if !utf8.ValidString(tag) {
		return false
	}
	for _, r := range tag {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}
