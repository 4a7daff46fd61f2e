package importer

import (
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// checkTOML asserts that data is a collection keyway check accepts
// (Parse, then Check in every environment), and returns it.
func checkTOML(t *testing.T, data []byte) *collections.Collection {
	t.Helper()
	c, err := collections.Parse("import.toml", data)
	if err != nil {
		t.Fatalf("the import does not load: %v\n%s", err, data)
	}
	envs := append([]string{""}, c.EnvNames...)
	for _, env := range envs {
		for _, p := range errorList(c.Check(&collections.Scope{Env: env})) {
			// Files named in the input are the user's, relative to
			// where the collection will be: not there in a test.
			if !isFileProblem(p.Msg) {
				t.Fatalf("keyway check (env %q) fails on the import: %v\n%s", env, p, data)
			}
		}
	}
	return c
}

// write runs Write with a store that records secrets.
func write(t *testing.T, c *Collection) (*Result, map[string]string) {
	t.Helper()
	stored := map[string]string{}
	res, err := Write(c, func(name, value string, _ []string) error {
		stored[name] = value
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, stored
}
