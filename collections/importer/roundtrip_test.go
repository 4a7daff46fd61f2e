package importer_test

import (
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
	"sync"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/importer"
	"github.com/keyway-cli/keyway/collections/run"
)

// recorded is one request as the server received it.
type recorded struct {
	method, uri, body string
	header            http.Header
}

type recorder struct {
	mu   sync.Mutex
	seen []recorded
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.seen = append(rec.seen, recorded{method: r.Method, uri: r.RequestURI, body: string(body), header: r.Header.Clone()})
	rec.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (rec *recorder) take() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.seen
	rec.seen = nil
	return out
}

type mapSecrets map[string]string

func (m mapSecrets) Get(name string) (string, error) { return m[name], nil }

// roundTripLines are curl commands as docs and browsers print them, with
// SERVER for the recording server. Each is sent by curl itself and by
// keyway after import; the two requests must match.
var roundTripLines = []string{
	// Chrome's "Copy as cURL (bash)".
	`curl 'SERVER/api/v2/items?page=2&sort=name' \
  -H 'accept: application/json, text/plain, */*' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln' \
  -H 'content-type: application/json' \
  -b 'session=9f8e7d6c5b4a3f2e; theme=dark' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0' \
  --data-raw $'{"name":"it\'s a \\"test\\"","note":"caf\u00e9"}'`,
	// Stripe's docs: the API key as the Basic user-id, a form body.
	`curl SERVER/v1/customers \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d name="Jenny Rosen" \
  --data-urlencode email="jenny rosen@example.com" \
  -d "metadata[order_id]=6735"`,
	`curl -G SERVER/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: -d limit=3 -d starting_after=ch_123`,
	// GitHub's docs: a token from the environment.
	`curl -L -X POST -H "Accept: application/vnd.github+json" -H "Authorization: Bearer $GITHUB_TOKEN" \
  -H "X-GitHub-Api-Version: 2022-11-28" SERVER/repos/OWNER/REPO/issues \
  -d '{"title":"Found a bug","body":"I'"'"'m having a problem."}'`,
	`curl -u alice:wonder-land-42 -X PUT --json '{"a":[1,2]}' SERVER/users/alice`,
	`curl -H 'X-API-Key: abcdef1234567890' -A 'agent/1.0' -e SERVER/from 'SERVER/search?q=caf%C3%A9+au+lait&n=1'`,
	`curl --oauth2-bearer tok-0123456789 -I SERVER/health`,
	`curl -d grant_type=password -d username=alice -d 'password=p%40ss' SERVER/oauth/token`,
	// A "/" left unescaped: the form table would send %2F, so the body
	// stays text with the credentials replaced where they stand.
	`curl -d 'grant_type=password&password=Pl/ain1234zz&client_secret=Cs/8x' 'SERVER/oauth/token?api_key=Ak/123456789'`,
}

// fileLines send files: run only where the collection format has
// body_file and [request.multipart] (h12-build), in a folder holding the
// files.
var fileLines = []string{
	`curl --data-binary @body.json -H 'Content-Type: application/json' SERVER/orders`,
	`curl -d @form.txt SERVER/form`,
	`curl -F title='My cat' -F 'photo=@cat.png;type=image/png' -F 'notes=@notes.txt' SERVER/photos`,
	`curl -X PUT -T body.json -H 'Content-Type: application/json' SERVER/upload`,
}

