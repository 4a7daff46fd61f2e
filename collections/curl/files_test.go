package curl

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
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
func fileCollection(t *testing.T, base, src string, files map[string]string) *collections.Collection {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	c, err := collections.Parse(filepath.Join(dir, "api.toml"), []byte("[vars]\nbase = \""+base+"\"\n"+src))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sendPrepared prepares the request name and sends it as keyway does.
func sendPrepared(t *testing.T, c *collections.Collection, name string, s *collections.Scope) *collections.Prepared {
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

// partsOf reads a multipart body into "name|filename|content-type|bytes"
// lines, for comparing bodies whose boundaries differ.
func partsOf(t *testing.T, r received) []string {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.contentType)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", r.contentType, err)
	}
	mr := multipart.NewReader(bytes.NewReader(r.body), params["boundary"])
	var out []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(p)
		out = append(out, strings.Join([]string{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(data)}, "|"))
	}
}

// The curl command a file body exports sends what keyway sends: run with
// the real curl against a server that records both.
func TestCurlFileBodiesSendWhatKeywaySends(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	srv, got := recordingServer(t)
	c := fileCollection(t, srv.URL, `
[[request]]
name = "upload"
method = "POST"
url = "{{base}}/upload"
[request.multipart]
title = "@not-a-file; type=x"
photo = { file = "my cat;1.png", filename = "say \"hi\".png" }

[[request]]
name = "doc"
method = "PUT"
url = "{{base}}/doc"
body_file = "doc.json"
`, map[string]string{"my cat;1.png": "\x89PNG\x00\xff", "doc.json": "{\"a\":\n1}\r\n"})
	for _, name := range []string{"upload", "doc"} {
		p := sendPrepared(t, c, name, &collections.Scope{})
		cmd := exec.Command("sh", "-c", Render(p, nil).Script+" --silent --show-error")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", name, err, out, Render(p, nil).Script)
		}
	}
	if len(*got) != 4 {
		t.Fatalf("server got %d requests", len(*got))
	}
	keyway, curl := partsOf(t, (*got)[0]), partsOf(t, (*got)[1])
	if !slices.Equal(keyway, curl) || len(keyway) != 2 {
		t.Errorf("multipart parts:\nkeyway %q\ncurl   %q", keyway, curl)
	}
	if k, c := (*got)[2], (*got)[3]; k.contentType != c.contentType || !bytes.Equal(k.body, c.body) {
		t.Errorf("body_file: keyway %q %q, curl %q %q", k.contentType, k.body, c.contentType, c.body)
	}
}
