package tomldoc

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// Lines turns byte offsets into 1-based lines and columns, a column
// counting characters as an editor does, in O(log lines) (the parser's own
// Shape rescans from the start of the document and counts bytes).
type Lines struct {
	data   []byte
	text   string // data as a string, for sharing substrings
	starts []int
}

// NewLines indexes the lines of data.
func NewLines(data []byte) *Lines {
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{data: data, text: string(data), starts: starts}
}

// Position returns the line and column of offset, clamped to the data.
func (l *Lines) Position(offset int) (line, col int) {
	offset = min(max(offset, 0), len(l.data))
	i, found := slices.BinarySearch(l.starts, offset)
	if !found {
		i--
	}
	return i + 1, utf8.RuneCount(l.data[l.starts[i]:offset]) + 1
}

// Count returns the number of lines (a final newline starts an empty one).
func (l *Lines) Count() int { return len(l.starts) }

// Offset returns the offset of byte column col (1-based) of line, as
// go-toml's errors give them, or the end of the data for a line that does
// not exist.
func (l *Lines) Offset(line, col int) int {
	if line < 1 || line > len(l.starts) {
		return len(l.data)
	}
	return l.starts[line-1] + col - 1
}

// LineStart returns the offset of the first byte of the line holding
// offset.
func (l *Lines) LineStart(offset int) int {
	return bytes.LastIndexByte(l.data[:offset], '\n') + 1
}

// LineEnd returns the offset past the newline ending the line that holds
// offset (a trailing comment included), or the end of the data.
func (l *Lines) LineEnd(offset int) int {
	if i := bytes.IndexByte(l.data[offset:], '\n'); i >= 0 {
		return offset + i + 1
	}
	return len(l.data)
}

// OffsetOf returns where b, a sub-slice of the data such as a parser
// error's highlight, starts in it. A slice that is not part of the data
// (an empty highlight has no backing array) counts as its end.
func (l *Lines) OffsetOf(b []byte) int {
	offset := cap(l.data) - cap(b)
	if cap(b) == 0 || offset < 0 || offset > len(l.data) {
		return len(l.data)
	}
	return offset
}

// str returns b as a string. Most keys and strings in a document are the
// document's own bytes (no escapes to decode); those become substrings of
// one shared copy rather than an allocation each.
func (l *Lines) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	offset := cap(l.data) - cap(b)
	if offset >= 0 && offset+len(b) <= len(l.data) && &l.data[offset] == &b[0] {
		return l.text[offset : offset+len(b)]
	}
	return string(b)
}
