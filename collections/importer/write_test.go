package importer

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
)

// awkward are strings whose TOML encoding is easy to get wrong.
var awkward = []string{
	"plain",
	"",
	`with "double" and 'single' quotes`,
	`back\slash \n not a newline`,
	"two\nlines",
	"ends with newline\n",
	"crlf\r\nline",
	"tab\there",
	"''' triple\nquote",
	"ends in quote\n'",
	"control \x01 \x1b[31m \x7f",
	"unicode é 日本 \u2028",
	`{"json": [1, 2, {"a": "b\"c"}]}`,
	"line one\n  indented\n\n\nlast",
	"\"\"\"\nbasic triple",
}

func TestWriteEscapesReadBack(t *testing.T) {
	c := &Collection{Name: `My "API"`}
	for i, s := range awkward {
		c.Requests = append(c.Requests, &Request{
			Name:   s + "#" + string(rune('a'+i)),
			Method: "POST",
			URL:    "https://example.com/",
			Query:  []KV{{Key: "odd key." + s + string(rune('a'+i)), Value: s}},
			Body:   s,
		})
	}
	res, _ := write(t, c)
	got := checkTOML(t, res.TOML)
	if got.Name != c.Name {
		t.Errorf("name = %q, want %q", got.Name, c.Name)
	}
	for i, s := range awkward {
		r := got.Requests[i]
		if r.Body != s {
			t.Errorf("body %d = %q, want %q\n%s", i, r.Body, s, res.TOML)
		}
		want := c.Requests[i].Query[0]
		if len(r.Query) != 1 || r.Query[0].Key != want.Key || r.Query[0].Value != want.Value {
			t.Errorf("query %d = %q, want %q", i, r.Query, want)
		}
	}
	if !strings.Contains(string(res.TOML), "body = '''\ntwo\nlines'''") {
		t.Errorf("a body of several lines is not written as a multi-line string:\n%s", res.TOML)
	}
}

