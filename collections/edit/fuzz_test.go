package edit

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/collections"
	"github.com/pelletier/go-toml/v2"
)

// FuzzEditString checks that every string the editor writes reads back
// through go-toml as the same string.
func FuzzEditString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" and \\ back", "tab\tnl\ncr\r\x00\x7f", "{{secret:x}}", "é☕\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := encodeString(s)
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatal("invalid UTF-8 accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ K string }
		if err := toml.Unmarshal([]byte("K = "+enc), &v); err != nil {
			t.Fatalf("%s does not decode: %v", enc, err)
		}
		if v.K != s {
			t.Fatalf("round trip: got %q, want %q", v.K, s)
		}
	})
}

// FuzzSetRequestField edits the url and headers of the first request of
// arbitrary documents. Whenever the edit succeeds, the result must decode
// to the original document with only those values changed: nothing else
// may be lost, duplicated or altered.
func FuzzSetRequestField(f *testing.F) {
	fixture, err := os.ReadFile(filepath.Join("testdata", "collection.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture, "https://example.com/?q=\"x\"", "Accept", "*/*")
	f.Add(toCRLF(fixture), "", "X-Y", "")
	f.Add([]byte("[[request]]"), "u", "A", "b")
	f.Add([]byte("[[request]]\nurl = \"\"\"\na\"\"\"\nheaders.A = 'x' # c\n"), "v", "A", "y")
	f.Add([]byte("x = 1\n[[request]]\n[request.headers]\nA = \"1\"\n"), "v", "B", "2")
	f.Fuzz(func(t *testing.T, src []byte, url, headerName, headerValue string) {
		var before map[string]any
		if toml.Unmarshal(src, &before) != nil {
			return
		}
		requests, ok := before["request"].([]any)
		if !ok || len(requests) == 0 {
			return
		}
		first, ok := requests[0].(map[string]any)
		if !ok {
			return
		}
		out, err := SetRequestField(src, 0, "url", url)
		if err != nil {
			return
		}
		var headers []collections.KV
		if headerName != "" {
			headers = []collections.KV{{Key: headerName, Value: headerValue}}
		}
		out, err = SetRequestHeaders(out, 0, headers)
		if err != nil {
			return
		}
		var after map[string]any
		if err := toml.Unmarshal(out, &after); err != nil {
			t.Fatalf("edited file does not decode: %v\n%s", err, out)
		}
		if url == "" {
			delete(first, "url")
		} else {
			first["url"] = url
		}
		if len(headers) == 0 {
			delete(first, "headers")
		} else {
			first["headers"] = map[string]any{headerName: headerValue}
		}
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("edit changed more than url and headers:\nbefore %#v\nafter  %#v\nfile:\n%s", before, after, out)
		}
	})
}

// FuzzUpsertProfile writes a bearer profile into arbitrary documents, then
// deletes it. Whenever an edit succeeds, the result must decode to the
// original document with only that profile changed: its managed keys set
// to the new ones, any other key of it kept.
func FuzzUpsertProfile(f *testing.F) {
	fixture, err := os.ReadFile(filepath.Join("testdata", "collection.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(fixture, "alice-basic", "{{secret:t}}")
	f.Add(fixture, "new one", "x\"y")
	f.Add(toCRLF(fixture), "service key", "")
	f.Add([]byte("[profile.p]\ntype = 'basic'\nca_file = \"x\"\n"), "p", "t")
	f.Add([]byte("[[request]]\nurl = \"a\""), "p", "t")
	f.Fuzz(func(t *testing.T, src []byte, name, token string) {
		var before map[string]any
		if toml.Unmarshal(src, &before) != nil {
			return
		}
		out, err := UpsertProfile(src, collections.Profile{Name: name, Type: "bearer", Token: token})
		if err != nil {
			return
		}
		var after map[string]any
		if err := toml.Unmarshal(out, &after); err != nil {
			t.Fatalf("edited file does not decode: %v\n%s", err, out)
		}
		profiles, _ := before["profile"].(map[string]any)
		if profiles == nil {
			profiles = map[string]any{}
			before["profile"] = profiles
		}
		want := map[string]any{}
		if old, ok := profiles[name].(map[string]any); ok {
			for k, v := range old {
				if !slices.Contains(profileKeys, k) {
					want[k] = v
				}
			}
		}
		want["type"], want["token"] = "bearer", token
		profiles[name] = want
		if !reflect.DeepEqual(before, after) {
			t.Fatalf("upsert changed more than profile %q:\nwant %#v\ngot  %#v\nfile:\n%s", name, before, after, out)
		}

		deleted, err := DeleteProfile(out, name)
		if err != nil {
			t.Fatalf("cannot delete the profile just written: %v\n%s", err, out)
		}
		var gone map[string]any
		if err := toml.Unmarshal(deleted, &gone); err != nil {
			t.Fatalf("file does not decode after delete: %v\n%s", err, deleted)
		}
		delete(profiles, name)
		if len(profiles) == 0 {
			if p, ok := gone["profile"].(map[string]any); ok && len(p) == 0 {
				delete(gone, "profile")
			}
			delete(before, "profile")
		}
		if !reflect.DeepEqual(before, gone) {
			t.Fatalf("delete changed more than profile %q:\nwant %#v\ngot  %#v\nfile:\n%s", name, before, gone, deleted)
		}
	})
}
