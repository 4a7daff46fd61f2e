package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/examples/demoapi"
)

// keyway runs the command line in-process and returns its exit code and
// what it printed.
func keyway(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(args, stdio{in: strings.NewReader(stdin), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

// writeFile writes a collection into a temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDemoRunPassesEveryRequest(t *testing.T) {
	code, out, errOut := keyway(t, "", "demo", "--run")
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.HasSuffix(last, " passed, 0 failed") || len(lines) < 10 {
		t.Fatalf("last line %q of %d lines; want every request passed", last, len(lines))
	}
	// The requests that need a browser login are left out, and it says so.
	want := "keyway: 2 demo requests need a login in a browser or on another device, which a headless run never does: Browser login: who am I, TV login: who am I. Walk them with `keyway demo` (Flow screen)\n"
	if errOut != want || strings.Contains(out, "login: who am I") {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

func TestRunExitCodesAndReports(t *testing.T) {
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	const collection = `name = "exit codes"
version = 1

[vars]
base_url = "http://127.0.0.1:1"

[[request]]
name = "health"
url = "{{base_url}}/health"

[[request]]
name = "wrong expectation"
url = "{{base_url}}/health"
[request.expect]
status = 418
`
	path := writeFile(t, "c.toml", collection)
	jsonReport := filepath.Join(t.TempDir(), "out.json")
	htmlReport := filepath.Join(t.TempDir(), "missing", "report.html")
	code, out, _ := keyway(t, "", "run", path, "--var", "base_url="+api.URL, "--report", "json:"+jsonReport,
		"--report", "html:"+htmlReport)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, out)
	}
	if !strings.HasSuffix(strings.TrimSpace(out), "1 passed, 1 failed") {
		t.Fatalf("output does not end with the summary:\n%s", out)
	}
	var rep struct {
		Summary struct{ Passed, Failed int }
		Results []struct {
			Name   string
			Status int
			Passed bool
		}
	}
	data, err := os.ReadFile(jsonReport)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report is not JSON: %v", err)
	}
	if rep.Summary.Passed != 1 || rep.Summary.Failed != 1 || len(rep.Results) != 2 || rep.Results[1].Status != http.StatusOK {
		t.Fatalf("report = %+v", rep)
	}
	// The HTML report shows each request's exchange, which the run kept
	// because that report was asked for.
	page, err := os.ReadFile(htmlReport)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<svg class="chart"`, `id="r2" open>`, "GET " + api.URL + "/health", "HTTP/1.1 200 OK"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the HTML report lacks %q", want)
		}
	}

	code, out, _ = keyway(t, "", "run", path, "--var", "base_url="+api.URL, "--only", "health")
	if code != exitOK || !strings.HasSuffix(strings.TrimSpace(out), "1 passed, 0 failed") {
		t.Fatalf("--only health: exit %d\n%s", code, out)
	}
}

func TestInvalidInputExitsTwoAndSendsNothing(t *testing.T) {
	var hits int
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer api.Close()
	good := writeFile(t, "good.toml", "name = \"x\"\nversion = 1\n[[request]]\nname = \"a\"\nurl = \""+api.URL+"\"\n")
	bad := writeFile(t, "bad.toml", "name = \"x\"\nversion = 1\n[[request]]\nname = \"a\"\nmethd = \"GET\"\nurl = \""+api.URL+"\"\n")
	cases := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown key", []string{"run", bad}, "bad.toml:5:1"},
		{"check unknown key", []string{"check", bad}, `did you mean "method"`},
		{"missing file", []string{"run", filepath.Join(t.TempDir(), "nope.toml")}, "nope.toml"},
		{"unknown env", []string{"run", good, "--env", "prod"}, "prod"},
		{"bad --var", []string{"run", good, "--var", "novalue"}, "NAME=VALUE"},
		{"unknown --only", []string{"run", good, "--only", "zzz"}, "zzz"},
		{"bad --report", []string{"run", good, "--report", "xml:out"}, "xml"},
		{"unknown flag", []string{"run", good, "--nope"}, "--nope"},
		{"no file", []string{"run"}, "arg"},
		{"flow unknown profile", []string{"flow", good, "--profile", "ghost"}, "ghost"},
		{"demo --only without --run", []string{"demo", "--only", "Health"}, "--only goes with --run"},
		{"demo --report with --serve", []string{"demo", "--serve", "--report", "json:x.json"}, "--report goes with --run"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := keyway(t, "", tc.args...)
			if code != exitInvalid {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInvalid, errOut)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Fatalf("stderr does not mention %q:\n%s", tc.want, errOut)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
				t.Fatalf("stack trace on stderr:\n%s", errOut)
			}
		})
	}
	if hits != 0 {
		t.Fatalf("the server got %d requests from invalid invocations", hits)
	}
	if code, out, _ := keyway(t, "", "check", good); code != exitOK || !strings.Contains(out, "ok") {
		t.Fatalf("check of a valid file: exit %d, %q", code, out)
	}
}

func TestNoCollectionSaysHowToStart(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := keyway(t, "")
	if code != exitInvalid || !strings.Contains(errOut, "keyway demo") {
		t.Fatalf("exit %d, stderr %q; want a pointer to 'keyway demo'", code, errOut)
	}
}

// `keyway FILE` with a FILE that does not exist — often a guessed command
// such as `keyway version` — says what happened and how to start, not the
// open call's error.
func TestMissingCollectionSaysHowToStart(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, tt := range []struct{ arg, meant string }{
		{"version", ""},
		{"rnu", "Did you mean 'keyway run'?"},
		{"api/keyway.toml", ""},
	} {
		code, out, errOut := keyway(t, "", tt.arg)
		if code != exitInvalid {
			t.Fatalf("keyway %s: exit %d\n%s%s", tt.arg, code, out, errOut)
		}
		for _, want := range []string{`no collection "` + tt.arg + `": there is no such file`, "'keyway --version'", "'keyway demo'", "'keyway --help'", tt.meant} {
			if !strings.Contains(errOut, want) {
				t.Errorf("keyway %s: stderr %q lacks %q", tt.arg, errOut, want)
			}
		}
		if strings.Contains(errOut, "collections:") || strings.Contains(errOut, "open ") {
			t.Errorf("keyway %s: stderr speaks of the open call: %q", tt.arg, errOut)
		}
		if tt.meant == "" && strings.Contains(errOut, "Did you mean") {
			t.Errorf("keyway %s: suggests a command: %q", tt.arg, errOut)
		}
	}
}

func TestFlowMasksSecretsUnlessRevealed(t *testing.T) {
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	code, out, errOut := keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "alice-oauth", "--var", "base_url="+api.URL)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Request a token", "grant_type=password", "HTTP/1.1 200 OK", "RFC 6749"} {
		if !strings.Contains(out, want) {
			t.Errorf("flow output lacks %q", want)
		}
	}
	if strings.Contains(out, demoapi.Password) {
		t.Fatal("the password appears in flow output without --reveal")
	}
	_, revealed, _ := keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "alice-oauth", "--var", "base_url="+api.URL, "--reveal")
	if !strings.Contains(revealed, "password="+demoapi.Password) {
		t.Fatal("--reveal does not show the password in the token request")
	}
}

func TestFlowWrongPasswordExitsOneWithTheServersError(t *testing.T) {
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	code, out, _ := keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "wrong-password", "--var", "base_url="+api.URL)
	if code != exitFailed || !strings.Contains(out, "invalid_grant") {
		t.Fatalf("exit %d, want 1 and invalid_grant:\n%s", code, out)
	}
}

// A bearer token the API refuses is a failed step: the walk says why,
// decoding the server's challenge (RFC 6750 §3.1), and exits 1 as
// `flow --help` promises.
func TestFlowRefusedTokenExitsOne(t *testing.T) {
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	code, out, errOut := keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "static-token",
		"--var", "base_url="+api.URL, "--var", "bearer_token=not-a-real-token")
	if code != exitFailed {
		t.Fatalf("exit %d, want 1:\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"HTTP/1.1 401 Unauthorized", "[failed", "refused the bearer token", `error="invalid_token"`} {
		if !strings.Contains(out, want) {
			t.Errorf("flow output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "not-a-real-token") {
		t.Error("the refused token appears in flow output without --reveal")
	}
}

func TestSecretSetListRemove(t *testing.T) {
	t.Setenv("KEYWAY_SECRETS_FILE", filepath.Join(t.TempDir(), "secrets.toml"))
	const canary = "canary-secret-5b7e"
	if code, out, errOut := keyway(t, canary+"\n", "secret", "set", "api-token"); code != exitOK || strings.Contains(out+errOut, canary) {
		t.Fatalf("set: exit %d, output %q %q", code, out, errOut)
	}
	if code, out, _ := keyway(t, "", "secret", "list"); code != exitOK || strings.TrimSpace(out) != "api-token (file)" {
		t.Fatalf("list: exit %d, %q", code, out)
	}
	if code, _, _ := keyway(t, "", "secret", "rm", "api-token"); code != exitOK {
		t.Fatalf("rm: exit %d", code)
	}
	if code, _, errOut := keyway(t, "", "secret", "rm", "api-token"); code != exitInvalid {
		t.Fatalf("second rm: exit %d %q", code, errOut)
	}
}

// TestPreflightStopsBeforeTheFirstRequest: what the machine can tell before
// the run — an unset environment variable, a {{prompt}} with no terminal, a
// capture --only leaves out, a report that cannot be written — is exit 2
// with nothing sent, not a failure halfway through.
func TestPreflightStopsBeforeTheFirstRequest(t *testing.T) {
	var hits int
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"n1"}`))
	}))
	defer api.Close()
	head := "name = \"preflight\"\n[vars]\nbase = \"" + api.URL + "\"\n"
	reportDir := t.TempDir()
	readOnlyReport := filepath.Join(reportDir, "old.json")
	if err := os.WriteFile(readOnlyReport, []byte("{}"), 0o444); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, body string
		args       []string
		want       string
	}{
		{"unset environment variable", `
[[request]]
name = "first"
url = "{{base}}/a"
[[request]]
name = "second"
url = "{{base}}/b"
headers = { X-Key = "{{env:KEYWAY_TEST_SURELY_UNSET}}" }
`, nil, "KEYWAY_TEST_SURELY_UNSET"},
		{"prompt without a terminal", `
[[request]]
name = "first"
url = "{{base}}/a"
[[request]]
name = "second"
url = "{{base}}/b?pin={{prompt:PIN}}"
`, nil, "needs a terminal"},
		{"capture left out by --only", `
[[request]]
name = "create"
method = "POST"
url = "{{base}}/notes"
[request.capture]
note_id = ".id"
[[request]]
name = "read"
url = "{{base}}/notes/{{note_id}}"
`, []string{"--only", "read"}, "note_id"},
		{"report path is a folder", `
[[request]]
name = "first"
url = "{{base}}/a"
`, []string{"--report", "json:" + reportDir}, "is a folder"},
		{"two reports on one file", `
[[request]]
name = "first"
url = "{{base}}/a"
`, []string{"--report", "json:" + filepath.Join(reportDir, "r"), "--report", "junit:" + filepath.Join(reportDir, ".", "r")}, "name the same file"},
		{"report file read-only", `
[[request]]
name = "first"
url = "{{base}}/a"
`, []string{"--report", "json:" + readOnlyReport}, "read-only"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits = 0
			path := writeFile(t, "c.toml", head+tc.body)
			code, out, errOut := keyway(t, "", append([]string{"run", path}, tc.args...)...)
			if code != exitInvalid || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, want 2 and %q on stderr\nstdout:\n%s\nstderr:\n%s", code, tc.want, out, errOut)
			}
			if hits != 0 {
				t.Fatalf("%d requests were sent before the problem was reported", hits)
			}
		})
	}
	// A capture from a request that is selected is fine: the preflight
	// stands in for the value the run will capture.
	path := writeFile(t, "ok.toml", head+cases[2].body)
	if code, out, errOut := keyway(t, "", "run", path); code != exitOK {
		t.Fatalf("capture chain: exit %d\n%s\n%s", code, out, errOut)
	}
	// A report's missing folder is created, as CI jobs expect of
	// --report junit:out/junit.xml.
	junit := filepath.Join(t.TempDir(), "out", "nested", "junit.xml")
	if code, out, errOut := keyway(t, "", "run", path, "--report", "junit:"+junit); code != exitOK {
		t.Fatalf("report in a missing folder: exit %d\n%s\n%s", code, out, errOut)
	}
	if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), "<testsuite") {
		t.Fatalf("report in a missing folder: %v\n%s", err, data)
	}
}

