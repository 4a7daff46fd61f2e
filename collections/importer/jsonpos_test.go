package importer

import (
	"strings"
	"testing"
)

func TestDecodeJSONErrorsHavePositions(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"syntax", "{\n  \"info\": {\"name\": \"x\",}\n}", "c.json:2:24: not valid JSON"},
		{"truncated", "{\n  \"item\": [\n", "c.json:3:1: not valid JSON"},
		{"type at root field", "{\"item\": {}}", "c.json:1:10: item: expected an array"},
		{"shape inside a custom field", "{\"item\": [{\"request\": {\"url\": 5}}]}", "c.json:1:31: url: expected an object or a string, found a JSON number"},
		{"type inside a custom field", "{\"item\": [{\"request\": {\n\"url\": {\"host\": [1]}}}]}", "c.json:2:18: host: expected a string"},
		{"characters not bytes", "{\"info\": {\"name\": \"é\", \"schema\": 1}}", "c.json:1:34: info.schema: expected a string"},
		{"string value", "{\"info\": {\"name\": \"a\"}, \"item\": \"q\\\"\\\\\"}", "c.json:1:33: item: expected an array"},
		{"not utf-8", "{\"info\": \"\xff\"}", "c.json:1:11: a Postman collection v2.1 must be UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v pmCollection
			err := decodeJSON("c.json", []byte(c.in), &v, "a Postman collection v2.1")
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v\nwant prefix %q", err, c.want)
			}
		})
	}
}
