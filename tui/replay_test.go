package tui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// replayCanary is a secret a failed result's exchange holds.
const replayCanary = "canary-key-5d2e"

// replayOutcome is the scripted outcome of request i of testCollection:
// "List users" fails an assertion, the rest pass.
func replayOutcome(coll *collections.Collection, i int) run.Outcome {
	r := coll.Requests[i]
	res := report.Result{Name: r.Name, Folder: r.Folder, Method: r.Method, URL: "http://127.0.0.1:8080/x",
		Status: 200, DurationMS: int64(10 + i), Passed: true,
		Assertions: []report.Assertion{{Expect: "status == 200", Passed: true, Actual: "200"}}}
	out := run.Outcome{Result: res, Secrets: []string{replayCanary}}
	if r.Name == "List users" {
		out.Result.Passed = false
		out.Result.Assertions = append(out.Result.Assertions, report.Assertion{Expect: `jq: length == 3`, Passed: false, Actual: "2"})
		out.Flow = &authflow.Flow{Steps: []authflow.Step{{Title: "Send the request", Status: authflow.StepDone,
			Exchange: &authflow.Exchange{
				Request: authflow.RecordedRequest{Method: "GET", URL: "http://127.0.0.1:8080/users", Proto: "HTTP/1.1",
					Host: "127.0.0.1:8080", Header: http.Header{"X-Api-Key": {replayCanary}}},
				Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
					Body: []byte(`[{"name":"alice"},{"name":"bob"}]`), BodySize: 33},
			}}}}
	}
	return out
}

// replayRunFunc stands in for run.Run in a fake engine's replays.
type replayRunFunc func(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error)

// scriptedRunner replays the requests Only selects, reporting each as
// replayOutcome says. With hold set, it stops after the first result and
// waits for the replay to be cancelled, as a slow server would make it.
func scriptedRunner(hold bool, seen *run.Options) replayRunFunc {
	return func(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
		if seen != nil {
			*seen = opts
		}
		rep := &report.Report{Collection: c.Name, Started: time.Unix(0, 0)}
		for i, r := range c.Requests {
			if len(opts.Only) > 0 && !slices.Contains(opts.Only, r.Name) && !slices.Contains(opts.Only, r.Folder) {
				continue
			}
			opts.OnStart(i, r)
			if hold && len(rep.Results) == 1 {
				<-ctx.Done()
				return rep, nil
			}
			out := replayOutcome(c, i)
			opts.OnResult(i, out)
			rep.Add(out.Result)
		}
		return rep, nil
	}
}

// newReplayTest returns a replay screen on the test collection, sized w×h,
// with a scripted runner.
func newReplayTest(t *testing.T, w, h int, runner replayRunFunc) replayModel {
	t.Helper()
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), &fakeEngine{replay: runner})
	c.styles = newStyles(true, true)
	c.noColor = true
	c.session.prompts[""] = "pw" // "Create token" needs a {{prompt}}
	m := newReplayModel(c)
	m.SetSize(w, h)
	return m
}

func TestReplayFillsTheTableAsRequestsFinish(t *testing.T) {
	m := newReplayTest(t, 80, 24, scriptedRunner(false, nil))
	cmd := m.Start("")
	var states []string
	for cmd != nil {
		msg := cmd()
		if msg == nil {
			break
		}
		m, cmd = m.Update(msg)
		if _, ok := msg.(replayResultMsg); ok {
			states = append(states, fmt.Sprintf("%d/%d", m.finished(), len(m.rows)))
		}
	}
	if got := strings.Join(states, " "); got != "1/4 2/4 3/4 4/4" {
		t.Errorf("results arrived as %s", got)
	}
	if m.running || m.report == nil {
		t.Fatalf("the replay did not end: running=%v report=%v", m.running, m.report)
	}
	view := ansi.Strip(m.View())
	if !strings.Contains(view, "3 passed, 1 failed") {
		t.Errorf("no summary line:\n%s", view)
	}
	if !strings.Contains(view, "✗ users/List users") || !strings.Contains(view, "1/2") {
		t.Errorf("the failure does not stand out with its checks:\n%s", view)
	}
}

