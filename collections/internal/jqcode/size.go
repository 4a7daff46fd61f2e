package jqcode

import (
	"encoding/json"
	"math/big"
	"reflect"
	"unicode/utf8"
)

// jq values share structure: `reduce range(30) as $i ("x"; [.,.])` builds
// an array of 2^30 strings in thirty small steps, each a new pair of
// pointers to the last. Its JSON text is gigabytes, and tojson writes it
// in one step. The estimates below are upper bounds computed without
// expanding the sharing: a container met again (the same backing array or
// map) costs what it cost the first time, and the walk stops as soon as
// its bound passes the limit, so it takes at most as many steps as the
// result would have bytes under the limit, and usually one per distinct
// container.

// sizer computes upper bounds of what expanding a value allocates,
// stopping at limit.
type sizer struct {
	limit uint64
	// seen remembers what a shared container cost; at most maxSeen, so
	// that the memo stays small beside a large body (a tree has nothing
	// to share, and the walk's early stop bounds it anyway).
	seen map[container]uint64
}

// container names an array (its first element and length) or a map.
type container struct {
	at  uintptr
	len int
}

const maxSeen = 1024

// newSizer returns a sizer that stops counting past limit.
func newSizer(limit uint64) sizer { return sizer{limit: limit} }

// lookup returns what the container c cost when it was met before.
func (s *sizer) lookup(c container) (uint64, bool) {
	n, ok := s.seen[c]
	return n, ok
}

// remember records what the container c cost.
func (s *sizer) remember(c container, n uint64) uint64 {
	if s.seen == nil {
		s.seen = map[container]uint64{}
	}
	if len(s.seen) < maxSeen {
		s.seen[c] = n
	}
	return n
}

// add sums sizes without overflow: past the limit, the exact figure does
// not matter.
func (s *sizer) add(a, b uint64) uint64 {
	if a > s.limit || b > s.limit {
		return s.limit + 1
	}
	return a + b
}

func (s *sizer) mul(a, b uint64) uint64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > s.limit/b {
		return s.limit + 1
	}
	return a * b
}

// jsonLen bounds the length of v's compact JSON text, as tojson writes it.
func (s *sizer) jsonLen(v any) uint64 {
	switch v := v.(type) {
	case nil:
		return 4
	case bool:
		return 5
	case string:
		return stringJSONLen(v)
	case json.Number:
		return uint64(len(v))
	case int, float64:
		return 24
	case *big.Int:
		return uint64(v.BitLen()/3 + 2)
	case []any:
		if len(v) == 0 {
			return 2
		}
		c := container{reflect.ValueOf(v).Pointer(), len(v)}
		if n, ok := s.lookup(c); ok {
			return n
		}
		n := uint64(1)
		for _, e := range v {
			if n = s.add(n, s.jsonLen(e)+1); n > s.limit {
				break
			}
		}
		return s.remember(c, n)
	case map[string]any:
		if len(v) == 0 {
			return 2
		}
		c := container{reflect.ValueOf(v).Pointer(), len(v)}
		if n, ok := s.lookup(c); ok {
			return n
		}
		n := uint64(1)
		for k, e := range v {
			if n = s.add(n, stringJSONLen(k)+s.jsonLen(e)+2); n > s.limit {
				break
			}
		}
		return s.remember(c, n)
	}
	return 64
}

// stringJSONLen bounds the length of s quoted as JSON: printable ASCII as
// it is, anything else escaped (\u00XX, six bytes) at worst.
func stringJSONLen(s string) uint64 {
	n := uint64(2)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
			n++
		} else {
			n += 6
		}
	}
	return n
}

// leaves bounds how many values flatten puts in its result.
func (s *sizer) leaves(v any) uint64 {
	a, ok := v.([]any)
	if !ok {
		return 1
	}
	if len(a) == 0 {
		return 0
	}
	c := container{reflect.ValueOf(a).Pointer(), len(a)}
	if n, ok := s.lookup(c); ok {
		return n
	}
	var n uint64
	for _, e := range a {
		if n = s.add(n, s.leaves(e)); n > s.limit {
			break
		}
	}
	return s.remember(c, n)
}

// textLen is the length of v as join writes it: strings as they are,
// other scalars as JSON.
func (s *sizer) textLen(v any) uint64 {
	if str, ok := v.(string); ok {
		return uint64(len(str))
	}
	return s.jsonLen(v)
}

// runes is how many runes s holds (explode makes one value of each).
func runes(s string) uint64 { return uint64(utf8.RuneCountInString(s)) }
