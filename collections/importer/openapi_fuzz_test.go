package importer

import (
	"os"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// FuzzOpenAPI imports arbitrary text as an OpenAPI document, up to 64 KiB
// (the parser is libopenapi's; what is fuzzed is keyway's use of its
// model): it must never panic, and what it imports must load.
func FuzzOpenAPI(f *testing.F) {
	for _, name := range []string{"petstore-3.0.yaml", "notes-3.1.json"} {
		data, err := os.ReadFile("testdata/openapi/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("openapi: 3.1.0\npaths:\n  /a/{x}:\n    get:\n      parameters: [{name: x, in: path, schema: {$ref: '#/components/schemas/A'}}]\ncomponents:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		c, err := ImportOpenAPI(Input{Name: "f.yaml", Data: data})
		if err != nil {
			return
		}
		res, err := Write(c, func(string, string, []string) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := collections.Parse("f.toml", res.TOML); err != nil {
			t.Fatalf("the import does not load: %v\n%s", err, res.TOML)
		}
	})
}
