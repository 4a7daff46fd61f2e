package tui

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// recordingEngine is the fake engine with the report result the real one
// makes (run.One with KeepExchange): the history is built from it.
type recordingEngine struct{ *fakeEngine }

func (e recordingEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome {
	res := e.fakeEngine.Send(ctx, c, r, s, client)
	p, err := e.Prepare(c, r, &s)
	if err != nil || res.Response == nil {
		return res
	}
	resp := res.Response
	ex := &report.Exchange{Request: report.Message{StartLine: r.Method + " " + p.Request.URL},
		Response: &report.Message{StartLine: resp.Proto + " " + resp.Status, Body: string(resp.Body), BodySize: resp.Size}}
	for name, values := range resp.Header {
		for _, v := range values {
			ex.Response.Headers = append(ex.Response.Headers, report.Header{Name: name, Value: v})
		}
	}
	res.Result = report.Result{Name: r.Name, Folder: r.Folder, Method: r.Method, URL: p.Request.URL,
		Status: resp.StatusCode, Duration: resp.Duration, Passed: true, Exchange: ex}
	return res
}

// historyTestKey stands for the collection's absolute path.
const historyTestKey = "/projects/demo.toml"

// newHistoryTestModel is newTestModel with a history in a temporary folder.
func newHistoryTestModel(t *testing.T, w, h int, dark bool) (model, *fakeEngine, *history.Store) {
	t.Helper()
	m, eng := newTestModel(t, w, h, dark)
	store, err := history.Open(filepath.Join(t.TempDir(), "history"), historyTestKey)
	if err != nil {
		t.Fatal(err)
	}
	m.c.engine = recordingEngine{eng}
	m.c.history = store
	return m, eng, store
}

// historyBase is when the stored test entries were received.
var historyBase = time.Date(2026, 12, 5, 9, 30, 0, 0, time.UTC)

// seedHistory stores three responses: two of Who am I that differ in a
// header and the body, one of Health.
func seedHistory(t *testing.T, store *history.Store) {
	t.Helper()
	add := func(at time.Time, name, url string, status int, etag, body string) {
		res := report.Result{Name: name, Method: "GET", URL: url, Status: status, Duration: 12 * time.Millisecond,
			Exchange: &report.Exchange{Request: report.Message{StartLine: "GET " + url},
				Response: &report.Message{StartLine: fmt.Sprintf("HTTP/1.1 %d %s", status, http.StatusText(status)),
					Headers: []report.Header{{Name: "Content-Type", Value: "application/json"}, {Name: "Etag", Value: etag}},
					Body:    body, BodySize: int64(len(body))}}}
		if err := store.Append(history.Record(at, res, nil)); err != nil {
			t.Fatal(err)
		}
	}
	add(historyBase.Add(-2*time.Hour), "Who am I", "http://127.0.0.1:8080/me", 200, `"v1"`, "{\n  \"name\": \"alice\",\n  \"id\": 7\n}")
	add(historyBase.Add(-time.Hour), "Health", "http://127.0.0.1:8080/health", 200, `"h"`, "ok")
	add(historyBase, "Who am I", "http://127.0.0.1:8080/me", 401, `"v2"`, "{\n  \"error\": \"invalid_token\"\n}")
}

// openHistoryView presses H and reads the history, with the view's clock
// and time zone fixed.
func openHistoryView(t *testing.T, m model) model {
	t.Helper()
	m = feed(m, 2, keyChar('H'))
	if m.explore.saved == nil {
		t.Fatalf("H did not open the history:\n%s", screenText(m))
	}
	m.explore.saved.now = func() time.Time { return historyBase.Add(time.Hour) }
	m.explore.saved.loc = time.UTC
	return m
}

var keySpace = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}

// TestExploreSendKeepsResponseInHistory: a response an Explore send
// receives is appended to the collection's history, masked with the
// send's secrets (here a {{prompt}} answer the server echoed).
func TestExploreSendKeepsResponseInHistory(t *testing.T) {
	m, eng, store := newHistoryTestModel(t, 100, 30, true)
	eng.responses["Create token"] = jsonResponse(`{"echo":"hunter22"}`)
	m = feed(m, 0, keyDown, keyDown, keyDown) // Create token
	m = feed(m, 3, keyEnter)
	m = feed(m, 3, typeText("hunter22")...)
	m = feed(m, 3, keyEnter)
	if strings.Contains(screenText(m), "hunter22") {
		t.Fatal("the prompt's answer is on screen")
	}
	loaded, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Entries) != 1 || loaded.Entries[0].Request != "Create token" || loaded.Entries[0].Status != 200 {
		t.Fatalf("history holds %+v; want the one response", loaded.Entries)
	}
	data, err := os.ReadFile(store.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "hunter22") {
		t.Fatalf("the prompt's answer is in the history file:\n%s", data)
	}
	if !strings.Contains(string(data), authflow.Mask) {
		t.Fatalf("nothing masked in the history file:\n%s", data)
	}
}

