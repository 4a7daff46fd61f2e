package edit

import (
	"bytes"
	"slices"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestEditsKeepTags: the TUI's edits rewrite only what they change, so a
// request's tags (and their spacing and comment) survive every kind of
// edit of that request.
func TestEditsKeepTags(t *testing.T) {
	src := []byte("[[request]]\nname = \"a\"\nurl = \"http://x\"\ntags = [ \"smoke\",\"users\" ] # run in CI\n")
	const line = "tags = [ \"smoke\",\"users\" ] # run in CI\n"
	edits := map[string]func([]byte) ([]byte, error){
		"url":     func(b []byte) ([]byte, error) { return SetRequestField(b, 0, "url", "http://y") },
		"new key": func(b []byte) ([]byte, error) { return SetRequestField(b, 0, "timeout", "5s") },
		"headers": func(b []byte) ([]byte, error) {
			return SetRequestHeaders(b, 0, []collections.KV{{Key: "Accept", Value: "text/plain"}})
		},
		"query":  func(b []byte) ([]byte, error) { return SetRequestQuery(b, 0, []collections.KV{{Key: "q", Value: "1"}}) },
		"rename": func(b []byte) ([]byte, error) { return SetRequestField(b, 0, "name", "b") },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			out, err := edit(src)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(out, []byte(line)) {
				t.Fatalf("tags line lost:\n%s", out)
			}
			c, err := collections.Parse("demo.toml", out)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Requests[0].Tags; !slices.Equal(got, []string{"smoke", "users"}) {
				t.Errorf("tags after the edit = %q", got)
			}
		})
	}
}
