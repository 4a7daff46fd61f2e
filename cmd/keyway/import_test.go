package main

import (
	"github.com/keyway-cli/keyway/collections/importer"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// TestImportCurlFromStdin: the TOML goes to stdout without the token,
// the token to the secret store, its name to stderr.
func TestImportCurlFromStdin(t *testing.T) {
	store := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv("KEYWAY_SECRETS_FILE", store)
	const token = "canary-token-7f3a9c"
	code, out, errOut := keyway(t, "curl -H 'Authorization: Bearer "+token+"' https://api.example.com/v1/me\n", "import", "curl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out+errOut, token) {
		t.Fatalf("the token was printed:\n%s\n%s", out, errOut)
	}
	if _, err := collections.Parse("stdout.toml", []byte(out)); err != nil {
		t.Fatalf("stdout is not a collection: %v\n%s", err, out)
	}
	if !strings.Contains(errOut, "secret api.example.com/token: the bearer token, in your secret store (bound to api.example.com)") {
		t.Errorf("stderr does not list the secret: %s", errOut)
	}
	s, err := secrets.Open(store)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("api.example.com/token"); err != nil || v != token {
		t.Errorf("stored %q, %v", v, err)
	}
	// Bound to the host the command sent it to: never sent elsewhere.
	if hosts, err := s.Hosts("api.example.com/token"); err != nil || len(hosts) != 1 || hosts[0] != "api.example.com" {
		t.Errorf("hosts %q, %v", hosts, err)
	}
}

// TestImportOutputFile: -o writes the file; an existing file is kept
// without --force (exit 2, nothing stored) and replaced with it.
func TestImportOutputFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "req.sh")
	if err := os.WriteFile(src, []byte("curl -u alice:pw-123456 https://a.test/x --frobnicate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "api.toml")
	code, stdout, errOut := keyway(t, "", "import", "curl", src, "-o", out)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, stdout, errOut)
	}
	if !strings.Contains(errOut, `not imported: request "GET /x": unknown option --frobnicate was left out`) {
		t.Errorf("the unknown option is not listed: %s", errOut)
	}
	if code, _, _ := keyway(t, "", "check", out); code != exitOK {
		t.Errorf("keyway check %s: exit %d", out, code)
	}
	if err := os.WriteFile(out, []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = keyway(t, "", "import", "curl", src, "-o", out)
	if got, _ := os.ReadFile(out); code != exitInvalid || string(got) != "# mine\n" || !strings.Contains(errOut, "--force") {
		t.Fatalf("without --force: exit %d, file %q, %s", code, got, errOut)
	}
	if code, _, errOut := keyway(t, "", "import", "curl", src, "-o", out, "--force"); code != exitOK {
		t.Fatalf("--force: exit %d %s", code, errOut)
	}
	if got, _ := os.ReadFile(out); !strings.Contains(string(got), "[[request]]") {
		t.Errorf("--force did not replace the file: %q", got)
	}
}

// TestImportUnreadableInput: exit 2 with FILE:LINE:COL first.
func TestImportUnreadableInput(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "broken.http")
	if err := os.WriteFile(src, []byte("GET https://a.test/\nnot a header\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := keyway(t, "", "import", "http", src)
	if code != exitInvalid || !strings.HasPrefix(errOut, src+":2:1: a header line needs") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	code, _, errOut = keyway(t, "curl 'https://a.test/\n", "import", "curl", "-")
	if code != exitInvalid || !strings.HasPrefix(errOut, "stdin:1:6: ") {
		t.Errorf("stdin: exit %d, %q", code, errOut)
	}
	for _, args := range [][]string{{"import", "curl", filepath.Join(dir, "missing.sh")}, {"import", "yaml"}, {"import", "curl", dir}} {
		if code, _, errOut := keyway(t, "", args...); code != exitInvalid || !strings.HasPrefix(errOut, "keyway: ") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

// TestImportPathsFollowTheCollection: a curl command's files are
// relative to the folder it runs in; the collection reads them relative
// to its own folder, so they are rewritten for -o in another folder.
func TestImportPathsFollowTheCollection(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("ca.pem", []byte("pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("api", 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := keyway(t, "curl --cacert ca.pem https://a.test/\n", "import", "curl", "-o", "api/keyway.toml")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, errOut)
	}
	c, err := collections.Load("api/keyway.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Requests[0].TLS.CAFile; got != "../ca.pem" {
		t.Errorf("ca_file = %q, want ../ca.pem", got)
	}
}

// TestImportHTTPReadsEnvironmentsBesideIt, and nothing outside its folder.
func TestImportHTTPReadsEnvironmentsBesideIt(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "api")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(sub, "api.http"):                     "GET {{host}}/me\n",
		filepath.Join(sub, "http-client.env.json"):         `{"dev": {"host": "http://127.0.0.1:8080"}}`,
		filepath.Join(dir, "http-client.private.env.json"): `{"dev": {"host": "http://outside.test"}}`,
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := keyway(t, "", "import", "http", filepath.Join(sub, "api.http"))
	if code != exitOK || !strings.Contains(out, "[env.dev]\nhost = \"http://127.0.0.1:8080\"") || strings.Contains(out, "outside") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
	read := importer.FolderReader(sub)
	if _, err := read("../http-client.private.env.json"); err == nil {
		t.Error("the folder reader read a file outside the folder")
	}
}

// TestImportCompletesFormats: keyway import <TAB> offers the formats.
func TestImportCompletesFormats(t *testing.T) {
	code, out, _ := keyway(t, "", "__complete", "import", "")
	if code != exitOK || !strings.Contains(out, "curl\t") || !strings.Contains(out, "http\t") {
		t.Errorf("exit %d, %q", code, out)
	}
}

// TestImportThenRun: what keyway import writes, keyway run sends, the
// token coming from the secret store, bound to the server's host:port.
func TestImportThenRun(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	var got string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Method + " " + r.RequestURI + " " + r.Header.Get("Authorization")
	}))
	defer api.Close()
	out := filepath.Join(t.TempDir(), "api.toml")
	line := "curl -X DELETE -H 'Authorization: Bearer tok-run-123456' '" + api.URL + "/items/42?force=true'\n"
	if code, _, errOut := keyway(t, line, "import", "curl", "-o", out); code != exitOK {
		t.Fatalf("import: exit %d %s", code, errOut)
	}
	code, stdout, errOut := keyway(t, "", "run", out)
	if code != exitOK || got != "DELETE /items/42?force=true Bearer tok-run-123456" {
		t.Fatalf("run: exit %d, server got %q\n%s%s", code, got, stdout, errOut)
	}
	if strings.Contains(stdout+errOut, "tok-run-123456") {
		t.Error("the token was printed")
	}
}

