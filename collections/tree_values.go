package collections

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// convertValue turns a value node into a tomlValue. Arrays have no range of
// their own in the AST, so they take the position of their key (fallback).
//
// The parser delimits scalars by their syntax only; what their text means
// is checked here, as TOML 1.0 asks of a decoder: an integer that does not
// fit in 64 bits, a float beyond binary64 and a date that is not in the
// calendar are errors, not values to round or wrap.
func (b *treeBuilder) convertValue(n *unstable.Node, fallback int) (*tomlValue, error) {
	lines := b.lines
	pos := fallback
	if n.Raw.Length > 0 {
		pos = int(n.Raw.Offset)
	}
	v := b.newValue()
	v.pos = pos
	switch n.Kind {
	case unstable.String:
		v.kind, v.str = kindString, lines.str(n.Data)
	case unstable.Integer:
		i, ok := parseInteger(n.Data)
		if !ok {
			return nil, &Error{Pos: lines.pos(pos), Msg: fmt.Sprintf("integer %s is out of range", n.Data)}
		}
		v.kind, v.num = kindInteger, i
	case unstable.Float:
		if !validFloat(n.Data) {
			return nil, &Error{Pos: lines.pos(pos), Msg: fmt.Sprintf("float %s is out of range (a TOML float is a 64-bit IEEE 754 number)", n.Data)}
		}
		v.kind, v.str = kindFloat, lines.str(n.Data)
	case unstable.Bool:
		v.kind, v.flag = kindBool, n.Data[0] == 't'
	case unstable.Array:
		v.kind = kindArray
		count := 0
		for it := n.Children(); it.Next(); {
			if it.Node().Kind != unstable.Comment {
				count++
			}
		}
		v.items = b.newItems(count)
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
	default:
		if offset, msg := checkDateTime(n.Kind, n.Data); msg != "" {
			return nil, &Error{Pos: lines.pos(pos + offset), Msg: msg}
		}
		v.kind, v.str = kindDateTime, lines.str(n.Data)
	}
	return v, nil
}

// parseInteger reads an integer whose syntax the parser has accepted
// (TOML 1.0 §Integer): decimal with an optional sign, or hexadecimal, octal
// or binary after 0x, 0o or 0b, with '_' between digits. It reports false
// when the value does not fit in a signed 64-bit integer, which §Integer
// makes an error rather than a value to wrap.
func parseInteger(raw []byte) (int64, bool) {
	base, digits := uint64(10), raw
	if len(raw) > 2 && raw[0] == '0' {
		switch raw[1] {
		case 'x':
			base, digits = 16, raw[2:]
		case 'o':
			base, digits = 8, raw[2:]
		case 'b':
			base, digits = 2, raw[2:]
		}
	}
	negative := false
	if base == 10 && len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		negative, digits = digits[0] == '-', digits[1:]
	}
	limit := uint64(math.MaxInt64)
	if negative {
		limit++ // -9223372036854775808 has no positive counterpart
	}
	var v uint64
	for _, c := range digits {
		var d uint64
		switch {
		case c == '_':
			continue
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base || v > (limit-d)/base {
			return 0, false
		}
		v = v*base + d
	}
	if negative {
		return int64(-v), true // v <= 1<<63: the wrapped negation is the value
	}
	return int64(v), true
}

// validFloat reports whether a float whose syntax the parser has accepted
// is a binary64 number (TOML 1.0 §Float: "implemented as IEEE 754 binary64
// values"): 1e400 is not.
func validFloat(raw []byte) bool {
	s := strings.TrimLeft(string(raw), "+-")
	if s == "inf" || s == "nan" {
		return true
	}
	_, err := strconv.ParseFloat(strings.ReplaceAll(string(raw), "_", ""), 64)
	return err == nil
}
