package edit

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/pelletier/go-toml/v2"
)

// requestsSource has comments above, inside and after requests, a
// sub-table, folders and odd spacing: every edit must keep all of it.
const requestsSource = `name = "Edits"   # the title
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth

# Who is calling
# (two comment lines)
[[request]]
name = "Who am I"
folder = "users"
url = "{{base_url}}/me"
  # a comment inside
[request.expect]
status = 200
# after Who am I

[[request]]
name = "List users"
folder = "users"
url = "{{base_url}}/users"

[[request]]
name = "Login"
folder = "auth"
method = "POST"
url = "{{base_url}}/login"
`

// mustEdit returns a function that fails the test on an edit's error,
// or on a result that does not load, and returns the new file.
func mustEdit(t *testing.T) func([]byte, error) string {
	return func(out []byte, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := collections.Parse("edits.toml", out); err != nil {
			t.Fatalf("the edit does not load: %v\n%s", err, out)
		}
		return string(out)
	}
}

func TestAppendRequest(t *testing.T) {
	src := []byte(requestsSource)
	got := mustEdit(t)(AppendRequest(src, NewRequest{Name: "Delete user", Folder: "users", Method: "DELETE", URL: "{{base_url}}/users/{{id}}",
		Headers: []collections.KV{{Key: "Accept", Value: "application/json"}}, Query: []collections.KV{{Key: "hard", Value: "true"}}}))
	want := strings.Replace(requestsSource, `url = "{{base_url}}/users"
`, `url = "{{base_url}}/users"

[[request]]
name = "Delete user"
folder = "users"
method = "DELETE"
url = "{{base_url}}/users/{{id}}"
headers = { Accept = "application/json" }
query = { hard = "true" }
`, 1)
	if got != want {
		t.Errorf("into a folder:\n%s\nwant:\n%s", got, want)
	}
	got = mustEdit(t)(AppendRequest(src, NewRequest{Name: "New", URL: "https://x"}))
	if want := requestsSource + "\n[[request]]\nname = \"New\"\nurl = \"https://x\"\n"; got != want {
		t.Errorf("at the end:\n%s\nwant:\n%s", got, want)
	}
	// An empty file (a new collection) and one without a final newline.
	if got := mustEdit(t)(AppendRequest(nil, NewRequest{Name: "First", URL: "https://x"})); got != "[[request]]\nname = \"First\"\nurl = \"https://x\"\n" {
		t.Errorf("into an empty file: %q", got)
	}
	if got := mustEdit(t)(AppendRequest([]byte("version = 1"), NewRequest{Name: "A", URL: "https://x"})); got != "version = 1\n\n[[request]]\nname = \"A\"\nurl = \"https://x\"\n" {
		t.Errorf("after a last line without newline: %q", got)
	}
	crlf := strings.ReplaceAll(requestsSource, "\n", "\r\n")
	got = mustEdit(t)(AppendRequest([]byte(crlf), NewRequest{Name: "New", URL: "https://x"}))
	if want := crlf + "\r\n[[request]]\r\nname = \"New\"\r\nurl = \"https://x\"\r\n"; got != want {
		t.Errorf("CRLF file: %q", got)
	}
	if _, err := AppendRequest(src, NewRequest{URL: "https://x"}); err == nil {
		t.Error("a request without a name was appended")
	}
}

func TestDuplicateRequest(t *testing.T) {
	got := mustEdit(t)(DuplicateRequest([]byte(requestsSource), 1, "Who am I (copy)"))
	block := `[[request]]
name = "Who am I"
folder = "users"
url = "{{base_url}}/me"
  # a comment inside
[request.expect]
status = 200
`
	want := strings.Replace(requestsSource, block, block+"\n"+strings.Replace(block, `"Who am I"`, `"Who am I (copy)"`, 1), 1)
	if got != want {
		t.Errorf("duplicate:\n%s\nwant:\n%s", got, want)
	}
	if _, err := DuplicateRequest([]byte(requestsSource), 9, "x"); err == nil {
		t.Error("duplicated a request that is not there")
	}
}

func TestDeleteRequest(t *testing.T) {
	src := []byte(requestsSource)
	got := mustEdit(t)(DeleteRequest(src, 1))
	want := strings.Replace(requestsSource, `# Who is calling
# (two comment lines)
[[request]]
name = "Who am I"
folder = "users"
url = "{{base_url}}/me"
  # a comment inside
[request.expect]
status = 200
`, "", 1)
	if got != want {
		t.Errorf("middle request:\n%s\nwant:\n%s", got, want)
	}
	got = mustEdit(t)(DeleteRequest(src, 3))
	want = strings.TrimSuffix(requestsSource, `

[[request]]
name = "Login"
folder = "auth"
method = "POST"
url = "{{base_url}}/login"
`) + "\n"
	if got != want {
		t.Errorf("last request:\n%q\nwant:\n%q", got, want)
	}
	got = mustEdit(t)(DeleteRequest(src, 0))
	want = strings.Replace(requestsSource, `# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth

`, "", 1)
	if got != want {
		t.Errorf("first request:\n%s\nwant:\n%s", got, want)
	}
}