// TestCurlRoundTrip imports each line, runs the collection with
// collections/run, and compares what the server received with what curl
// sends for the same line: method, URL, headers, body, credentials.
func TestCurlRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: nothing to compare with")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	env := map[string]string{"GITHUB_TOKEN": "ghp_canary0123456789"}
	dir := t.TempDir()
	lines := roundTripLines
	if _, err := collections.Parse("probe.toml", []byte("[[request]]\nname = \"p\"\nurl = \"https://x.test\"\nbody_file = \"b\"\n")); err == nil {
		lines = append(lines, fileLines...)
		for name, text := range map[string]string{"body.json": `{"id": 1}` + "\n", "form.txt": "a=1", "cat.png": "\x89PNG\r\n\x1a\n", "notes.txt": "first line\n"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tmpl := range lines {
		line := strings.ReplaceAll(tmpl, "SERVER", srv.URL)
		t.Run(firstWords(tmpl), func(t *testing.T) {
			cmd := exec.Command("bash", "-c", line+" -s -o /dev/null")
			cmd.Env = append(os.Environ(), "GITHUB_TOKEN="+env["GITHUB_TOKEN"])
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("curl: %v %s", err, out)
			}
			want := rec.take()

			c, err := importer.ImportCurl(importer.Input{Name: "line", Data: []byte(line)})
			if err != nil {
				t.Fatal(err)
			}
			stored := mapSecrets{}
			res, err := importer.Write(c, func(name, value string, _ []string) error { stored[name] = value; return nil })
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range stored {
				if strings.Contains(string(res.TOML), v) {
					t.Fatalf("a secret is in the TOML:\n%s", res.TOML)
				}
			}
			col, err := collections.Parse(filepath.Join(dir, "line.toml"), res.TOML)
			if err != nil {
				t.Fatalf("%v\n%s", err, res.TOML)
			}
			rep, err := run.Run(context.Background(), col, run.Options{Scope: collections.Scope{
				Secrets:   stored,
				LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			}})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Summary.Failed != 0 {
				t.Errorf("the run failed: %+v", rep.Results)
			}
			got := rec.take()
			if len(got) != len(want) {
				t.Fatalf("keyway sent %d requests, curl %d", len(got), len(want))
			}
			for i := range want {
				compareRequests(t, want[i], got[i], res.TOML)
			}
		})
	}
}

// ignoredHeaders differ between any two clients and say nothing of the
// request: curl's own User-Agent and Accept defaults (when the line sets
// none), transfer details.
var ignoredHeaders = []string{"Accept-Encoding", "Content-Length", "Connection", "Expect"}

func compareRequests(t *testing.T, curl, keyway recorded, toml []byte) {
	t.Helper()
	if curl.method != keyway.method || curl.uri != keyway.uri {
		t.Errorf("curl sent %s %s, keyway %s %s\n%s", curl.method, curl.uri, keyway.method, keyway.uri, toml)
	}
	if mediaType(curl) == "multipart/form-data" {
		// Each client draws its own boundary: compare the parts.
		if c, k := parts(t, curl), parts(t, keyway); !slices.Equal(c, k) {
			t.Errorf("multipart: curl sent %q, keyway %q\n%s", c, k, toml)
		}
	} else if curl.body != keyway.body {
		t.Errorf("body: curl sent %q, keyway %q\n%s", curl.body, keyway.body, toml)
	}
	for name, values := range curl.header {
		if slices.Contains(ignoredHeaders, name) || name == "Content-Type" && mediaType(curl) == "multipart/form-data" {
			continue
		}
		if name == "User-Agent" && strings.HasPrefix(values[0], "curl/") || name == "Accept" && values[0] == "*/*" {
			continue // curl's defaults, not the line's
		}
		if got := keyway.header.Values(name); !slices.Equal(got, values) {
			t.Errorf("header %s: curl sent %q, keyway %q\n%s", name, values, got, toml)
		}
	}
	for name := range keyway.header {
		if _, ok := curl.header[name]; !ok && !slices.Contains(ignoredHeaders, name) && name != "User-Agent" && name != "Accept" {
			t.Errorf("keyway sent header %s that curl did not: %q", name, keyway.header.Values(name))
		}
	}
}

func mediaType(r recorded) string {
	mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	return mt
}

// parts lists a multipart body's parts as "name|filename|type|content".
func parts(t *testing.T, r recorded) []string {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("multipart Content-Type %q: %v", r.header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(strings.NewReader(r.body), params["boundary"])
	var out []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("multipart body: %v", err)
		}
		content, _ := io.ReadAll(p)
		out = append(out, strings.Join([]string{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(content)}, "|"))
	}
}

func firstWords(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}
