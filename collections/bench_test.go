package collections

import (
	"fmt"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// bigCollection writes a collection of n requests, each with headers,
// query, a json body, assertions and a capture: a several-megabyte file
// for n = 10,000.
func bigCollection(n int) []byte {
	var b strings.Builder
	b.WriteString("name = \"big\"\nversion = 1\ndefault_profile = \"tok\"\n[vars]\nbase_url = \"http://127.0.0.1:8080\"\n")
	b.WriteString("[profile.tok]\ntype = \"bearer\"\ntoken = \"{{secret:t}}\"\n")
	for i := range n {
		fmt.Fprintf(&b, `
[[request]]
name = "request %d"
folder = "folder %d"
method = "POST"
url = "{{base_url}}/items/%d"
headers = { Accept = "application/json", X-Request = "%d" }
query = { page = "%d" }
json = { id = %d, name = "item {{base_url}}", tags = ["a", "b"] }
timeout = "5s"
[request.expect]
status = 200
jq = [".id == %d"]
[request.capture]
id_%d = ".id"
`, i, i%10, i, i, i, i, i, i)
	}
	return []byte(b.String())
}

func TestBigCollection(t *testing.T) {
	data := bigCollection(10_000)
	c, err := Parse("big.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Requests) != 10_000 || c.Requests[9_999].Name != "request 9999" || c.Requests[9_999].Pos.Line != 8+15*9_999+2 {
		t.Fatalf("requests = %d, last = %+v", len(c.Requests), c.Requests[len(c.Requests)-1].Pos)
	}
	if err := c.Check(&Scope{}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkParse10000 measures loading 10,000 requests (about 3 MB); it
// should stay well under 100 ms per operation, linear in the file size.
func BenchmarkParse10000(b *testing.B) {
	data := bigCollection(10_000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("big.toml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck10000 measures validating every reference of 10,000
// requests once they are loaded, as `keyway check` and `keyway run` do
// before sending anything.
func BenchmarkCheck10000(b *testing.B) {
	c, err := Parse("big.toml", bigCollection(10_000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Check(&Scope{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare measures resolving one request with its profile, which
// a run of 1,000 requests does 1,000 times.
func BenchmarkPrepare(b *testing.B) {
	c, err := Parse("big.toml", bigCollection(10))
	if err != nil {
		b.Fatal(err)
	}
	scope := &Scope{Secrets: mapSecrets{"t": "token"}}
	for b.Loop() {
		if _, err := c.Prepare(c.Requests[3], scope); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepareGet is `keyway run`'s commonest request: a GET whose URL
// uses a variable, sent with a bearer profile whose token comes from the
// environment (bench/'s sequential workload).
func BenchmarkPrepareGet(b *testing.B) {
	c, err := Parse("get.toml", []byte(`name = "bench"
version = 1
default_profile = "static"
[vars]
base_url = "http://127.0.0.1:8080"
[profile.static]
type = "bearer"
token = "{{env:BENCH_TOKEN}}"
[[request]]
name = "get 1"
url = "{{base_url}}/items/1"
`))
	if err != nil {
		b.Fatal(err)
	}
	scope := &Scope{LookupEnv: func(string) (string, bool) { return "bench-static-token", true }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Prepare(c.Requests[0], scope); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildTree10000 measures building the positioned tree alone
// (after go-toml has validated the file) over BenchmarkParse10000's file,
// without decoding the tree into a Collection.
func BenchmarkBuildTree10000(b *testing.B) {
	data := bigCollection(10_000)
	lines := newLineIndex("big.toml", data)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tomldoc.ParseTree(lines.Lines); err != nil {
			b.Fatal(err)
		}
	}
}