func TestMoveRequest(t *testing.T) {
	src := []byte(requestsSource)
	// Health joins users: its folder key is added and it goes after the
	// folder's last request, its comment with it.
	got := mustEdit(t)(MoveRequest(src, 0, "users"))
	want := strings.Replace(strings.Replace(requestsSource, `# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth

`, "", 1), `url = "{{base_url}}/users"
`, `url = "{{base_url}}/users"

# Is it up?
[[request]]
name = "Health"
url  = "{{base_url}}/health"   # no auth
folder = "users"
`, 1)
	if got != want {
		t.Errorf("into users:\n%s\nwant:\n%s", got, want)
	}
	// Login leaves its folder: the key goes; it is already last.
	got = mustEdit(t)(MoveRequest(src, 3, ""))
	if want := strings.Replace(requestsSource, "folder = \"auth\"\n", "", 1); got != want {
		t.Errorf("out of auth:\n%s\nwant:\n%s", got, want)
	}
	c, err := collections.Parse("edits.toml", []byte(mustEdit(t)(MoveRequest(src, 1, "auth"))))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range c.Requests {
		order = append(order, r.Folder+"/"+r.Name)
	}
	if got := strings.Join(order, ", "); got != "/Health, users/List users, auth/Login, auth/Who am I" {
		t.Errorf("order after moving Who am I to auth: %s", got)
	}
}

// A request whose sub-table comes after another table cannot be moved or
// deleted without carrying that table along: refused, the file unchanged.
func TestRequestInPiecesIsRefused(t *testing.T) {
	src := []byte("[[request]]\nname = \"a\"\nurl = \"https://x\"\n[profile.p]\ntype = \"bearer\"\ntoken = \"t\"\n[request.expect]\nstatus = 200\n")
	if _, err := DeleteRequest(src, 0); err == nil || !strings.Contains(err.Error(), "written in pieces") {
		t.Errorf("DeleteRequest = %v", err)
	}
}

// FuzzRequestListEdits deletes, duplicates and appends requests in
// arbitrary documents. Whenever an edit succeeds, the result must decode to
// the original document with exactly that change: the other requests and
// every other table as they were.
func FuzzRequestListEdits(f *testing.F) {
	f.Add([]byte(requestsSource), "copy")
	f.Add([]byte(strings.ReplaceAll(requestsSource, "\n", "\r\n")), "x")
	f.Add([]byte("[[request]]\nname = 'a' # c\n[request.headers]\nA = \"1\"\n[[request]]\nname = \"b\""), "b2")
	f.Add([]byte("# top\n[[request]]\n# in\nname = \"\"\"\nx\"\"\"\n"), "")
	f.Fuzz(func(t *testing.T, src []byte, name string) {
		var before map[string]any
		if toml.Unmarshal(src, &before) != nil {
			return
		}
		requests, ok := before["request"].([]any)
		if !ok || len(requests) == 0 {
			return
		}
		check := func(op string, out []byte, err error, want []any) {
			if err != nil {
				return
			}
			var after map[string]any
			if err := toml.Unmarshal(out, &after); err != nil {
				t.Fatalf("%s: the result does not decode: %v\n%q", op, err, out)
			}
			expected := maps.Clone(before)
			expected["request"] = want
			if len(want) == 0 {
				delete(expected, "request")
				if _, ok := after["request"]; !ok {
					after["request"] = nil
					delete(after, "request")
				}
			}
			if !reflect.DeepEqual(after, expected) {
				t.Fatalf("%s changed more than asked:\n%q\n→\n%q", op, src, out)
			}
		}
		out, err := DeleteRequest(src, 0)
		check("delete", out, err, requests[1:])

		if first, ok := requests[0].(map[string]any); ok && name != "" {
			copied := maps.Clone(first)
			copied["name"] = name
			out, err = DuplicateRequest(src, 0, name)
			check("duplicate", out, err, slices.Insert(slices.Clone(requests), 1, any(copied)))
		}
		if name != "" {
			out, err = AppendRequest(src, NewRequest{Name: name, URL: "https://x"})
			check("append", out, err, append(slices.Clone(requests), map[string]any{"name": name, "url": "https://x"}))
		}
	})
}

// TestOtherArrayOfTablesIsNotARequest: request indexes count [[request]]
// tables alone; another array of tables before them is left alone.
func TestOtherArrayOfTablesIsNotARequest(t *testing.T) {
	src := "[[step]]\nname = \"s\"\n\n[[request]]\nname = \"a\"\n"
	out, err := SetRequestField([]byte(src), 0, "url", "http://x")
	if want := "[[step]]\nname = \"s\"\n\n[[request]]\nname = \"a\"\nurl = \"http://x\"\n"; err != nil || string(out) != want {
		t.Errorf("set url: %v\n%s\nwant\n%s", err, out, want)
	}
	out, err = DeleteRequest([]byte(src), 0)
	if want := "[[step]]\nname = \"s\"\n"; err != nil || string(out) != want {
		t.Errorf("delete: %v\n%q\nwant\n%q", err, out, want)
	}
	if _, err := SetRequestField([]byte(src), 1, "url", "http://x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("request 2 of 1: %v", err)
	}
}
