package history

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/collections/report"
)

const testCollection = "/home/u/project/api.toml"

func newTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "history"), testCollection)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// appendAtOnce has each store append each entries, named s<store>-<n>,
// all stores at once.
func appendAtOnce(t *testing.T, each int, stores ...*Store) {
	t.Helper()
	var wg sync.WaitGroup
	for i, s := range stores {
		wg.Go(func() {
			for j := range each {
				if err := s.Append(entry(time.Now(), fmt.Sprintf("s%d-%d", i, j), "{}")); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

func entry(at time.Time, name, body string) Entry {
	return Record(at, report.Result{Name: name, Method: "GET", URL: "http://api.test/" + name, Status: 200,
		Exchange: &report.Exchange{
			Request:  report.Message{StartLine: "GET http://api.test/" + name},
			Response: &report.Message{StartLine: "HTTP/1.1 200 OK", Body: body, BodySize: int64(len(body))},
		}}, nil)
}

// TestBoundsAreDocumented pins the bounds docs/security.md promises.
func TestBoundsAreDocumented(t *testing.T) {
	if MaxEntries != 500 || MaxBytes != 20<<20 || MaxAge != 30*24*time.Hour || BodyLimit != 256<<10 {
		t.Fatalf("bounds = %d entries, %d bytes, %v, body %d; docs/security.md says 500, 20 MiB, 30 days, 256 KiB",
			MaxEntries, MaxBytes, MaxAge, BodyLimit)
	}
}

// TestAppendKeepsAtMostMaxEntries: past MaxEntries the oldest go, the
// newest stays, and a pruning keeps less than the bound so that the next
// appends only append.
func TestAppendKeepsAtMostMaxEntries(t *testing.T) {
	s := newTestStore(t)
	start := time.Now().Add(-time.Hour)
	for i := range MaxEntries + 1 {
		if err := s.Append(entry(start.Add(time.Duration(i)*time.Second), "r"+strconv.Itoa(i), "{}")); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) > MaxEntries || len(got.Entries) < pruneEntries {
		t.Fatalf("kept %d entries; want between %d and %d", len(got.Entries), pruneEntries, MaxEntries)
	}
	if got.Entries[0].Request != "r"+strconv.Itoa(MaxEntries) {
		t.Fatalf("newest = %q; want the last appended", got.Entries[0].Request)
	}
	if last := got.Entries[len(got.Entries)-1].Request; last == "r0" {
		t.Fatal("the oldest entry was kept")
	}
}

// TestAppendKeepsAtMostMaxBytes: large bodies prune by size.
func TestAppendKeepsAtMostMaxBytes(t *testing.T) {
	if raceEnabled {
		// Some 60 MiB of JSON encoded and decoded: minutes under the
		// race detector, and nothing concurrent to detect.
		t.Skip("too slow under the race detector")
	}
	s := newTestStore(t)
	body := strings.Repeat("x", BodyLimit)
	start := time.Now().Add(-time.Hour)
	for i := range MaxBytes/BodyLimit + 5 {
		if err := s.Append(entry(start.Add(time.Duration(i)*time.Second), "big"+strconv.Itoa(i), body)); err != nil {
			t.Fatal(err)
		}
		info, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if info.Size() > MaxBytes {
			t.Fatalf("after %d appends the file is %d bytes; the bound is %d", i+1, info.Size(), MaxBytes)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) == 0 || len(got.Entries) >= MaxBytes/BodyLimit+5 {
		t.Fatalf("kept %d entries", len(got.Entries))
	}
}

// TestAgePruning: an entry older than MaxAge is not shown, and the next
// append removes it from the file.
func TestAgePruning(t *testing.T) {
	s := newTestStore(t)
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	if err := s.Append(entry(now.Add(-MaxAge-time.Minute), "old", "{}")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 0 {
		t.Fatalf("an entry older than %v is shown: %+v", MaxAge, got.Entries)
	}
	if err := s.Append(entry(now, "new", "{}")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"old"`) || !strings.Contains(string(data), `"new"`) {
		t.Fatalf("after an append the file holds:\n%s\nwant only the new entry", data)
	}
}

// TestRecordMasksSecretsInEveryEncoding: a secret the send used, echoed
// by the server in the URL, in JSON, URL- and base64-encoded, reaches the
// file in none of those forms; credential headers are masked whatever
// they hold.
func TestRecordMasksSecretsInEveryEncoding(t *testing.T) {
	const secret = "s3cr3t/pa ss+word"
	forms := map[string]string{
		"raw":     secret,
		"url":     url.QueryEscape(secret),
		"path":    url.PathEscape(secret),
		"base64":  base64.StdEncoding.EncodeToString([]byte(secret)),
		"b64url":  base64.RawURLEncoding.EncodeToString([]byte(secret)),
		"json":    strings.Trim(mustJSON(secret), `"`),
		"session": "sessionvalue123",
		"bearer":  "opaque-token-xyz",
	}
	body := fmt.Sprintf(`{"echo":%s,"q":%q,"b":%q}`, mustJSON(secret), forms["url"], forms["base64"])
	res := report.Result{Name: "Echo", Method: "GET", URL: "http://api.test/echo?pw=" + forms["url"], Status: 200,
		Exchange: &report.Exchange{
			Request: report.Message{StartLine: "GET http://api.test/echo?pw=" + forms["url"], Headers: []report.Header{
				{Name: "Authorization", Value: "Bearer " + forms["bearer"]},
				{Name: "Cookie", Value: "sid=" + forms["session"] + "; theme=dark"},
			}},
			Response: &report.Message{StartLine: "HTTP/1.1 200 OK", Headers: []report.Header{
				{Name: "Set-Cookie", Value: "sid=" + forms["session"] + "; Path=/; HttpOnly"},
				{Name: "X-Echo", Value: forms["b64url"]},
			}, Body: body + "\n" + forms["path"]},
		}}
	s := newTestStore(t)
	if err := s.Append(Record(time.Now(), res, []string{secret})); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	for name, form := range forms {
		if strings.Contains(string(data), form) {
			t.Errorf("the %s form %q is in the history file:\n%s", name, form, data)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := got.Entries[0]
	want := map[string]string{"Authorization": "Bearer ••••••", "Cookie": "sid=••••••; theme=••••••"}
	for _, h := range e.Sent.Headers {
		if want[h.Name] != "" && h.Value != want[h.Name] {
			t.Errorf("%s = %q; want %q", h.Name, h.Value, want[h.Name])
		}
	}
	if h := e.Received.Headers[0]; h.Value != "sid=••••••; Path=/; HttpOnly" {
		t.Errorf("Set-Cookie = %q; want the name and attributes kept, the value masked", h.Value)
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestTwoStoresAppendAtOnce: two stores on one file (as two TUI sessions
// would have), appending at once, lose no entry.
func TestTwoStoresAppendAtOnce(t *testing.T) {
	a := newTestStore(t)
	b, err := Open(a.dir, testCollection)
	if err != nil {
		t.Fatal(err)
	}
	const each = 50
	appendAtOnce(t, each, a, b)
	got, err := a.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 2*each || got.Skipped != 0 {
		t.Fatalf("kept %d entries, skipped %d; want %d, 0", len(got.Entries), got.Skipped, 2*each)
	}
}

// TestTwoProcessesAppendAtOnce: the same across processes, which only
// the file lock serialises.
func TestTwoProcessesAppendAtOnce(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no processes")
	}
	dir := filepath.Join(t.TempDir(), "history")
	const each = 40
	var cmds []*exec.Cmd
	for i := range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAppend$")
		cmd.Env = append(os.Environ(), "HISTORY_HELPER_DIR="+dir, "HISTORY_HELPER_N="+strconv.Itoa(each), "HISTORY_HELPER_ID="+strconv.Itoa(i))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir, testCollection)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 2*each || got.Skipped != 0 {
		t.Fatalf("kept %d entries, skipped %d; want %d, 0", len(got.Entries), got.Skipped, 2*each)
	}
}

// TestHelperAppend is the child process of TestTwoProcessesAppendAtOnce.
func TestHelperAppend(t *testing.T) {
	dir := os.Getenv("HISTORY_HELPER_DIR")
	if dir == "" {
		t.Skip("a helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv("HISTORY_HELPER_N"))
	s, err := Open(dir, testCollection)
	if err != nil {
		t.Fatal(err)
	}
	for j := range n {
		if err := s.Append(entry(time.Now(), "p"+os.Getenv("HISTORY_HELPER_ID")+"-"+strconv.Itoa(j), "{}")); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFilesAreOwnerOnly: the folder is made 0700 and the file 0600; a
// file or folder others can write is refused, and left as it is.
func TestFilesAreOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits")
	}
	s := newTestStore(t)
	if err := s.Append(entry(time.Now(), "a", "{}")); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{s.dir: 0o700, s.Path(): 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %04o; want %04o", path, info.Mode().Perm(), want)
		}
	}
	if err := os.Chmod(s.Path(), 0o622); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{"Append": s.Append(entry(time.Now(), "b", "{}")), "Load": loadErr(s)} {
		if err == nil || !strings.Contains(err.Error(), "can be written by other users") || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("%s on a file others can write = %v; want a refusal saying how to fix it", name, err)
		}
	}
	if err := os.Chmod(s.Path(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(entry(time.Now(), "c", "{}")); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("Append in a folder others can write = %v; want a refusal", err)
	}
	s.currentUID = func() int { return os.Getuid() + 1 }
	if err := loadErr(s); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Errorf("Load of another user's file = %v; want a refusal", err)
	}
}

func loadErr(s *Store) error {
	_, err := s.Load()
	return err
}

// TestBadLinesAreSkippedCountedAndKept: a line that cannot be read is
// skipped and counted; a pruning moves it aside rather than losing it.
func TestBadLinesAreSkippedCountedAndKept(t *testing.T) {
	s := newTestStore(t)
	now := time.Now()
	s.now = func() time.Time { return now }
	if err := s.Append(entry(now.Add(-time.Hour), "a", "{}")); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(s.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{not json\n")
	f.WriteString(`{"id":"torn","time":"2026-`) // no line break: a torn write
	f.Close()
	if err := s.Append(entry(now, "b", "{}")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 2 || got.Skipped != 2 {
		t.Fatalf("entries %d, skipped %d; want 2, 2", len(got.Entries), got.Skipped)
	}
	// Age the first entry out: the next append prunes.
	now = now.Add(MaxAge)
	if err := s.Append(entry(now, "c", "{}")); err != nil {
		t.Fatal(err)
	}
	rejected, err := os.ReadFile(s.RejectedPath())
	if err != nil {
		t.Fatalf("the unreadable lines were not set aside: %v", err)
	}
	if !strings.Contains(string(rejected), "{not json") || !strings.Contains(string(rejected), `"torn"`) {
		t.Fatalf("set aside:\n%s", rejected)
	}
	if got, _ := s.Load(); got.Skipped != 0 || len(got.Entries) != 1 {
		t.Fatalf("after pruning: entries %d, skipped %d; want 1, 0", len(got.Entries), got.Skipped)
	}
}

// TestForeignFileIsLeftAlone: a file that is not keyway's history, or is
// another collection's, is a clear error and is not changed.
func TestForeignFileIsLeftAlone(t *testing.T) {
	for name, content := range map[string]string{
		"not history": "hello\n",
		"other":       `{"keyway_history":1,"collection":"/elsewhere.toml"}` + "\n",
		"newer":       `{"keyway_history":9,"collection":"` + testCollection + `"}` + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			s := newTestStore(t)
			if err := os.MkdirAll(s.dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(s.Path(), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			var foreign *ForeignError
			if err := loadErr(s); !errors.As(err, &foreign) {
				t.Fatalf("Load = %v; want a *ForeignError", err)
			}
			if err := s.Append(entry(time.Now(), "a", "{}")); !errors.As(err, &foreign) || !strings.Contains(err.Error(), "left as it is") {
				t.Fatalf("Append = %v; want a *ForeignError", err)
			}
			if data, _ := os.ReadFile(s.Path()); string(data) != content {
				t.Fatalf("the file changed to %q", data)
			}
		})
	}
}

// TestDir: KEYWAY_HISTORY_DIR first, then XDG_DATA_HOME when absolute,
// then ~/.local/share.
func TestDir(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "ios" || runtime.GOOS == "plan9" {
		t.Skip("XDG applies to Linux and other Unix")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(EnvDir, "")
	for _, c := range []struct{ xdg, want string }{
		{"/data", "/data/keyway/history"},
		{"relative", filepath.Join(home, ".local/share/keyway/history")},
		{"", filepath.Join(home, ".local/share/keyway/history")},
	} {
		t.Setenv("XDG_DATA_HOME", c.xdg)
		if got, err := Dir(); err != nil || got != c.want {
			t.Errorf("XDG_DATA_HOME=%q: Dir() = %q, %v; want %q", c.xdg, got, err, c.want)
		}
	}
	t.Setenv(EnvDir, "/tmp/h")
	if got, _ := Dir(); got != "/tmp/h" {
		t.Errorf("with %s: Dir() = %q", EnvDir, got)
	}
}

// FuzzParse: no file content makes reading a history panic, and every
// line is either an entry or counted as skipped.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"keyway_history":1,"collection":"` + testCollection + `"}` + "\n" + `{"id":"x","time":"2026-01-01T00:00:00Z"}` + "\n"))
	f.Add([]byte("garbage\n\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Store{path: "h.jsonl", collection: testCollection, now: time.Now}
		entries, _, bad, err := s.parse(data)
		if err != nil {
			return
		}
		lines := 0
		for _, l := range strings.Split(string(data), "\n")[1:] {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		if len(entries)+len(bad) != lines {
			t.Fatalf("%d entries + %d bad != %d lines", len(entries), len(bad), lines)
		}
	})
}

// TestTwoStoresAppendWhilePruning: appends that cross MaxEntries rewrite
// the file; another store's appends made meanwhile are not lost to the
// rewrite (the lock spans read, prune and rename).
func TestTwoStoresAppendWhilePruning(t *testing.T) {
	a := newTestStore(t)
	start := time.Now().Add(-time.Hour)
	for i := range MaxEntries - 5 {
		if err := a.Append(entry(start.Add(time.Duration(i)*time.Millisecond), "seed", "{}")); err != nil {
			t.Fatal(err)
		}
	}
	b, err := Open(a.dir, testCollection)
	if err != nil {
		t.Fatal(err)
	}
	const each = 60
	appendAtOnce(t, each, a, b)
	got, err := a.Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range got.Entries {
		seen[e.Request] = true
	}
	for i := range 2 {
		for j := range each {
			if name := fmt.Sprintf("s%d-%d", i, j); !seen[name] {
				t.Errorf("%s was lost", name)
			}
		}
	}
}

// TestRecordCutsBodiesToBodyLimit: a body kept with a larger limit is cut
// to BodyLimit, and says so.
func TestRecordCutsBodiesToBodyLimit(t *testing.T) {
	body := strings.Repeat("x", 2*BodyLimit)
	e := entry(time.Now(), "big", body)
	if n := len(e.Received.Body); n > BodyLimit+len("…") || !e.Received.Cut {
		t.Fatalf("kept %d bytes of a %d-byte body, cut %v; want at most %d, cut", n, len(body), e.Received.Cut, BodyLimit)
	}
}