func TestWriteOrderAndComments(t *testing.T) {
	c := &Collection{Name: "Shop", Notes: []string{"Imported from shop.http."}}
	c.AddVar("base_url", "https://shop.example.com", "")
	c.Envs = []Env{{Name: "staging", Vars: []Var{{Name: "base_url", Value: "https://staging.shop.example.com"}}}, {Name: "dev env", Vars: []Var{{Name: "base_url", Value: "http://127.0.0.1:8080"}}}}
	token := c.Secret("shop.example.com/token", "s3cr3t-t0ken", `profile "shop" token`)
	prof := c.AddProfile(&Profile{Name: "shop", Type: "bearer", Fields: []Field{{Key: "token", Value: token}}})
	for _, name := range []string{"Zeta", "Alpha", "Mid"} {
		c.Requests = append(c.Requests, &Request{Name: name, Folder: "items", URL: "{{base_url}}/" + name, Profile: prof,
			Headers: []KV{{Key: "Cookie", Value: "session=s3cr3t-t0ken"}}})
	}
	c.Requests[1].Unmapped = []string{"a pre-request script was not run"}
	c.Requests[2].Headers = append(c.Requests[2].Headers, KV{Key: "Accept", Value: "application/json"}, KV{Key: "X-Request-Id", Value: "0123456789abcdef0123456789abcdef"})
	res, stored := write(t, c)
	out := string(res.TOML)
	got := checkTOML(t, res.TOML)
	var names []string
	for _, r := range got.Requests {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "Zeta,Alpha,Mid" {
		t.Errorf("requests in order %v, want the source's", names)
	}
	if strings.Join(got.EnvNames, ",") != "staging,dev env" {
		t.Errorf("environments %v", got.EnvNames)
	}
	if strings.Contains(out, "s3cr3t") {
		t.Fatalf("a secret value is in the TOML:\n%s", out)
	}
	if stored["shop.example.com/token"] != "s3cr3t-t0ken" || len(res.Secrets) != 1 || res.Secrets[0].Value != "" {
		t.Errorf("stored %v, listed %+v", stored, res.Secrets)
	}
	if got.Requests[0].Headers[0].Value != "session={{secret:shop.example.com/token}}" {
		t.Errorf("the secret's copy in a cookie is %q", got.Requests[0].Headers[0].Value)
	}
	if !strings.Contains(out, "# Not imported: a pre-request script was not run\n[[request]]\nname = \"Alpha\"") {
		t.Errorf("the unmapped item is not commented above its request:\n%s", out)
	}
	if len(res.Unmapped) != 1 || res.Unmapped[0] != `request "Alpha": a pre-request script was not run` {
		t.Errorf("unmapped = %q", res.Unmapped)
	}
	if !strings.Contains(out, "[request.headers]\nCookie = ") {
		t.Errorf("long headers are not a section of their own:\n%s", out)
	}
}

func TestWriteStoreFailureWritesNothing(t *testing.T) {
	c := &Collection{}
	ref := c.Secret("k", "value-1234", "a key")
	c.Requests = []*Request{{Name: "r", URL: "https://x.test/", Headers: []KV{{Key: "X-Key", Value: ref}}}}
	if _, err := Write(c, nil); err == nil {
		t.Fatal("a collection with secrets was written without a store")
	}
	_, err := Write(c, func(string, string, []string) error { return errTest })
	if err == nil || strings.Contains(err.Error(), "value-1234") {
		t.Fatalf("err = %v", err)
	}
}

func TestWriteDuplicateNamesAndEmpty(t *testing.T) {
	c := &Collection{Requests: []*Request{{Name: "a", URL: "https://x.test"}, {Name: "a", URL: "https://x.test"}, {URL: "https://x.test/p"}}}
	res, _ := write(t, c)
	got := checkTOML(t, res.TOML)
	if got.Requests[1].Name != "a (2)" || got.Requests[2].Name != "GET https://x.test/p" {
		t.Errorf("names %q %q", got.Requests[1].Name, got.Requests[2].Name)
	}
	res, _ = write(t, &Collection{})
	checkTOML(t, res.TOML)
}

func TestSecretNamesUnique(t *testing.T) {
	c := &Collection{}
	a := c.Secret("h/token", "one", "")
	b := c.Secret("h/token", "two", "")
	again := c.Secret("h/token", "one", "")
	odd := c.Secret("my {key} name", "x", "")
	if a != "{{secret:h/token}}" || b != "{{secret:h/token-2}}" || again != a || odd != "{{secret:my--key--name}}" {
		t.Errorf("%s %s %s %s", a, b, again, odd)
	}
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("store refused")

// FuzzWriteString checks every string encoding Write uses against
// go-toml's decoder: what is written reads back as the same text.
func FuzzWriteString(f *testing.F) {
	for _, s := range awkward {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		for _, enc := range []string{text(s), marshalValue(s), key(s)} {
			if enc == "" {
				continue
			}
			var back map[string]string
			doc := "v = " + enc
			if enc == key(s) {
				doc = enc + " = \"x\""
			}
			if err := toml.Unmarshal([]byte(doc), &back); err != nil {
				t.Fatalf("%q encoded as %s does not decode: %v", s, enc, err)
			}
			if enc == key(s) {
				if _, ok := back[s]; !ok {
					t.Fatalf("key %q encoded as %s reads back as %v", s, enc, back)
				}
			} else if back["v"] != s {
				t.Fatalf("%q encoded as %s reads back as %q", s, enc, back["v"])
			}
		}
	})
}

func TestWriteLeavesOutRequestsKeywayRefuses(t *testing.T) {
	c := &Collection{}
	ref := c.Secret("bad.test/token", "only-in-the-bad-one", "a token")
	c.Requests = []*Request{
		{Name: "good", URL: "https://ok.test/"},
		{Name: "no host", URL: "http://", Headers: []KV{{Key: "X-Token", Value: ref}}},
		{Name: "ftp", URL: "ftp://files.test/x"},
	}
	res, stored := write(t, c)
	got := checkTOML(t, res.TOML)
	if len(got.Requests) != 1 || got.Requests[0].Name != "good" {
		t.Fatalf("requests %v\n%s", got.Requests, res.TOML)
	}
	all := strings.Join(res.Unmapped, "\n")
	if !strings.Contains(all, `request "no host" was left out: `) || !strings.Contains(all, `request "ftp" was left out: `) {
		t.Errorf("unmapped %q", res.Unmapped)
	}
	if len(stored) != 0 || len(res.Secrets) != 0 {
		t.Errorf("the left-out request's secret was stored: %v", stored)
	}
}

// TestWriteMultipartTable: multipart parts are written to
// [request.multipart], in order.
func TestWriteMultipartTable(t *testing.T) {
	c := &Collection{Requests: []*Request{{Name: "upload", Method: "POST", URL: "https://x.test/", Multipart: []Part{
		{Name: "title", Value: "My cat"},
		{Name: "photo", File: "img/cat.png", ContentType: "image/png"},
		{Name: "tag", Value: "cats"},
		{Name: "tag", Value: "pets"},
		{Name: "odd name", File: "a.bin"},
	}}}}
	w := &writer{}
	w.collection(c)
	out := w.buf.String()
	want := "[request.multipart]\ntitle = \"My cat\"\nphoto = { file = \"img/cat.png\", content_type = \"image/png\" }\ntag = [\"cats\", \"pets\"]\n\"odd name\" = { file = \"a.bin\" }\n"
	if !strings.HasSuffix(out, want) {
		t.Errorf("got\n%s\nwant the end to be\n%s", out, want)
	}
	var doc map[string]any
	if err := toml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not TOML: %v\n%s", err, out)
	}
}
