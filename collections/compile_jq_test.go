package collections

import "testing"

// TestCompileJQ reports a typo and an unknown function before saving.
func TestCompileJQ(t *testing.T) {
	if err := CompileJQ(".id > 0"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{".id >", ".a | nosuchfn", " "} {
		if CompileJQ(bad) == nil {
			t.Errorf("%q compiled", bad)
		}
	}
}