func TestReplayFolderRunsOnlyThatFolder(t *testing.T) {
	var opts run.Options
	m := newReplayTest(t, 80, 24, scriptedRunner(false, &opts))
	m, _ = pump(m, func() tea.Msg { return openReplayMsg{folder: "users"} })
	if !slices.Equal(opts.Only, []string{"users"}) || len(m.rows) != 2 {
		t.Fatalf("Only = %v, rows = %d; want the users folder's 2 requests", opts.Only, len(m.rows))
	}
	if opts.Client != m.c.session.client {
		t.Error("the replay does not use the session's client")
	}
	if got := ansi.Strip(m.View()); !strings.Contains(got, "Replay folder users") || !strings.Contains(got, "1 passed, 1 failed") {
		t.Errorf("unexpected screen:\n%s", got)
	}
}

func TestReplayCancelSaysWhatRan(t *testing.T) {
	m := newReplayTest(t, 80, 24, scriptedRunner(true, nil))
	cmd := m.Start("")
	for range 3 { // started 0, result 0, started 1
		m, cmd = m.Update(cmd())
	}
	if m.rows[1].state != rowRunning {
		t.Fatalf("request 2 is not running: %v", m.rows[1].state)
	}
	m, _ = m.Update(keyCtrlX)
	if !m.cancelled {
		t.Fatal("ctrl+x did not cancel")
	}
	m, _ = pump(m, cmd)
	if m.running || m.report == nil || len(m.report.Results) != 1 {
		t.Fatalf("after cancel: running=%v report=%v", m.running, m.report)
	}
	if m.rows[1].state != rowWaiting {
		t.Error("the interrupted request still shows as running")
	}
	if got := ansi.Strip(m.View()); !strings.Contains(got, "cancelled: 1 of 4 ran, 3 not sent · 1 passed, 0 failed") {
		t.Errorf("no cancel summary:\n%s", got)
	}
}

func TestReplayDropsMessagesOfAReplacedReplay(t *testing.T) {
	m := newReplayTest(t, 80, 24, scriptedRunner(true, nil))
	cmd := m.Start("")
	first := cmd().(replayStartedMsg)
	m, _ = m.Update(first)
	m.Start("users") // replaces the replay: the old one is abandoned
	m, _ = m.Update(replayResultMsg{run: first.run, index: 0, outcome: replayOutcome(m.c.coll, 0)})
	m, _ = m.Update(replayDoneMsg{run: first.run, report: &report.Report{}})
	if m.finished() != 0 || m.report != nil {
		t.Error("a message of the replaced replay changed the screen")
	}
}

func TestReplayOpenShowsTheFullExchangeMasked(t *testing.T) {
	m := newReplayTest(t, 120, 40, scriptedRunner(false, nil))
	m, _ = pump(m, m.Start(""))
	m, _ = m.Update(keyEnter) // the first row passed
	if !m.open {
		t.Fatal("enter did not open the result")
	}
	m, _ = m.Update(keyEsc)
	m, _ = m.Update(keyDown)
	m, _ = m.Update(keyDown)
	m, _ = m.Update(keyEnter)
	content := m.detail.GetContent()
	for _, want := range []string{"✗ failed", "Assertions 1/2", "✗ jq: length == 3", "actual: 2", "GET /users HTTP/1.1", "X-Api-Key: " + authflow.Mask} {
		if !strings.Contains(ansi.Strip(content), want) {
			t.Errorf("the open result lacks %q:\n%s", want, ansi.Strip(content))
		}
	}
	if strings.Contains(content, replayCanary) {
		t.Error("the open result shows a secret")
	}
	if _, cmd := m.Update(keyEsc); cmd != nil {
		t.Error("esc on an open result should only close it")
	}
}

func TestReplayAsksForPromptsBeforeRunning(t *testing.T) {
	var opts run.Options
	m := newReplayTest(t, 80, 24, scriptedRunner(false, &opts))
	delete(m.c.session.prompts, "")
	m, seen := pump(m, m.Start(""))
	if !slices.ContainsFunc(seen, func(msg tea.Msg) bool { _, ok := msg.(needPromptMsg); return ok }) {
		t.Fatalf("no needPromptMsg: %#v", seen)
	}
	if opts.OnResult != nil {
		t.Fatal("the runner ran before the prompt was answered")
	}
	m.c.session.prompts[""] = "pw"
	m, _ = pump(m, func() tea.Msg { return promptAnsweredMsg{label: ""} })
	if m.report == nil || len(m.report.Results) != 4 {
		t.Errorf("the replay did not run after the answer: %+v", m.report)
	}
}

