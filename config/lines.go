package config

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
)

// lines turns byte offsets into a line and a column in characters.
type lines struct {
	file   string
	data   []byte
	starts []int
}

func newLines(file string, data []byte) *lines {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{file: file, data: data, starts: starts}
}

func (l *lines) pos(offset int) Pos {
	offset = min(max(offset, 0), len(l.data))
	line, found := slices.BinarySearch(l.starts, offset)
	if !found {
		line--
	}
	return Pos{File: l.file, Line: line + 1, Col: utf8.RuneCount(l.data[l.starts[line]:offset]) + 1}
}

// decodeError positions go-toml's error. Its column counts bytes, so the
// place is found again by offset and counted in characters.
func (l *lines) decodeError(err error) *Error {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &Error{Pos: Pos{File: l.file}, Msg: "invalid TOML: " + err.Error()}
	}
	line, col := de.Position()
	offset := len(l.data)
	if line >= 1 && line <= len(l.starts) {
		offset = l.starts[line-1] + col - 1
	}
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	return &Error{Pos: l.pos(offset), Msg: "invalid TOML: " + string(bytes.TrimSpace([]byte(msg)))}
}
