package tui

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// keepToken is a token found only in a token response's body.
const keepToken = "canary-token-7b1c"

// heavyOutcome is an outcome of request r as a real run makes it: a 1 MiB
// response body, and a flow whose token step's body holds keepToken and
// whose request step sends it and gets "BODY-<name>" back. "List users"
// fails.
func heavyOutcome(r *collections.Request) run.Outcome {
	tokenBody := `{"access_token":"` + keepToken + `","token_type":"Bearer"}`
	body := "BODY-" + r.Name
	res := report.Result{Name: r.Name, Method: r.Method, URL: "http://127.0.0.1:8080/x", Status: 200, Passed: r.Name != "List users"}
	return run.Outcome{
		Result:   res,
		Response: &authflow.Response{StatusCode: 200, Status: "200 OK", Body: bytes.Repeat([]byte("x"), 1<<20), Size: 1 << 20},
		Flow: &authflow.Flow{Steps: []authflow.Step{
			{Title: "Request a token", Status: authflow.StepDone, Exchange: &authflow.Exchange{
				Request: authflow.RecordedRequest{Method: "POST", URL: "http://127.0.0.1:8080/token", Proto: "HTTP/1.1", Host: "127.0.0.1:8080"},
				Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
					Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tokenBody), BodySize: int64(len(tokenBody))}}},
			{Title: "Send the request", Status: authflow.StepDone, Exchange: &authflow.Exchange{
				Request: authflow.RecordedRequest{Method: "GET", URL: "http://127.0.0.1:8080/me", Proto: "HTTP/1.1", Host: "127.0.0.1:8080",
					Header: http.Header{"Authorization": {"Bearer " + keepToken}}},
				Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
					Body: []byte(body), BodySize: int64(len(body))}}},
		}},
	}
}

func TestReplayKeepsBodiesOfFailuresOnly(t *testing.T) {
	var sent []run.Outcome
	runner := func(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
		rep := &report.Report{Collection: c.Name}
		for i, r := range c.Requests {
			opts.OnStart(i, r)
			out := heavyOutcome(r)
			sent = append(sent, out)
			opts.OnResult(i, out)
			rep.Add(out.Result)
		}
		return rep, nil
	}
	m := newReplayTest(t, 100, 200, runner)
	m, _ = pump(m, func() tea.Msg { return openReplayMsg{} })
	if m.running || m.finished() != len(m.rows) {
		t.Fatalf("the replay did not finish: %d of %d", m.finished(), len(m.rows))
	}
	for _, out := range sent {
		if len(out.Response.Body) != 1<<20 || out.Flow.Steps[1].Exchange.Response.Body == nil {
			t.Fatal("the runner's outcome was changed")
		}
	}
	for _, row := range m.rows {
		name := row.request.Name
		if resp := row.outcome.Response; resp == nil || resp.Body != nil || resp.StatusCode != 200 {
			t.Errorf("%s: response kept as %+v, want its summary without the body", name, resp)
		}
		detail := ansi.Strip(m.resultDetail(row, 100))
		if strings.Contains(detail, keepToken) {
			t.Errorf("%s: the token is shown unmasked once the body that names it is dropped:\n%s", name, detail)
		}
		if !strings.Contains(detail, "GET /me HTTP/1.1") {
			t.Errorf("%s: the exchange's request line is not shown:\n%s", name, detail)
		}
		if name == "List users" {
			if row.kept != keptAll || !strings.Contains(detail, "BODY-List users") {
				t.Errorf("the failure's body is not kept (kept %d):\n%s", row.kept, detail)
			}
			continue
		}
		if row.kept != keptHeaders || strings.Contains(detail, "BODY-") {
			t.Errorf("%s: a passing result keeps its bodies (kept %d):\n%s", name, row.kept, detail)
		}
		if !strings.Contains(detail, "Bodies of passing results are not kept") || !strings.Contains(detail, "bytes not recorded") {
			t.Errorf("%s: the detail does not say the body was dropped:\n%s", name, detail)
		}
	}
}

func TestReplayKeeperSpendsItsBudget(t *testing.T) {
	failed := heavyOutcome(&collections.Request{Name: "List users", Method: "GET"})
	whole, heads := flowSizes(failed.Flow)
	if heads <= 0 || whole <= heads {
		t.Fatalf("sizes whole=%d heads=%d", whole, heads)
	}
	// Room for one whole failure and then the heads of one more.
	k := &replayKeeper{left: whole + heads}
	var got []replayKept
	for range 3 {
		out, kept := k.keep(failed)
		got = append(got, kept)
		if kept == keptSummary {
			for _, s := range out.Flow.Steps {
				if s.Exchange != nil {
					t.Error("a summary keeps an exchange")
				}
			}
		}
	}
	if want := []replayKept{keptAll, keptHeaders, keptSummary}; !slices.Equal(got, want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	if k.left != 0 {
		t.Errorf("%d bytes of budget left, want 0", k.left)
	}
	m := newReplayTest(t, 80, 60, nil)
	out, kept := k.keep(failed)
	row := replayRow{request: &collections.Request{Name: "List users"}, state: rowFinished, outcome: out, kept: kept}
	detail := ansi.Strip(m.resultDetail(row, 80))
	if !strings.Contains(detail, "were not kept") || !strings.Contains(detail, "✗ failed") {
		t.Errorf("a summary row says nothing useful:\n%s", detail)
	}
}