// TestHistoryViewBrowsesTogglesShowsComparesAndSendsAgain walks the
// history view: the selected request's responses newest first, every
// request's with a, a stored response with enter, two compared with space
// and d, and r sending the request again through Explore's send path.
func TestHistoryViewBrowsesTogglesShowsComparesAndSendsAgain(t *testing.T) {
	m, eng, store := newHistoryTestModel(t, 120, 40, true)
	seedHistory(t, store)
	m = feed(m, 0, keyDown) // Who am I
	m = openHistoryView(t, m)
	screen := screenText(m)
	if !strings.Contains(screen, "History · Who am I (2)") || strings.Contains(screen, "/health") {
		t.Fatalf("not the selected request's responses:\n%s", screen)
	}
	if strings.Index(screen, "401") > strings.Index(screen, " 200 ") {
		t.Fatalf("not newest first:\n%s", screen)
	}
	m = feed(m, 0, keyChar('a'))
	if screen = screenText(m); !strings.Contains(screen, "all requests (3)") || !strings.Contains(screen, "/health") {
		t.Fatalf("a did not show every request's:\n%s", screen)
	}
	m = feed(m, 0, keyChar('a'))

	m = feed(m, 0, keyDown, keyEnter) // the older Who am I
	screen = screenText(m)
	if !strings.Contains(screen, `"name": "alice"`) || !strings.Contains(screen, "Etag") {
		t.Fatalf("enter did not show the stored response:\n%s", screen)
	}
	m = feed(m, 0, keyEsc, keySpace, keyChar('k'))
	m = feed(m, 1, keyChar('d'))
	screen = screenText(m)
	for _, want := range []string{"-HTTP/1.1 200 OK", "+HTTP/1.1 401 Unauthorized", `-Etag: "v1"`, `+Etag: "v2"`, `-  "name": "alice",`, `+  "error": "invalid_token"`} {
		if !strings.Contains(screen, want) {
			t.Errorf("the diff lacks %q:\n%s", want, screen)
		}
	}
	m = feed(m, 2, keyChar('r'))
	if m.explore.saved != nil {
		t.Fatal("r did not close the history")
	}
	if len(eng.sends) != 1 || eng.sends[0] != "Who am I" {
		t.Fatalf("sends = %v; want Who am I sent again", eng.sends)
	}
	if loaded, _ := store.Load(); len(loaded.Entries) != 4 {
		t.Fatalf("the new response was not kept: %d entries", len(loaded.Entries))
	}
}

// TestHistoryDiffNeedsAMark: d without a mark says what to do.
func TestHistoryDiffNeedsAMark(t *testing.T) {
	m, _, store := newHistoryTestModel(t, 100, 30, true)
	seedHistory(t, store)
	m = feed(m, 0, keyDown)
	m = openHistoryView(t, m)
	m = feed(m, 1, keyChar('d'))
	if !strings.Contains(screenText(m), "Mark a response with space first") {
		t.Fatalf("d without a mark:\n%s", screenText(m))
	}
}

