package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// jsonMember is one member of a JSON object, in the order written.
type jsonMember struct {
	key   string
	value any // string, jsonNumber, bool, nil, []jsonMember, []any
}

// jsonNumber is a number as written.
type jsonNumber string

// parseOrderedJSON decodes a JSON object keeping its members' order,
// which encoding/json's maps lose: environments are written in the order
// the file lists them. An error says where, as FILE:LINE:COL.
func parseOrderedJSON(name string, data []byte) ([]jsonMember, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) error {
		offset := int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			offset = int(se.Offset)
		}
		line, col := lineCol(data, offset)
		msg := err.Error()
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "the JSON ends too early"
		}
		return &PosError{File: name, Line: line, Col: col, Msg: "not valid JSON: " + msg}
	}
	v, err := readJSONValue(dec, 0)
	if err != nil {
		return nil, fail(err)
	}
	obj, ok := v.([]jsonMember)
	if !ok {
		return nil, &PosError{File: name, Line: 1, Col: 1, Msg: "expected a JSON object of environments"}
	}
	return obj, nil
}

// maxJSONDepth bounds nesting: a hostile file cannot exhaust the stack.
const maxJSONDepth = 200

func readJSONValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nested more than %d levels", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var members []jsonMember
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				v, err := readJSONValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				members = append(members, jsonMember{key: key, value: v})
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			if members == nil {
				members = []jsonMember{}
			}
			return members, nil
		case '[':
			var items []any
			for dec.More() {
				v, err := readJSONValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				items = append(items, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return items, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		return jsonNumber(t), nil
	}
	return tok, nil
}