// TestReplayAgreesWithKeywayRun replays the demo collection against the demo
// API with the real runner and checks the screen's summary is the line
// `keyway run` prints for the same collection.
func TestReplayAgreesWithKeywayRun(t *testing.T) {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer srv.Close()
	coll, err := collections.Parse("demo.toml", examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"base_url": srv.URL}
	c := newCommon(coll, "", newSession(vars, nil, nil), realEngine{})
	c.styles = newStyles(true, true)
	m := newReplayModel(c)
	m.SetSize(120, 40)
	m, seen := pump(m, m.Start(""))
	if m.report == nil {
		t.Fatalf("no report: %v", m.err)
	}
	// The replay's captures serve the rest of the session, and the
	// screens that show resolved requests are told.
	if c.session.captures["note_id"] == "" || c.session.captures["user_id"] == "" {
		t.Errorf("the session did not get the replay's captures: %v", c.session.captures)
	}
	if !slices.ContainsFunc(seen, func(msg tea.Msg) bool { _, ok := msg.(capturesChangedMsg); return ok }) {
		t.Error("no capturesChangedMsg after a replay that captured values")
	}
	want, err := run.Run(context.Background(), coll, run.Options{Scope: collections.Scope{Vars: vars}})
	if err != nil {
		t.Fatal(err)
	}
	var line strings.Builder
	if err := want.WriteSummary(&line); err != nil {
		t.Fatal(err)
	}
	if got := ansi.Strip(m.summaryLine()); got != strings.TrimSpace(line.String()) {
		t.Errorf("the screen says %q, keyway run says %q", got, strings.TrimSpace(line.String()))
	}
	if m.finished() != len(coll.Requests) {
		t.Errorf("%d of %d rows finished", m.finished(), len(coll.Requests))
	}
}

func TestReplayScreensGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m := newReplayTest(t, size.w, size.h, scriptedRunner(false, nil))
			checkGolden(t, fmt.Sprintf("replay_idle_%dx%d", size.w, size.h), ansi.Strip(m.View()))
			m, _ = pump(m, m.Start(""))
			m.selected = 0
			view := m.View()
			checkFits(t, view, size.w, size.h)
			checkGolden(t, fmt.Sprintf("replay_done_%dx%d", size.w, size.h), ansi.Strip(view))
			m, _ = m.Update(keyDown)
			m, _ = m.Update(keyDown)
			m, _ = m.Update(keyEnter)
			checkFits(t, m.View(), size.w, size.h)
			checkGolden(t, fmt.Sprintf("replay_open_%dx%d", size.w, size.h), ansi.Strip(m.View()))
		})
	}
}

// TestReplayOptionsReachTheRunner: f and c set fail-fast and concurrency
// as `keyway run --fail-fast --concurrency N` would, the header shows
// them, and a fail-fast stop says how many requests were not sent.
func TestReplayOptionsReachTheRunner(t *testing.T) {
	var opts run.Options
	stopAtFailure := func(ctx context.Context, c *collections.Collection, o run.Options) (*report.Report, error) {
		opts = o
		rep := &report.Report{Collection: c.Name, Started: time.Unix(0, 0)}
		for i, r := range c.Requests {
			o.OnStart(i, r)
			out := replayOutcome(c, i)
			o.OnResult(i, out)
			rep.Add(out.Result)
			if o.FailFast && !out.Result.Passed {
				break
			}
		}
		return rep, nil
	}
	m := newReplayTest(t, 120, 40, stopAtFailure)
	m, _ = m.Update(keyChar('f'))
	m, _ = m.Update(keyChar('c'))
	if head := ansi.Strip(m.headerLine()); !strings.Contains(head, "concurrency 4 · fail-fast on") {
		t.Errorf("the header does not show the options: %q", head)
	}
	m, _ = pump(m, m.Start(""))
	if !opts.FailFast || opts.Concurrency != 4 {
		t.Errorf("the runner got FailFast=%v Concurrency=%d", opts.FailFast, opts.Concurrency)
	}
	if got := ansi.Strip(m.summaryLine()); !strings.Contains(got, "1 not sent (fail-fast)") {
		t.Errorf("the summary does not say what fail-fast left out: %q", got)
	}
	for _, want := range []int{8, 1, 4} {
		m, _ = m.Update(keyChar('c'))
		if m.concurrency != want {
			t.Fatalf("c cycled to %d, want %d", m.concurrency, want)
		}
	}
}
