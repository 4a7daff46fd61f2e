package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/examples/demoapi"
)

// TestLoginAgainstTheDemoAPI: keyway login of examples/demo.toml's
// browser-login (auth code + PKCE by discovery) and tv-login (device),
// against the demo API with its test-only auto-approval; then keyway run
// sends both logins' requests; logout revokes.
func TestLoginAgainstTheDemoAPI(t *testing.T) {
	keyway, browser := loginBinaries(t)
	srv := httptest.NewServer(demoapi.New(demoapi.Options{AutoApproveAs: "alice", DeviceInterval: time.Second}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	env := []string{"KEYWAY_SECRETS_FILE=" + filepath.Join(dir, "secrets.toml"), "BROWSER=" + browser, "NO_COLOR=1", "DEMO_CLIENT_SECRET=x"}
	demo := filepath.Join("..", "..", "examples", "demo.toml")
	base := "--var=base_url=" + srv.URL

	code, stdout, stderr := keywayRun(t, keyway, env, "login", demo, "--profile", "browser-login", base)
	t.Logf("browser login exit %d\n%s%s", code, stdout, stderr)
	if code != 0 {
		t.Fatal("browser login failed")
	}

	cmd := exec.Command(keyway, "login", demo, "--profile", "tv-login", base)
	cmd.Env = append(os.Environ(), env...)
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	sc := bufio.NewScanner(out)
	re := regexp.MustCompile(`Enter the code (\S+) at`)
	for sc.Scan() {
		all.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			resp, err := http.Get(srv.URL + "/device?user_code=" + m[1])
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}
	err := cmd.Wait()
	t.Logf("tv login: %v\n%s", err, all.String())
	if err != nil {
		t.Fatal("tv login failed")
	}

	code, stdout, stderr = keywayRun(t, keyway, env, "run", demo, base, "--only", "Browser login: who am I", "--only", "TV login: who am I")
	t.Logf("run exit %d\n%s%s", code, stdout, stderr)
	if code != 0 {
		t.Fatal("run failed")
	}
	code, stdout, stderr = keywayRun(t, keyway, env, "logout", demo, "--profile", "browser-login", base)
	t.Logf("logout exit %d\n%s%s", code, stdout, stderr)
	if code != 0 {
		t.Fatal("logout failed")
	}
}
