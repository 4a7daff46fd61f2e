package collections

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/keyway-cli/keyway/authflow"
)

// The JSON Schema of the collection format (schema/keyway.schema.json)
// serves editors: Taplo / Even Better TOML validate, complete and explain
// keys with it. These tests keep it from drifting from the loader: every
// collection the loader accepts validates, every key or type mistake the
// loader refuses the schema refuses too, and its keys and values are the
// decoder's own lists.

const schemaFile = "../schema/keyway.schema.json"

// compiledSchema compiles the schema with a validator that implements
// draft-07 as editors do.
func compiledSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc := readJSON(t, schemaFile)
	c := jsonschema.NewCompiler()
	const url = "file:///keyway.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatalf("schema: %v", err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return s
}

func readJSON(t testing.TB, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// tomlInstance reads TOML into the JSON value an editor validates: what
// go-toml decodes, passed through encoding/json.
func tomlInstance(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := toml.Unmarshal(data, &v); err != nil {
		t.Fatalf("go-toml: %v", err)
	}
	return jsonInstance(t, v)
}

func jsonInstance(t testing.TB, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestSchemaAcceptsEveryCollection validates every collection in the
// repository that the loader accepts — examples, fixtures, golden files.
func TestSchemaAcceptsEveryCollection(t *testing.T) {
	schema := compiledSchema(t)
	accepted := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != ".." {
			return filepath.SkipDir
		}
		// A golden collection is NAME.toml.golden (see TestEditGolden).
		if d.IsDir() || !strings.HasSuffix(strings.TrimSuffix(path, ".golden"), ".toml") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, err := Parse(path, data); err != nil {
			if strings.HasPrefix(filepath.ToSlash(path), "../examples/") {
				t.Errorf("%s: the loader refuses an example: %v", path, err)
			}
			return nil // not a collection, or one made to be refused
		}
		accepted++
		if err := schema.Validate(tomlInstance(t, data)); err != nil {
			t.Errorf("%s: the loader accepts it, the schema does not:\n%v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if accepted < 20 {
		t.Fatalf("validated only %d collections; where did the examples and fixtures go?", accepted)
	}
	t.Logf("%d collections validated", accepted)
}

// TestSchemaRefusesWhatTheLoaderRefuses: each file of testdata/schema/refused
// holds one key or type mistake, which both must refuse.
func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	schema := compiledSchema(t)
	files, _ := filepath.Glob("testdata/schema/refused/*.toml")
	if len(files) < 20 {
		t.Fatalf("found %d refused files", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(path, data); err == nil {
			t.Errorf("%s: the loader accepts it; it is meant to hold a mistake", path)
		}
		if err := schema.Validate(tomlInstance(t, data)); err == nil {
			t.Errorf("%s: the loader refuses it, the schema accepts it", path)
		}
	}
}

// TestSchemaAgreesWithTheLoader starts from a collection that uses every
// key and makes every key and type mistake it can: each value in turn
// replaced by one of another type, and an unknown key added to each table.
// The schema must give the loader's verdict on each: refused where keyway
// refuses, accepted where keyway accepts (vars, headers and json take any
// key; json any value).
func TestSchemaAgreesWithTheLoader(t *testing.T) {
	schema := compiledSchema(t)
	data, err := os.ReadFile("testdata/schema/every-key.toml")
	if err != nil {
		t.Fatal(err)
	}
	var base map[string]any
	if err := toml.Unmarshal(data, &base); err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, m := range keyAndTypeMistakes(base) {
		text, err := toml.Marshal(m.doc)
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		_, loadErr := Parse(m.name, text)
		schemaErr := schema.Validate(jsonInstance(t, m.doc))
		switch {
		case loadErr == nil && schemaErr != nil:
			t.Errorf("%s: the loader accepts it, the schema refuses it: %v\n%s", m.name, schemaErr, text)
		case loadErr != nil && schemaErr == nil:
			t.Errorf("%s: the loader refuses it (%v), the schema accepts it\n%s", m.name, loadErr, text)
		case loadErr != nil:
			refused++
		}
	}
	if refused < 60 {
		t.Errorf("only %d mistakes were refused; is every-key.toml still complete?", refused)
	}
	t.Logf("%d mistakes refused by both", refused)
}

type mistake struct {
	name string
	doc  map[string]any
}

// keyAndTypeMistakes returns copies of doc, each with one mistake.
func keyAndTypeMistakes(doc map[string]any) []mistake {
	var out []mistake
	var walk func(path string, v any, set func(root map[string]any, x any))
	walk = func(path string, v any, set func(root map[string]any, x any)) {
		if path != "" {
			root := cloneValue(doc).(map[string]any)
			set(root, wrongType(v))
			out = append(out, mistake{path + " of the wrong type", root})
		}
		switch v := v.(type) {
		case map[string]any:
			root := cloneValue(doc).(map[string]any)
			set(root, withKey(v, "zz_unknown", "x"))
			out = append(out, mistake{path + ".zz_unknown added", root})
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(path+"."+k, v[k], func(root map[string]any, x any) {
					set(root, withKey(v, k, x))
				})
			}
		case []any:
			for i, item := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), item, func(root map[string]any, x any) {
					items := cloneValue(v).([]any)
					items[i] = x
					set(root, items)
				})
			}
		}
	}
	walk("", doc, func(root map[string]any, x any) {
		clear(root)
		maps.Copy(root, x.(map[string]any))
	})
	return out
}

