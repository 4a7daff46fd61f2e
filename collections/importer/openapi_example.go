package importer

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"sync"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Example bodies are built as plain values: object keeps the document's
// key order, which Go maps would lose.
type (
	object []member
	member struct {
		key   string
		value any
	}
)

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalJSON encodes v, indented when indent is not empty.
func marshalJSON(v any, indent string) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		return []byte("null")
	}
	if indent == "" {
		return out
	}
	var b bytes.Buffer
	if json.Indent(&b, out, "", indent) != nil {
		return out
	}
	return b.Bytes()
}

// maxExampleDepth bounds the nesting of an example built from a schema
// (and of a YAML example's aliases).
const maxExampleDepth = 12

// nodeValue turns a YAML (or JSON) node into a plain value, in order.
func nodeValue(n *yaml.Node, depth int) any {
	if n == nil || depth > maxExampleDepth*4 {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return nodeValue(n.Content[0], depth+1)
		}
		return nil
	case yaml.AliasNode:
		return nodeValue(n.Alias, depth+1)
	case yaml.MappingNode:
		obj := object{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			obj = append(obj, member{n.Content[i].Value, nodeValue(n.Content[i+1], depth+1)})
		}
		return obj
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			list = append(list, nodeValue(c, depth+1))
		}
		return list
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := strconv.ParseBool(n.Value)
		return b
	case "!!int", "!!float":
		if json.Valid([]byte(n.Value)) {
			return json.Number(n.Value)
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	return n.Value
}

// mediaExample is a body's example: its example, its first named example,
// or an instance of its schema.
func mediaExample(mt *v3.MediaType) (any, bool) {
	if mt.Example != nil {
		return nodeValue(mt.Example, 0), true
	}
	if mt.Examples != nil {
		for _, ex := range mt.Examples.FromOldest() {
			if ex != nil && ex.Value != nil {
				return nodeValue(ex.Value, 0), true
			}
		}
	}
	if mt.Schema == nil {
		return nil, false
	}
	return newInstance().of(mt.Schema, 0), false
}

// schemaExample is the value a schema itself gives: example, the first of
// examples, default, const, or the first enum value.
func schemaExample(s *base.Schema) (any, bool) {
	switch {
	case s.Example != nil:
		return nodeValue(s.Example, 0), true
	case len(s.Examples) > 0:
		return nodeValue(s.Examples[0], 0), true
	case s.Default != nil:
		return nodeValue(s.Default, 0), true
	case s.Const != nil:
		return nodeValue(s.Const, 0), true
	case len(s.Enum) > 0:
		return nodeValue(s.Enum[0], 0), true
	}
	return nil, false
}

// instance builds a minimal instance of a schema: required properties
// (all of them when none is required), one item per array, the first
// branch of oneOf and anyOf, allOf merged, values from formats.
type instance struct {
	// active holds the $refs being expanded, to stop at a cycle.
	active map[string]bool
}

func newInstance() *instance { return &instance{active: map[string]bool{}} }

// formatExamples are values for string formats.
var formatExamples = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"date-time": "2026-01-01T00:00:00Z",
		"date":      "2026-01-01",
		"time":      "00:00:00Z",
		"email":     "user@example.com",
		"uuid":      "6f1c3d2a-8b7e-4c5d-9a0b-1e2f3a4b5c6d",
		"uri":       "https://example.com",
		"url":       "https://example.com",
		"hostname":  "example.com",
		"ipv4":      "192.0.2.1",
		"ipv6":      "2001:db8::1",
		"byte":      "ZXhhbXBsZQ==",
		"password":  "",
	}
})

func (in *instance) of(sp *base.SchemaProxy, depth int) any {
	if sp == nil || depth > maxExampleDepth {
		return nil
	}
	if sp.IsReference() {
		ref := sp.GetReference()
		if in.active[ref] {
			return nil
		}
		in.active[ref] = true
		defer delete(in.active, ref)
	}
	s := sp.Schema()
	if s == nil {
		return nil
	}
	if v, ok := schemaExample(s); ok {
		return v
	}
	if len(s.AllOf) > 0 {
		merged := object{}
		var other any
		for _, part := range s.AllOf {
			switch v := in.of(part, depth+1).(type) {
			case object:
				merged = mergeObjects(merged, v)
			case nil:
			default:
				other = v
			}
		}
		if props := in.properties(s, depth); len(props) > 0 {
			merged = mergeObjects(merged, props)
		}
		if len(merged) == 0 && other != nil {
			return other
		}
		return merged
	}
	if len(s.OneOf) > 0 {
		return in.of(s.OneOf[0], depth+1)
	}
	if len(s.AnyOf) > 0 {
		return in.of(s.AnyOf[0], depth+1)
	}
	typ := ""
	for _, t := range s.Type {
		if t != "null" {
			typ = t
			break
		}
	}
	if typ == "" && s.Properties != nil {
		typ = "object"
	}
	switch typ {
	case "object":
		return in.properties(s, depth)
	case "array":
		if s.Items != nil && s.Items.IsA() {
			if item := in.of(s.Items.A, depth+1); item != nil {
				return []any{item}
			}
		}
		return []any{}
	case "string":
		if v, ok := formatExamples()[s.Format]; ok {
			return v
		}
		return "string"
	case "integer":
		if s.Minimum != nil {
			return int64(*s.Minimum)
		}
		return 0
	case "number":
		if s.Minimum != nil {
			return *s.Minimum
		}
		return 0
	case "boolean":
		return false
	}
	return nil
}

// properties is an object of the schema's required properties, or of all
// of them when none is required; read-only ones are left out (a server
// sets them).
func (in *instance) properties(s *base.Schema, depth int) object {
	obj := object{}
	if s.Properties == nil {
		return obj
	}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for name, prop := range s.Properties.FromOldest() {
		if len(required) > 0 && !required[name] {
			continue
		}
		if ps := prop.Schema(); ps != nil && ps.ReadOnly != nil && *ps.ReadOnly {
			continue
		}
		v := in.of(prop, depth+1)
		if v == nil && !nullable(prop) {
			continue // an external $ref, or a cycle: nothing to show
		}
		obj = append(obj, member{name, v})
	}
	return obj
}

// nullable reports whether a property's schema allows null.
func nullable(sp *base.SchemaProxy) bool {
	s := sp.Schema()
	if s == nil {
		return false
	}
	return s.Nullable != nil && *s.Nullable || slices.Contains(s.Type, "null")
}

// mergeObjects adds b's members to a, replacing those of the same key.
func mergeObjects(a, b object) object {
	for _, m := range b {
		replaced := false
		for i := range a {
			if a[i].key == m.key {
				a[i].value, replaced = m.value, true
			}
		}
		if !replaced {
			a = append(a, m)
		}
	}
	return a
}
