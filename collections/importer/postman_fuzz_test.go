package importer

import (
	"os"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// FuzzPostman imports arbitrary JSON as a Postman collection: it must
// never panic, and what it imports must be a collection keyway loads.
func FuzzPostman(f *testing.F) {
	for _, name := range []string{"notes.postman_collection.json", "staging.postman_environment.json"} {
		data, err := os.ReadFile("testdata/postman/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"info": {"schema": "v2.1"}, "item": [{"name": "a", "request": {"url": "{{$x}}/:p/{{", "body": {"mode": "urlencoded", "urlencoded": [{"key": "k"}, {"key": "k"}]}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		c, err := ImportPostman(Input{Name: "f.json", Data: data})
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