// TestImportNeverReplacesAKeptSecret: a curl command someone hands the
// user, naming a credential the store already keeps under the name the
// import would pick, does not replace it — their own collections would
// otherwise act as the attacker's account. The import's value goes under
// a name of its own, bound to its host like any other.
func TestImportNeverReplacesAKeptSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv("KEYWAY_SECRETS_FILE", path)
	t.Setenv("KEYWAY_SECRETS_BACKEND", "file")
	s, err := secrets.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBound("api.example.com/alice", "users-own-pw-1", []string{"api.example.com"}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := keyway(t, "curl -u alice:attackers-pw-2 https://api.example.com/x\n", "import", "curl")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if v, err := s.Get("api.example.com/alice"); err != nil || v != "users-own-pw-1" {
		t.Fatalf("the kept secret is now %q, %v; want the user's own value", v, err)
	}
	if !strings.Contains(out, `password = "{{secret:api.example.com/alice-2}}"`) {
		t.Errorf("the collection does not use a name of its own:\n%s", out)
	}
	if v, err := s.Get("api.example.com/alice-2"); err != nil || v != "attackers-pw-2" {
		t.Errorf("the imported value: %q, %v", v, err)
	}
	if hosts, err := s.Hosts("api.example.com/alice-2"); err != nil || len(hosts) != 1 || hosts[0] != "api.example.com" {
		t.Errorf("the imported secret's hosts: %q, %v", hosts, err)
	}
	if !strings.Contains(errOut, "secret api.example.com/alice-2: the Basic password, in your secret store (bound to api.example.com)") {
		t.Errorf("stderr: %s", errOut)
	}
	// The same value again is the same secret, not a third.
	if code, out, _ := keyway(t, "curl -u alice:users-own-pw-1 https://api.example.com/x\n", "import", "curl"); code != exitOK || !strings.Contains(out, "{{secret:api.example.com/alice}}") {
		t.Errorf("importing the kept value: exit %d\n%s", code, out)
	}
}

// fileOnRead is an import's input that creates a file at path when it is
// first read, as another program may while keyway waits on a pipe.
type fileOnRead struct {
	path string
	r    io.Reader
	done bool
}

func (f *fileOnRead) Read(p []byte) (int, error) {
	if !f.done {
		f.done = true
		if err := os.WriteFile(f.path, []byte("# mine\n"), 0o644); err != nil {
			return 0, err
		}
	}
	return f.r.Read(p)
}

// TestImportNeverReplacesAFileThatAppeared: -o without --force keeps a
// file created after the import looked for one (while it read its input),
// with the same message as when it was there first. Found by the hostile
// review of issue 10.
func TestImportNeverReplacesAFileThatAppeared(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	out := filepath.Join(t.TempDir(), "api.toml")
	in := &fileOnRead{path: out, r: strings.NewReader("curl https://a.test/x\n")}
	var stdout, stderr strings.Builder
	err := runImport(stdio{in: in, out: &stdout, err: &stderr}, []string{"curl"}, out, false, nil)
	if got, _ := os.ReadFile(out); err == nil || string(got) != "# mine\n" || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err %v, file %q", err, got)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("files left beside it: %v", entries)
	}
}