// withKey returns a copy of table with key set to x. Parents are rebuilt
// on the way up by the set functions, so the original is never changed.
func withKey(table map[string]any, key string, x any) map[string]any {
	out := cloneValue(table).(map[string]any)
	out[key] = x
	return out
}

// wrongType returns a value of another TOML type than v.
func wrongType(v any) any {
	switch v.(type) {
	case string:
		return int64(7)
	case int64:
		return "7"
	case bool:
		return "true"
	default:
		return "x"
	}
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = cloneValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = cloneValue(x)
		}
		return out
	}
	return v
}

// TestSchemaKnowsEveryKey is the no-drift guarantee: the schema's keys,
// per table, are the decoder's key lists, its enums the decoder's allowed
// values, and its per-type profile rules the decoder's profileFields.
func TestSchemaKnowsEveryKey(t *testing.T) {
	doc := readJSON(t, schemaFile).(map[string]any)
	defs := object(t, doc, "definitions")
	request := object(t, defs, "request")
	profile := object(t, defs, "profile")
	expect := object(t, object(t, request, "properties"), "expect")

	sameKeys(t, "top level", object(t, doc, "properties"), topLevelKeys)
	sameKeys(t, "request", object(t, request, "properties"), requestKeys)
	sameKeys(t, "request.expect", object(t, expect, "properties"), expectKeys)
	sameKeys(t, "profile", object(t, profile, "properties"), profileKeys)

	props := object(t, profile, "properties")
	sameSet(t, "profile type values", stringList(t, object(t, props, "type")["enum"]), profileTypes)
	sameSet(t, "apikey in values", stringList(t, object(t, props, "in")["enum"]), apiKeyPlaces)
	sameSet(t, "client_auth values", stringList(t, object(t, props, "client_auth")["enum"]), clientAuths)

	// Per type: the keys it may hold and the ones it needs.
	var tlsKeys []string
	for _, k := range profileKeys {
		if isTLSKey(k) {
			tlsKeys = append(tlsKeys, k)
		}
	}
	seen := map[string]bool{}
	for _, rule := range profile["allOf"].([]any) {
		rule := rule.(map[string]any)
		typeRule, ok := object(t, object(t, rule, "if"), "properties")["type"].(map[string]any)
		if !ok {
			continue // a rule on client_auth
		}
		typ := typeRule["const"].(string)
		then := object(t, rule, "then")
		seen[typ] = true
		fields, ok := profileFields[typ]
		if !ok {
			t.Errorf("schema has rules for profile type %q, which the decoder does not know", typ)
			continue
		}
		allowed := append([]string{"type", "insecure"}, tlsKeys...)
		allowed = append(allowed, fields...)
		sameSet(t, "keys of type "+typ, stringList(t, object(t, then, "propertyNames")["enum"]), allowed)
		sameSet(t, "required keys of type "+typ, stringList(t, then["required"]), fields[:profileRequired[typ]])
		// Endpoints: each written or discovered from issuer.
		var endpoints []string
		for _, r := range anyList(then["allOf"]) {
			for _, alt := range anyList(r.(map[string]any)["anyOf"]) {
				if req := stringList(t, alt.(map[string]any)["required"]); len(req) == 1 && req[0] != "issuer" && strings.HasSuffix(req[0], "_url") {
					endpoints = append(endpoints, req[0])
				}
			}
		}
		sameSet(t, "endpoints of type "+typ, endpoints, profileEndpoints[typ])
	}
	for _, typ := range profileTypes {
		if !seen[typ] {
			t.Errorf("schema has no rules for profile type %q", typ)
		}
	}

	if v := object(t, object(t, doc, "properties"), "version")["const"]; v != json.Number("1") || FormatVersion != 1 {
		t.Errorf("schema version const = %v, format version %d", v, FormatVersion)
	}
	everyKeyHasADescription(t, "", doc)
}

