package edit

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections"
)

// expectSource has an expect table with a comment, a key the edit does not
// manage, a spelled-out status, and a request without one.
const expectSource = `# header comment
[[request]]
name = "Who am I"
url = "https://api.example.com/me"   # me
[request.expect]
status = 200        # the usual
jq = [ '.id > 0' ]  # literal quotes
headers = {  Content-Type = "json"  }

# second
[[request]]
name = "Plain"
url = "https://api.example.com/plain"
[request.capture]
token = ".access_token"  # kept

[[request]]
name = "Last"
url = "https://api.example.com/last"
`

// TestSetRequestExpect edits expectations and keeps every other byte: an
// unchanged value keeps its spelling and comment, a new table goes after
// the request's last line, an empty one is removed.
func TestSetRequestExpect(t *testing.T) {
	edit := mustEdit(t)
	// Only the status changes: jq and headers keep their odd spelling.
	got := edit(SetRequestExpect([]byte(expectSource), 0, collections.Expect{Status: 201, JQ: []string{".id > 0"},
		Headers: []collections.KV{{Key: "Content-Type", Value: "json"}}}))
	if want := strings.Replace(expectSource, "status = 200 ", "status = 201 ", 1); got != want {
		t.Errorf("status:\n%s\nwant:\n%s", got, want)
	}
	// Add max_duration and a header, drop jq.
	got = edit(SetRequestExpect([]byte(expectSource), 0, collections.Expect{Status: 200, MaxDuration: 1500 * time.Millisecond,
		Headers: []collections.KV{{Key: "Content-Type", Value: "json"}, {Key: "X-Id", Value: "7"}}}))
	want := strings.Replace(strings.Replace(expectSource,
		"jq = [ '.id > 0' ]  # literal quotes\n", "", 1),
		`headers = {  Content-Type = "json"  }`, `headers = { Content-Type = "json", X-Id = "7" }`+"\nmax_duration = \"1.5s\"", 1)
	if got != want {
		t.Errorf("max_duration:\n%s\nwant:\n%s", got, want)
	}
	// A request with a capture table and no expect gets one after it.
	got = edit(SetRequestExpect([]byte(expectSource), 1, collections.Expect{Status: 204, JQ: []string{`.ok == true`}}))
	if want := strings.Replace(expectSource, "token = \".access_token\"  # kept\n", "token = \".access_token\"  # kept\n[request.expect]\nstatus = 204\njq = [\".ok == true\"]\n", 1); got != want {
		t.Errorf("new table:\n%s\nwant:\n%s", got, want)
	}
	// The last request, at the end of the file.
	got = edit(SetRequestExpect([]byte(expectSource), 2, collections.Expect{Headers: []collections.KV{{Key: "Content-Type", Value: "json"}}}))
	if want := expectSource + "[request.expect]\nheaders = { Content-Type = \"json\" }\n"; got != want {
		t.Errorf("at the end:\n%s\nwant:\n%s", got, want)
	}
	// Nothing expected: the table goes.
	got = edit(SetRequestExpect([]byte(expectSource), 0, collections.Expect{}))
	if want := strings.Replace(expectSource, "[request.expect]\nstatus = 200        # the usual\njq = [ '.id > 0' ]  # literal quotes\nheaders = {  Content-Type = \"json\"  }\n", "", 1); got != want {
		t.Errorf("removed:\n%s\nwant:\n%s", got, want)
	}
	if got := edit(SetRequestExpect([]byte(expectSource), 2, collections.Expect{})); got != expectSource {
		t.Errorf("no expect to none changed the file:\n%s", got)
	}
	for _, c := range []struct {
		src  string
		e    collections.Expect
		want string
	}{
		{expectSource, collections.Expect{Status: 99}, "from 100 to 599"},
		{"[[request]]\nname = \"a\"\nurl = \"https://x\"\nexpect = { status = 200 }\n", collections.Expect{Status: 201}, "line 4: this request's expect is written among its keys"},
		{"[[request]]\nname = \"a\"\nurl = \"https://x\"\nexpect.status = 200\n", collections.Expect{Status: 201}, "line 4"},
	} {
		if _, err := SetRequestExpect([]byte(c.src), 0, c.e); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.e, err, c.want)
		}
	}
}

