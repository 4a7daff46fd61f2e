package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// posAt turns a byte offset of data into a *PosError with msg at its
// 1-based line and column, the column counted in characters as an editor
// counts them (a tab is one). An offset past the end is clamped, as a
// truncated file's error points just after its last byte.
func posAt(file string, data []byte, offset int64, msg string) *PosError {
	if offset < 0 {
		offset = 0
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := 1 + bytes.Count(before, []byte("\n"))
	start := bytes.LastIndexByte(before, '\n') + 1
	col := 1 + utf8.RuneCount(before[start:])
	return &PosError{File: file, Line: line, Col: col, Msg: msg}
}

// decodeJSON decodes data into v. A syntax or type error becomes a
// *PosError at FILE:LINE:COL, with format naming what was expected
// ("a Postman collection v2.1"), so that a user can open the file there.
func decodeJSON(file string, data []byte, v any, format string) error {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		i := firstInvalid(data)
		return posAt(file, data, int64(i), fmt.Sprintf("%s must be UTF-8 text (byte 0x%02X is not)", format, data[i]))
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// The decoder's offset is just past the byte it could not take;
		// the column points at that byte.
		off := syntax.Offset - 1
		if off < 0 || syntax.Offset >= int64(len(data)) {
			off = syntax.Offset
		}
		return posAt(file, data, off, fmt.Sprintf("not valid JSON (%s), expected %s", syntax.Error(), format))
	case errors.As(err, &typ):
		// Offset is just past the value of the wrong type; the message
		// names the field and what it should have held, never the value
		// (it may be a credential).
		where := typ.Field
		if where == "" {
			where = "the document"
		}
		return posAt(file, data, valueStart(data, typ.Offset), fmt.Sprintf("%s: expected %s, found a JSON %s, in %s", where, jsonKind(typ.Type.Kind().String()), typ.Value, format))
	}
	var field *fieldError
	if errors.As(err, &field) {
		if base, ok := locate(data, field.raw); ok {
			return posAt(file, data, valueStart(data, base+field.rel), field.msg+", in "+format)
		}
		return &PosError{File: file, Msg: field.msg + ", in " + format}
	}
	return &PosError{File: file, Msg: fmt.Sprintf("cannot read %s: %v", format, err)}
}

// fieldError is a value of the wrong shape met by one of this package's
// own UnmarshalJSON methods. raw is the value's text as the decoder gave
// it, rel an offset within it.
type fieldError struct {
	raw []byte
	rel int64
	msg string
}

func (e *fieldError) Error() string { return e.msg }

// locate finds where raw starts within data. encoding/json hands an
// UnmarshalJSON method a slice of the very buffer it decodes, so the
// difference of their capacities is the offset; the bytes are compared to
// be sure (a decoder that copied would give none).
func locate(data, raw []byte) (int64, bool) {
	off := cap(data) - cap(raw)
	if off < 0 || off+len(raw) > len(data) || !bytes.Equal(data[off:off+len(raw)], raw) {
		return 0, false
	}
	return int64(off), true
}

// unmarshalPart decodes raw, a value handed to an UnmarshalJSON method,
// into v; a type error keeps its place in the file, naming field.
func unmarshalPart(raw []byte, v any, field string) error {
	err := json.Unmarshal(raw, v)
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		where := field
		if typ.Field != "" {
			where += "." + typ.Field
		}
		return &fieldError{raw: raw, rel: typ.Offset, msg: fmt.Sprintf("%s: expected %s, found a JSON %s", where, jsonKind(typ.Type.Kind().String()), typ.Value)}
	}
	var inner *fieldError
	if errors.As(err, &inner) {
		return inner
	}
	return err
}

// shapeError says that the value raw of field has none of the shapes it may
// have.
func shapeError(raw []byte, field, shapes string) error {
	return &fieldError{raw: raw, msg: fmt.Sprintf("%s: expected %s, found a JSON %s", field, shapes, kindOf(raw))}
}

func kindOf(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "value"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// valueStart finds where the value that ends at off begins: encoding/json
// reports a type error just past a string, number or literal, or just past
// the "{" or "[" that opens an object or array, and the user wants the
// start. An offset at a value's first byte (off 0 of a part) stays.
func valueStart(data []byte, off int64) int64 {
	if off <= 0 || off > int64(len(data)) {
		return max(off, 0)
	}
	i := int(off) - 1
	switch c := data[i]; {
	case c == '{' || c == '[':
		return int64(i)
	case c == '"':
		// Back to the opening quote: one not escaped by an odd run of
		// backslashes.
		for j := i - 1; j >= 0; j-- {
			if data[j] != '"' {
				continue
			}
			k := j
			for k > 0 && data[k-1] == '\\' {
				k--
			}
			if (j-k)%2 == 0 {
				return int64(j)
			}
		}
		return int64(i)
	case isLiteralByte(c):
		for i > 0 && isLiteralByte(data[i-1]) {
			i--
		}
		return int64(i)
	}
	return off
}

func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.' || c == '-' || c == '+' || c == 'E'
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	case "int", "int64", "float64", "uint", "int32":
		return "a number"
	}
	return "another kind of value"
}

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}
