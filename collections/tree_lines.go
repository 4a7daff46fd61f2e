package collections

import (
	"bytes"
	"slices"
	"unicode/utf8"
)

// lineIndex turns byte offsets into 1-based line and column (in characters)
// in O(log lines), where the parser's own Shape rescans from the start of
// the document on every call.
type lineIndex struct {
	file   string
	data   []byte
	text   string // data as a string, for sharing substrings
	starts []int
}

func newLineIndex(file string, data []byte) *lineIndex {
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{file: file, data: data, text: string(data), starts: starts}
}

func (l *lineIndex) pos(offset int) Pos {
	offset = min(max(offset, 0), len(l.data))
	line, found := slices.BinarySearch(l.starts, offset)
	if !found {
		line--
	}
	col := utf8.RuneCount(l.data[l.starts[line]:offset]) + 1
	return Pos{File: l.file, Line: line + 1, Col: col}
}

// offsetOf returns where b, a sub-slice of the document such as a parser
// error's highlight, starts in it. A slice that is not part of the
// document (an empty highlight has no backing array) counts as its end.
func (l *lineIndex) offsetOf(b []byte) int {
	offset := cap(l.data) - cap(b)
	if cap(b) == 0 || offset < 0 || offset > len(l.data) {
		return len(l.data)
	}
	return offset
}

// str returns b as a string. Most keys and strings in a document are the
// document's own bytes (no escapes to decode); those become substrings of
// one shared copy rather than an allocation each.
func (l *lineIndex) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	offset := cap(l.data) - cap(b)
	if offset >= 0 && offset+len(b) <= len(l.data) && &l.data[offset] == &b[0] {
		return l.text[offset : offset+len(b)]
	}
	return string(b)
}