// TestSetRequestExpectHeadersTable edits expected headers written as a
// [request.expect.headers] table, key by key.
func TestSetRequestExpectHeadersTable(t *testing.T) {
	src := "[[request]]\nname = \"a\"\nurl = \"https://x\"\n[request.expect]\nstatus = 200\n[request.expect.headers]\nContent-Type = \"json\"  # c\nX-Old = \"1\"\n"
	got := mustEdit(t)(SetRequestExpect([]byte(src), 0, collections.Expect{Status: 200, Headers: []collections.KV{{Key: "Content-Type", Value: "json"}, {Key: "X-New", Value: "2"}}}))
	if want := strings.Replace(src, "X-Old = \"1\"\n", "X-New = \"2\"\n", 1); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestSetRequestCapture edits a [request.capture] table and adds one
// inline where there is none; names must be variable names.
func TestSetRequestCapture(t *testing.T) {
	edit := mustEdit(t)
	got := edit(SetRequestCapture([]byte(expectSource), 1, []collections.KV{{Key: "token", Value: ".access_token"}, {Key: "user.id", Value: ".user.id"}}))
	if want := strings.Replace(expectSource, "# kept\n", "# kept\n\"user.id\" = \".user.id\"\n", 1); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	got = edit(SetRequestCapture([]byte(expectSource), 2, []collections.KV{{Key: "id", Value: ".id"}}))
	if want := expectSource + "capture = { id = \".id\" }\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if _, err := SetRequestCapture([]byte(expectSource), 1, []collections.KV{{Key: "a b", Value: ".x"}}); err == nil || !strings.Contains(err.Error(), "not a valid variable name") {
		t.Errorf("bad name: %v", err)
	}
}

// FuzzSetRequestExpect edits expectations and captures of arbitrary
// files: whenever an edit succeeds, the result loads as the same
// collection with the request expecting and capturing what was asked.
func FuzzSetRequestExpect(f *testing.F) {
	f.Add(expectSource, 0, 201, ".id > 0", "Content-Type", "json", int64(1500), "uid", ".id")
	f.Add(expectSource, 1, 0, "", "", "", int64(0), "", "")
	f.Add("[[request]]\nname = \"a\"\nurl = \"https://x\"\n[request.expect.headers]\nA = \"b\"\n", 0, 200, ".a", "A", "c", int64(0), "x.y", ".b")
	f.Fuzz(func(t *testing.T, src string, index, status int, jq, hName, hValue string, ms int64, capName, capExpr string) {
		before, err := collections.Parse("f.toml", []byte(src))
		if err != nil || index < 0 || index >= len(before.Requests) {
			return
		}
		e := collections.Expect{Status: status, MaxDuration: time.Duration(ms) * time.Millisecond}
		if jq != "" {
			e.JQ = []string{jq}
		}
		if hName != "" {
			e.Headers = []collections.KV{{Key: hName, Value: hValue}}
		}
		out, err := SetRequestExpect([]byte(src), index, e)
		if err != nil {
			return
		}
		var capture []collections.KV
		if capName != "" {
			capture = []collections.KV{{Key: capName, Value: capExpr}}
		}
		if out2, err := SetRequestCapture(out, index, capture); err == nil {
			out = out2
		} else {
			capture = before.Requests[index].Capture
		}
		after, err := collections.Parse("f.toml", out)
		if err != nil {
			return // a value the loader refuses (a bad header name): the TUI's save reports it
		}
		if len(after.Requests) != len(before.Requests) {
			t.Fatalf("requests %d → %d:\n%s", len(before.Requests), len(after.Requests), out)
		}
		got := after.Requests[index]
		if got.Expect.Status != e.Status || got.Expect.MaxDuration != e.MaxDuration ||
			!slices.Equal(got.Expect.JQ, e.JQ) || !slices.Equal(got.Expect.Headers, e.Headers) || !slices.Equal(got.Capture, capture) {
			t.Fatalf("asked %+v %v, got %+v %v:\n%s", e, capture, got.Expect, got.Capture, out)
		}
	})
}