// TestPreflightTellsASharedProblemOnce: an unset variable in the profile
// every request uses is one line on stderr, with how many requests it
// stops, not one line per request — and no warning about the plain-http
// host before it: warnings come only when a run starts.
func TestPreflightTellsASharedProblemOnce(t *testing.T) {
	var src strings.Builder
	src.WriteString("name = \"shared\"\ndefault_profile = \"p\"\n[profile.p]\ntype = \"bearer\"\ntoken = \"{{env:KEYWAY_TEST_SURELY_UNSET}}\"\n")
	for i := range 50 {
		fmt.Fprintf(&src, "[[request]]\nname = \"r%d\"\nurl = \"http://api.example.invalid/%d\"\n", i, i)
	}
	path := writeFile(t, "shared.toml", src.String())
	code, _, errOut := keyway(t, "", "run", path)
	if code != exitInvalid {
		t.Fatalf("exit %d, want 2\n%s", code, errOut)
	}
	if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 2 || lines[1] != "nothing was sent" {
		t.Errorf("stderr has %d lines, want the problem once and \"nothing was sent\":\n%s", len(lines), errOut)
	}
	if !strings.Contains(errOut, "(in each of 50 requests)") || !strings.HasPrefix(errOut, path+":5:") {
		t.Errorf("stderr = %q, want the profile's position and the count of requests", errOut)
	}
}