// TestHistoryForeignFileIsAMessage: a history file keyway did not write
// is a message in the view, not a panic, and is left as it is; a send
// then says once that its response was not kept.
func TestHistoryForeignFileIsAMessage(t *testing.T) {
	m, _, store := newHistoryTestModel(t, 100, 30, true)
	if err := os.MkdirAll(filepath.Dir(store.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	const foreign = "name,status\nx,1\n"
	if err := os.WriteFile(store.Path(), []byte(foreign), 0o600); err != nil {
		t.Fatal(err)
	}
	m = openHistoryView(t, m)
	if screen := screenText(m); !strings.Contains(screen, "is not a keyway history") || !strings.Contains(screen, "left as it is") {
		t.Fatalf("no clear message:\n%s", screen)
	}
	m = feed(m, 0, keyEsc)
	m = feed(m, 3, keyEnter)
	if screen := screenText(m); !strings.Contains(screen, "not kept in the history") {
		t.Fatalf("the failed append was not said:\n%s", screen)
	}
	if data, _ := os.ReadFile(store.Path()); string(data) != foreign {
		t.Fatalf("the foreign file changed: %q", data)
	}
}

// TestHistorySkippedLinesAreCounted: an unreadable line is skipped and
// the title counts it.
func TestHistorySkippedLinesAreCounted(t *testing.T) {
	m, _, store := newHistoryTestModel(t, 100, 30, true)
	seedHistory(t, store)
	f, err := os.OpenFile(store.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{broken\n")
	f.Close()
	m = openHistoryView(t, m)
	if screen := screenText(m); !strings.Contains(screen, "(1 · 1 unreadable lines skipped)") {
		t.Fatalf("the skipped line is not counted:\n%s", screen)
	}
}

// TestHistoryScreensGolden: the list, a stored response and a diff at
// 80×24 and 120×40, dark and light.
func TestHistoryScreensGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			theme := map[bool]string{true: "dark", false: "light"}[dark]
			name := fmt.Sprintf("%dx%d_%s", size[0], size[1], theme)
			t.Run(name, func(t *testing.T) {
				m, _, store := newHistoryTestModel(t, size[0], size[1], dark)
				seedHistory(t, store)
				m = feed(m, 0, keyDown)
				m = openHistoryView(t, m)
				m = feed(m, 0, keyChar('a'))
				checkFits(t, m.View().Content, size[0], size[1])
				checkGolden(t, "list_"+name, screenText(m))
				m = feed(m, 0, keyEnter)
				checkFits(t, m.View().Content, size[0], size[1])
				checkGolden(t, "response_"+name, screenText(m))
				m = feed(m, 0, keyEsc, keySpace, keyDown, keyDown)
				m = feed(m, 1, keyChar('d'))
				checkFits(t, m.View().Content, size[0], size[1])
				checkGolden(t, "diff_"+name, screenText(m))
				m = feed(m, 0, keyEsc, keyChar('?'))
				checkFits(t, m.View().Content, size[0], size[1])
				checkGolden(t, "help_"+name, screenText(m))
			})
		}
	}
}

// TestHistoryClickLeavesTheHiddenListAlone: a click while the history
// stands in for the screen does not change the selection under it.
func TestHistoryClickLeavesTheHiddenListAlone(t *testing.T) {
	m, _, store := newHistoryTestModel(t, 100, 30, true)
	seedHistory(t, store)
	m = feed(m, 0, keyDown) // Who am I
	m = openHistoryView(t, m)
	m = feed(m, 0, tea.MouseClickMsg{X: 3, Y: 5, Button: tea.MouseLeft})
	if r := m.explore.list.Selected(); r == nil || r.Name != "Who am I" {
		t.Fatalf("the click selected %v under the history", r)
	}
	if m.explore.saved == nil {
		t.Fatal("the click closed the history")
	}
}

// TestHistoryDiffPutsTheOlderFirstAndSaysWhenSame: whichever was marked,
// the older response is the diff's "-" side; two identical responses say
// so instead of showing an empty diff.
func TestHistoryDiffPutsTheOlderFirstAndSaysWhenSame(t *testing.T) {
	at := historyBase
	older := history.Entry{ID: "a", Time: at, Method: "GET", URL: "u", Status: 200, Received: &history.Message{StartLine: "HTTP/1.1 200 OK", Body: "one"}}
	newer := history.Entry{ID: "b", Time: at.Add(time.Minute), Method: "GET", URL: "u", Status: 200, Received: &history.Message{StartLine: "HTTP/1.1 200 OK", Body: "two"}}
	d := newHistoryDiff(newer, older, time.UTC)
	text := strings.Join(d.lines, "\n")
	if d.same || !strings.Contains(text, "-one") || !strings.Contains(text, "+two") {
		t.Fatalf("diff:\n%s", text)
	}
	if same := newHistoryDiff(older, older, time.UTC); !same.same {
		t.Fatalf("identical responses: %q", same.lines)
	}
}

// TestHistoryListScrolls: with more responses than fit, the cursor stays
// on screen; G reaches the oldest and g the newest.
func TestHistoryListScrolls(t *testing.T) {
	m, _, store := newHistoryTestModel(t, 80, 24, true)
	for i := range 40 {
		res := report.Result{Name: "Health", Method: "GET", URL: fmt.Sprintf("http://127.0.0.1:8080/health?n=%d", i), Status: 200,
			Exchange: &report.Exchange{Response: &report.Message{StartLine: "HTTP/1.1 200 OK"}}}
		if err := store.Append(history.Record(historyBase.Add(time.Duration(i)*time.Minute), res, nil)); err != nil {
			t.Fatal(err)
		}
	}
	m = openHistoryView(t, m)
	if screen := screenText(m); !strings.Contains(screen, "health?n=39") || strings.Contains(screen, "health?n=0\n") {
		t.Fatalf("not newest first:\n%s", screen)
	}
	m = feed(m, 0, keyChar('G'))
	if screen := screenText(m); !strings.Contains(screen, "health?n=0 ") || strings.Contains(screen, "health?n=39") {
		t.Fatalf("G did not reach the oldest:\n%s", screen)
	}
	for range 5 {
		m = feed(m, 0, keyChar('k'))
	}
	m = feed(m, 0, keyChar('g'))
	if screen := screenText(m); !strings.Contains(screen, "health?n=39") {
		t.Fatalf("g did not reach the newest:\n%s", screen)
	}
	checkFits(t, m.View().Content, 80, 24)
}
