package edit

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/keyway-cli/keyway/collections"
	"github.com/pelletier/go-toml/v2"
)

// goldenCases are edits of testdata/collection.toml, each compared
// with testdata/TestEditGolden/NAME.toml.golden.
var goldenCases = []struct {
	name string
	edit func(src []byte) ([]byte, error)
}{
	{"set-method", func(src []byte) ([]byte, error) { return SetRequestField(src, 0, "method", "PATCH") }},
	{"set-url-indented", func(src []byte) ([]byte, error) {
		return SetRequestField(src, 1, "url", `{{base_url}}/users?role="admin"`)
	}},
	{"set-body-multiline", func(src []byte) ([]byte, error) {
		return SetRequestField(src, 1, "body", "{\"name\": \"carol\"}\n")
	}},
	{"insert-timeout-before-subtable", func(src []byte) ([]byte, error) { return SetRequestField(src, 2, "timeout", "10s") }},
	{"insert-folder-indented", func(src []byte) ([]byte, error) { return SetRequestField(src, 1, "folder", "admin") }},
	{"insert-at-eof-without-newline", func(src []byte) ([]byte, error) { return SetRequestField(src, 3, "method", "HEAD") }},
	{"remove-folder", func(src []byte) ([]byte, error) { return SetRequestField(src, 0, "folder", "") }},
	{"headers-inline", func(src []byte) ([]byte, error) {
		return SetRequestHeaders(src, 0, []collections.KV{{Key: "Accept", Value: "text/plain"}, {Key: "X-Trace", Value: "on"}, {Key: "X.Odd", Value: `a"b`}})
	}},
	{"headers-inline-empty", func(src []byte) ([]byte, error) { return SetRequestHeaders(src, 0, nil) }},
	{"headers-dotted", func(src []byte) ([]byte, error) {
		return SetRequestHeaders(src, 1, []collections.KV{{Key: "X-Mode", Value: "prod"}, {Key: "Accept", Value: "application/json"}})
	}},
	{"headers-subtable", func(src []byte) ([]byte, error) {
		return SetRequestHeaders(src, 2, []collections.KV{{Key: "Accept", Value: "*/*"}, {Key: "X-New", Value: "1"}})
	}},
	{"headers-subtable-empty", func(src []byte) ([]byte, error) { return SetRequestHeaders(src, 2, []collections.KV{}) }},
	{"headers-insert", func(src []byte) ([]byte, error) {
		return SetRequestHeaders(src, 3, []collections.KV{{Key: "Accept", Value: "application/json"}})
	}},
	{"profile-update", func(src []byte) ([]byte, error) {
		return UpsertProfile(src, collections.Profile{Name: "alice-basic", Type: "basic", Username: "alice", Password: "{{prompt}}"})
	}},
	{"profile-change-type", func(src []byte) ([]byte, error) {
		return UpsertProfile(src, collections.Profile{Name: "service key", Type: "bearer", Token: "{{secret:service-token}}"})
	}},
	{"profile-new", func(src []byte) ([]byte, error) {
		return UpsertProfile(src, collections.Profile{Name: "alice-oauth", Type: "oauth2-password", TokenURL: "{{base_url}}/oauth/token",
			ClientID: "demo-client", ClientAuth: "body", Username: "alice", Password: "{{prompt:Alice's password}}",
			Scopes: []string{"read", "write"}})
	}},
	{"profile-delete", func(src []byte) ([]byte, error) {
		// The request that used the profile is moved off it first, as the
		// TUI must: DeleteProfile leaves requests alone.
		src, err := SetRequestField(src, 1, "profile", "none")
		if err != nil {
			return nil, err
		}
		return DeleteProfile(src, "alice-basic")
	}},
	{"profile-delete-last", func(src []byte) ([]byte, error) {
		src, err := SetRequestField(src, 2, "profile", "")
		if err != nil {
			return nil, err
		}
		return DeleteProfile(src, "service key")
	}},
}

// TestEditGolden runs every golden edit on the LF fixture and on its CRLF
// twin: the result must equal the golden file (go test -update rewrites it),
// the twin's that result converted to CRLF; both must still decode as TOML,
// and differ from the input.
func TestEditGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "collection.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range goldenCases {
		t.Run(tc.name+".toml", func(t *testing.T) {
			got, err := tc.edit(bytes.Clone(src))
			if err != nil {
				t.Fatalf("edit: %v", err)
			}
			golden.RequireEqual(t, got)
			assertDecodes(t, got)
			if _, err := collections.Parse(tc.name+".toml", got); err != nil {
				t.Errorf("the edited collection does not load: %v", err)
			}
			if bytes.Equal(got, src) {
				t.Error("the edit changed nothing")
			}

			crlf := toCRLF(src)
			gotCRLF, err := tc.edit(crlf)
			if err != nil {
				t.Fatalf("edit of the CRLF file: %v", err)
			}
			assertSame(t, "CRLF", gotCRLF, toCRLF(got))
			assertDecodes(t, gotCRLF)
			if !bytes.Equal(crlf, toCRLF(src)) {
				t.Error("the edit modified its input slice")
			}
		})
	}
}

// TestEditUnchangedValueKeepsBytes checks that setting a value to what it
// already is changes no byte, whatever quotes it was written with.
func TestEditUnchangedValueKeepsBytes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "collection.toml"))
	if err != nil {
		t.Fatal(err)
	}
	edits := map[string]func() ([]byte, error){
		"name":           func() ([]byte, error) { return SetRequestField(src, 0, "name", "List users") },
		"absent removed": func() ([]byte, error) { return SetRequestField(src, 2, "folder", "") },
		"literal header": func() ([]byte, error) {
			return SetRequestHeaders(src, 2, []collections.KV{{Key: "Accept", Value: "*/*"}, {Key: "X-Reason", Value: "cleanup"}})
		},
		"dotted headers": func() ([]byte, error) {
			return SetRequestHeaders(src, 1, []collections.KV{{Key: "Content-Type", Value: "application/json"}, {Key: "X-Mode", Value: "test"}})
		},
		"profile": func() ([]byte, error) {
			return UpsertProfile(src, collections.Profile{Name: "service key", Type: "apikey", In: "header", KeyName: "X-API-Key", Value: "{{secret:service-key}}"})
		},
	}
	for name, edit := range edits {
		got, err := edit()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		assertSame(t, name, got, src)
	}
}

// toCRLF turns every LF line ending into CRLF.
func toCRLF(b []byte) []byte {
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// assertSame fails with the first differing line when got != want.
func assertSame(t *testing.T, label string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s: line %d differs:\n got: %q\nwant: %q", label, i+1, g, w)
		}
	}
	t.Fatalf("%s: output differs from the golden file", label)
}

// assertDecodes fails when b is not valid TOML.
func assertDecodes(t *testing.T, b []byte) {
	t.Helper()
	var v map[string]any
	if err := toml.Unmarshal(b, &v); err != nil {
		t.Fatalf("result does not decode: %v\n%s", err, b)
	}
}