func TestPositionedErrorsHaveNoPrefix(t *testing.T) {
	path := writeFile(t, "v.toml", "name = \"x\"\nversion = 2\n")
	code, _, errOut := keyway(t, "", "check", path)
	if code != exitInvalid || !strings.HasPrefix(errOut, path+":2:") {
		t.Fatalf("exit %d, stderr %q; want it to start with %s:2:", code, errOut, path)
	}
}

// TestReportCannotReplaceTheCollectionOrTheStores: a report named like the
// collection being run, or like keyway's secret store, is a command-line
// error (exit 2, nothing sent), and both files are left as they were
// (hostile review of issue 9, B-F4).
func TestReportCannotReplaceTheCollectionOrTheStores(t *testing.T) {
	var hits int
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer api.Close()
	path := writeFile(t, "c.toml", "name = \"x\"\n[[request]]\nname = \"a\"\nurl = \""+api.URL+"\"\n")
	store := filepath.Join(t.TempDir(), "secrets.toml")
	t.Setenv("KEYWAY_SECRETS_FILE", store)
	if err := os.WriteFile(store, []byte("k = \"v\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, target := range []string{path, store} {
		code, _, errOut := keyway(t, "", "run", path, "--report", "json:"+target)
		if code != exitInvalid || !strings.Contains(errOut, "a report would replace it") {
			t.Errorf("--report json:%s: exit %d, want 2\n%s", target, code, errOut)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("the collection was replaced:\n%s", after)
	}
	if after, _ := os.ReadFile(store); string(after) != "k = \"v\"\n" {
		t.Errorf("the secret store was replaced:\n%s", after)
	}
	if hits != 0 {
		t.Errorf("%d requests were sent", hits)
	}
}

// A profile whose only request needs a captured value still walks out of
// the box: without --request the walk ends with a request it can send now;
// given the value with --var, it ends with the profile's own request.
func TestFlowDefaultRequestCanBeSent(t *testing.T) {
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	code, out, errOut := keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "alice-read-only", "--var", "base_url="+api.URL)
	if code != exitOK || strings.Contains(out+errOut, "note_id") {
		t.Fatalf("exit %d, want 0 without a word of note_id:\n%s\n%s", code, out, errOut)
	}
	_, out, errOut = keyway(t, "", "flow", "../../examples/demo.toml", "--profile", "alice-read-only", "--var", "base_url="+api.URL, "--var", "note_id=1")
	if !strings.Contains(out, "DELETE /admin/notes/1") {
		t.Fatalf("with note_id set the walk does not end with the profile's own request:\n%s\n%s", out, errOut)
	}
}

// `keyway new.toml` on a file not written yet opens an empty collection,
// which the TUI's first save creates; a word that is no .toml file, or a
// file in a folder that does not exist, is refused as before.
func TestOpenCollectionNewFile(t *testing.T) {
	t.Chdir(t.TempDir())
	cmd := newRootCommand(stdio{in: strings.NewReader(""), out: io.Discard, err: io.Discard})
	c, err := openCollection(cmd, "new.toml", "")
	if err != nil {
		t.Fatalf("new.toml: %v", err)
	}
	if c.Path != "new.toml" || len(c.Requests) != 0 || c.Source != nil {
		t.Errorf("new.toml opened as %+v", c)
	}
	if _, err := os.Stat("new.toml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening created the file: %v", err)
	}
	if _, err := openCollection(cmd, "new.toml", "staging"); err == nil || !strings.Contains(err.Error(), "defines no environments") {
		t.Errorf("an environment of an empty collection: %v", err)
	}
	for _, arg := range []string{"version", "missing/new.toml"} {
		if _, err := openCollection(cmd, arg, ""); err == nil || !strings.Contains(err.Error(), "there is no such file") {
			t.Errorf("%s: %v", arg, err)
		}
	}
	if err := os.WriteFile("old.toml", []byte("[[request]]\nname = \"a\"\nurl = \"https://x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := openCollection(cmd, "old.toml", ""); err != nil || len(c.Requests) != 1 {
		t.Errorf("old.toml: %v", err)
	}
}
