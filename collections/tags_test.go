package collections

import (
	"slices"
	"testing"
)

// TestParseTags: tags decode in file order and every mistake is told with
// its position, the expected type named and the nearest key suggested.
func TestParseTags(t *testing.T) {
	c, err := Parse("demo.toml", []byte("[[request]]\nname = \"a\"\nurl = \"http://x\"\ntags = [\"smoke\", \"users\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Requests[0].Tags; !slices.Equal(got, []string{"smoke", "users"}) {
		t.Errorf("tags = %q", got)
	}

	const req = "[[request]]\nname = \"a\"\nurl = \"http://x\"\n"
	cases := []struct{ name, toml, want string }{
		{"misspelt key", req + "tag = [\"smoke\"]\n", `demo.toml:4:1: unknown key "tag" in request "a"; did you mean "tags"?`},
		{"a string", req + "tags = \"smoke\"\n", `demo.toml:4:1: request "a": tags must be an array of strings, not a string`},
		{"a number in it", req + "tags = [\"smoke\", 2]\n", `demo.toml:4:18: request "a": tags[1] must be a string, not an integer (tags must be an array of strings)`},
		{"empty", req + "tags = [\"\"]\n", `demo.toml:4:9: request "a": tags[0] is empty; a tag is a word such as "smoke"`},
		{"a space", req + "tags = [\"ok\", \"smoke test\"]\n", `demo.toml:4:15: request "a": tags[1]: "smoke test" is not a tag: use no spaces or control characters`},
		{"a bidi override", req + "tags = [\"a\\u202Eb\"]\n", `demo.toml:4:9: request "a": tags[0]: "a\u202eb" is not a tag: use no spaces or control characters`},
		{"twice", req + "tags = [\"smoke\", \"smoke\"]\n", `demo.toml:4:18: request "a": tags[1]: "smoke" is listed twice`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("demo.toml", []byte(tc.toml))
			if err == nil || err.Error() != tc.want {
				t.Errorf("error =\n%v\nwant\n%s", err, tc.want)
			}
		})
	}
}
