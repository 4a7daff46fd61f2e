package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestToolsStayOutOfTheBinary: what only tests and generators use — the man
// page generator (cobra/doc, go-md2man and what they bring) and the JSON
// Schema validator — is never linked into keyway, whose every start would
// pay for their init.
func TestToolsStayOutOfTheBinary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/spf13/cobra/doc", "github.com/cpuguy83/go-md2man", "github.com/russross/blackfriday", "go.yaml.in/yaml", "github.com/santhosh-tekuri/jsonschema"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("keyway links %s, which only tests and generators should use", dep)
			}
		}
	}
}