// everyKeyHasADescription: descriptions are what editors show on hover.
func everyKeyHasADescription(t *testing.T, path string, v any) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			for k, p := range props {
				if d, _ := p.(map[string]any)["description"].(string); d == "" {
					t.Errorf("schema: %s.%s has no description", path, k)
				}
			}
		}
		if enum, ok := v["enum"].([]any); ok {
			if docs, ok := v["x-taplo"].(map[string]any); ok {
				if n := len(docs["docs"].(map[string]any)["enumValues"].([]any)); n != len(enum) {
					t.Errorf("schema: %s: %d enum values, %d enumValues docs", path, len(enum), n)
				}
			}
		}
		for k, x := range v {
			if k != "if" { // conditions name keys, they do not describe them
				everyKeyHasADescription(t, path+"."+k, x)
			}
		}
	case []any:
		for _, x := range v {
			everyKeyHasADescription(t, path, x)
		}
	}
}

// TestEveryKeyFixtureIsComplete keeps TestSchemaAgreesWithTheLoader
// complete: its starting collection uses every key the decoder knows.
func TestEveryKeyFixtureIsComplete(t *testing.T) {
	data, err := os.ReadFile("testdata/schema/every-key.toml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	used := map[string]map[string]bool{"top level": {}, "request": {}, "request.expect": {}, "profile": {}}
	for k := range doc {
		used["top level"][k] = true
	}
	for _, p := range doc["profile"].(map[string]any) {
		for k := range p.(map[string]any) {
			used["profile"][k] = true
		}
	}
	for _, r := range doc["request"].([]any) {
		for k, v := range r.(map[string]any) {
			used["request"][k] = true
			if k == "expect" {
				for e := range v.(map[string]any) {
					used["request.expect"][e] = true
				}
			}
		}
	}
	for table, keys := range map[string][]string{"top level": topLevelKeys, "request": requestKeys, "request.expect": expectKeys, "profile": profileKeys} {
		for _, k := range keys {
			if !used[table][k] {
				t.Errorf("every-key.toml does not use %s key %q", table, k)
			}
		}
	}
}

// anyList is v as a list, or nil.
func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

func object(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	o, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("schema: %q is not an object", key)
	}
	return o
}

func stringList(t *testing.T, v any) []string {
	t.Helper()
	items, ok := v.([]any)
	if !ok {
		t.Fatalf("schema: %v is not an array", v)
	}
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = x.(string)
	}
	return out
}

// sameKeys compares a schema's properties with a decoder's key list.
func sameKeys(t *testing.T, table string, props map[string]any, keys []string) {
	t.Helper()
	for k := range props {
		if !slices.Contains(keys, k) {
			t.Errorf("%s: the schema has key %q, which the decoder does not know", table, k)
		}
	}
	for _, k := range keys {
		if _, ok := props[k]; !ok {
			t.Errorf("%s: the decoder knows key %q, which the schema does not have", table, k)
		}
	}
}

func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("%s: schema has %q, decoder %q", what, got, want)
	}
}

// FuzzSchemaPatterns checks the schema's patterns against the loader's own
// checks on any string: header names and methods are RFC 9110 tokens
// exactly when isToken says so, variable names are valid exactly when
// validVariableName says so, and every duration the loader accepts matches
// (the schema may let through a zero duration, never refuse a good one).
func FuzzSchemaPatterns(f *testing.F) {
	for _, s := range []string{"GET", "X-API-Key", "a b", "base_url", "user.id", "prompt", "é", "", "10s", "1m30s", "1.5h", ".5s", "1.s", "+3ms", "2µs", "2μs", "0", "-1s", "10", "1e3s"} {
		f.Add(s)
	}
	doc := readJSON(f, schemaFile).(map[string]any)
	request := doc["definitions"].(map[string]any)["request"].(map[string]any)["properties"].(map[string]any)
	token := regexp.MustCompile(request["method"].(map[string]any)["pattern"].(string))
	header := regexp.MustCompile(request["headers"].(map[string]any)["propertyNames"].(map[string]any)["pattern"].(string))
	variable := regexp.MustCompile(doc["definitions"].(map[string]any)["variables"].(map[string]any)["propertyNames"].(map[string]any)["pattern"].(string))
	duration := regexp.MustCompile(doc["definitions"].(map[string]any)["duration"].(map[string]any)["pattern"].(string))
	f.Fuzz(func(t *testing.T, s string) {
		if token.MatchString(s) != authflow.ValidToken(s) || header.MatchString(s) != authflow.ValidToken(s) {
			t.Errorf("%q: token pattern says %v, isToken %v", s, token.MatchString(s), authflow.ValidToken(s))
		}
		if (variable.MatchString(s) && s != "prompt") != validVariableName(s) {
			t.Errorf("%q: variable pattern says %v, validVariableName %v", s, variable.MatchString(s), validVariableName(s))
		}
		if d, err := time.ParseDuration(s); err == nil && d > 0 && !duration.MatchString(s) {
			t.Errorf("%q: the loader takes it as %v, the schema's pattern refuses it", s, d)
		}
	})
}
