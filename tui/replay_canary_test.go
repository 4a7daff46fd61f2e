package tui

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// TestReplayCanaryDetailMasksEverySecretOfTheReplay (canary sweep): the
// Replay screen's result detail masks a result with its own secrets only
// (outcomeRedactor: out.Secrets). A token an earlier request of the same
// replay obtained, or another profile's password, echoed back to a later
// request of the replay (a session cookie set to the token, a whoami page,
// a Location carrying it) shows in clear — where `keyway run --report
// html:` of the same collection masks it ("The reports are masked again at
// the end with everything the run saw"). Found with a loopback server:
// c2.toml = "pwd small" (oauth2-password) then "akh echo" (apikey, same
// host, failing): `keyway run --report html:` has 0 copies of the issued
// token; the TUI's 3, r, ↓, enter shows "X-Echo-At: CnATissued…" and
// "Location: …?t=CnATissued…" unmasked.
func TestReplayCanaryDetailMasksEverySecretOfTheReplay(t *testing.T) {
	const issued = "canary-issued-4e7d"
	runner := func(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
		rep := &report.Report{Collection: c.Name}
		for i, r := range c.Requests {
			opts.OnStart(i, r)
			res := report.Result{Name: r.Name, Method: r.Method, URL: "http://127.0.0.1:8080/x", Status: 200, Passed: false}
			var out run.Outcome
			if i == 0 {
				tokenBody := `{"access_token":"` + issued + `","token_type":"Bearer"}`
				out = run.Outcome{Result: res, Secrets: []string{issued}, Flow: &authflow.Flow{Steps: []authflow.Step{
					{Title: "Request a token", Status: authflow.StepDone, Exchange: &authflow.Exchange{
						Request: authflow.RecordedRequest{Method: "POST", URL: "http://127.0.0.1:8080/token", Proto: "HTTP/1.1", Host: "127.0.0.1:8080"},
						Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
							Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tokenBody), BodySize: int64(len(tokenBody))}}},
				}}}
			} else {
				body := `{"your_session":"` + issued + `"}`
				out = run.Outcome{Result: res, Flow: &authflow.Flow{Steps: []authflow.Step{
					{Title: "Send the request", Status: authflow.StepDone, Exchange: &authflow.Exchange{
						Request: authflow.RecordedRequest{Method: "GET", URL: "http://127.0.0.1:8080/me", Proto: "HTTP/1.1", Host: "127.0.0.1:8080"},
						Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
							Header: http.Header{"Set-Cookie": {"sess=" + issued}, "Location": {"http://127.0.0.1:8080/x?t=" + issued}},
							Body:   []byte(body), BodySize: int64(len(body))}}},
				}}}
			}
			opts.OnResult(i, out)
			rep.Add(out.Result)
		}
		return rep, nil
	}
	m := newReplayTest(t, 100, 200, runner)
	m, _ = pump(m, func() tea.Msg { return openReplayMsg{} })
	if len(m.rows) < 2 || m.finished() != len(m.rows) {
		t.Fatalf("the replay did not finish: %d of %d", m.finished(), len(m.rows))
	}
	for i, row := range m.rows {
		if detail := ansi.Strip(m.resultDetail(row, 100)); strings.Contains(detail, issued) {
			t.Errorf("result %d (%s) shows a token the replay obtained unmasked:\n%s", i+1, row.request.Name, detail)
		}
	}
}
