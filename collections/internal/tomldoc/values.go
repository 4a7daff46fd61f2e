package tomldoc

import (
	"strconv"

	"github.com/pelletier/go-toml/v2/unstable"
)

// convertValue turns a value node into a Value. Arrays have no range of
// their own in the parser's tree, so they take the position of their key
// (fallback). Integers are read by strconv, which refuses one beyond 64
// bits as go-toml does; a float or a date-time is kept as written and
// marks the Doc unchecked, for go-toml's full decoder to judge (keyway's
// format accepts neither but for a float in a JSON body, so the cost is
// seldom paid).
func (b *builder) convertValue(n *unstable.Node, fallback int) *Value {
	lines := b.lines
	pos := fallback
	if n.Raw.Length > 0 {
		pos = int(n.Raw.Offset)
	}
	v := &Value{Offset: pos}
	switch n.Kind {
	case unstable.String:
		v.Kind, v.Str = String, lines.str(n.Data)
	case unstable.Integer:
		// ParseInt with base 0 reads TOML's forms (0x, 0o, 0b, '_'
		// between digits) as Go's, which are the same.
		v.Kind, v.Str = Integer, lines.str(n.Data)
		i, err := strconv.ParseInt(v.Str, 0, 64)
		if err != nil {
			b.fail(pos, "integer "+v.Str+" is out of range")
		}
		v.Int = i
	case unstable.Float:
		v.Kind, v.Str = Float, lines.str(n.Data)
		b.doc.Unchecked = true
	case unstable.Bool:
		v.Kind, v.Bool = Bool, string(n.Data) == "true"
	case unstable.Array:
		v.Kind = Array
		for it := n.Children(); it.Next(); {
			if it.Node().Kind == unstable.Comment {
				continue
			}
			v.Items = append(v.Items, b.convertValue(it.Node(), pos))
		}
	case unstable.InlineTable:
		v.Kind = Table
		for it := n.Children(); it.Next(); {
			if it.Node().Kind != unstable.KeyValue {
				continue
			}
			b.setKeyValue(v, it.Node(), false)
		}
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		v.Kind, v.Str = DateTime, lines.str(n.Data)
		b.doc.Unchecked = true
	default:
		b.fail(pos, "unexpected value "+strconv.Quote(string(n.Data)))
	}
	return v
}
