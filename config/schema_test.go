package config

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestSchemaThemes keeps schema/config.schema.json's themes those Parse
// accepts.
func TestSchemaThemes(t *testing.T) {
	data, err := os.ReadFile("../schema/config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct {
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	if got := schema.Properties["theme"].Enum; !slices.Equal(got, Themes) {
		t.Fatalf("schema themes %v; Parse accepts %v", got, Themes)
	}
	for _, key := range []string{"theme", "editor", "keys"} {
		if _, ok := schema.Properties[key]; !ok {
			t.Errorf("the schema has no %s", key)
		}
	}
}
