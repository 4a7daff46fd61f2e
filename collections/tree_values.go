package collections

import (
	"strconv"

	"github.com/pelletier/go-toml/v2/unstable"
)

// convertValue turns a value node into a tomlValue. Arrays have no range of
// their own in the AST, so they take the position of their key (fallback).
// Integers are read by strconv, which refuses one beyond 64 bits as go-toml
// does; a float or a date-time is kept as written and marks the tree
// unchecked, for go-toml's full decoder to judge (keyway's format accepts
// neither but for a float in a JSON body, so the cost is seldom paid).
func (b *treeBuilder) convertValue(n *unstable.Node, fallback int) (*tomlValue, error) {
	lines := b.lines
	pos := fallback
	if n.Raw.Length > 0 {
		pos = int(n.Raw.Offset)
	}
	v := &tomlValue{pos: pos}
	switch n.Kind {
	case unstable.String:
		v.kind, v.str = kindString, lines.str(n.Data)
	case unstable.Integer:
		// ParseInt with base 0 reads TOML's forms (0x, 0o, 0b, '_'
		// between digits) as Go's, which are the same.
		i, err := strconv.ParseInt(string(n.Data), 0, 64)
		if err != nil {
			return nil, &Error{Pos: lines.pos(pos), Msg: "integer " + string(n.Data) + " is out of range"}
		}
		v.kind, v.num = kindInteger, i
	case unstable.Float:
		v.kind, v.str = kindFloat, lines.str(n.Data)
		b.unchecked = true
	case unstable.Bool:
		v.kind, v.flag = kindBool, string(n.Data) == "true"
	case unstable.Array:
		v.kind = kindArray
		for it := n.Children(); it.Next(); {
			if it.Node().Kind == unstable.Comment {
				continue
			}
			item, err := b.convertValue(it.Node(), pos)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, item)
		}
	case unstable.InlineTable:
		v.kind = kindTable
		for it := n.Children(); it.Next(); {
			if it.Node().Kind != unstable.KeyValue {
				continue
			}
			if err := b.setKeyValue(v, it.Node()); err != nil {
				return nil, err
			}
		}
	case unstable.LocalDate, unstable.LocalTime, unstable.LocalDateTime, unstable.DateTime:
		v.kind, v.str = kindDateTime, lines.str(n.Data)
		b.unchecked = true
	default:
		return nil, &Error{Pos: lines.pos(pos), Msg: "unexpected value " + strconv.Quote(string(n.Data))}
	}
	return v, nil
}
