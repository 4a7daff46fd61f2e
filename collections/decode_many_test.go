package collections

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// manyRequests writes n requests; bad lists the indexes whose request has
// an unknown key.
func manyRequests(n int, bad ...int) string {
	var b strings.Builder
	b.WriteString("name = \"many\"\nversion = 1\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[[request]]\nname = \"r%d\"\nurl = \"http://127.0.0.1/%d\"\n", i, i)
		for _, j := range bad {
			if i == j {
				b.WriteString("metod = \"GET\"\n")
			}
		}
	}
	return b.String()
}

// A large file's requests keep file order and every problem is reported,
// sorted by position.
func TestDecodeManyKeepsOrderAndProblems(t *testing.T) {
	n := 612
	c, err := Parse("many.toml", []byte(manyRequests(n)))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Requests) != n {
		t.Fatalf("%d requests, want %d", len(c.Requests), n)
	}
	for i, r := range c.Requests {
		if want := fmt.Sprintf("r%d", i); r.Name != want {
			t.Fatalf("request %d is %q, want %q", i, r.Name, want)
		}
	}

	_, err = Parse("many.toml", []byte(manyRequests(n, n-1, 2, n/2)))
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("err = %v, want 3 problems", err)
	}
	for i, want := range []int{2, n / 2, n - 1} {
		// Each request takes 4 lines after the 2-line header, a bad one a
		// fifth: its bad key, after the url.
		if line := 2 + 4*want + i + 5; list[i].Pos.Line != line || !strings.Contains(list[i].Msg, "metod") {
			t.Errorf("problem %d = %v, want line %d about metod", i, list[i], line)
		}
	}
}

// Check parses each distinct jq expression once, but reports every
// request that uses a bad one.
func TestCheckReportsRepeatedBadJQ(t *testing.T) {
	src := `
[[request]]
name = "a"
url = "http://127.0.0.1/a"
[request.capture]
id = ".id |"

[[request]]
name = "b"
url = "http://127.0.0.1/b"
[request.capture]
id = ".id |"
`
	c, err := Parse("jq.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check(&Scope{})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("err = %v, want 2 problems", err)
	}
	for i, name := range []string{`"a"`, `"b"`} {
		if !strings.Contains(list[i].Msg, name) || !strings.Contains(list[i].Msg, "invalid jq") {
			t.Errorf("problem %d = %v, want request %s's invalid jq", i, list[i], name)
		}
	}
}
