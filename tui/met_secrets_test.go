package tui

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// echoEngine answers the first send with a token among its secrets, and
// every later one with a response that echoes that token, as a server's
// whoami page or a debug header may.
type echoEngine struct {
	fakeEngine
	token string
	sent  int
}

func (e *echoEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome {
	e.sent++
	if e.sent == 1 {
		return run.Outcome{Response: jsonResponse(`{"ok":true}`), Secrets: []string{e.token}}
	}
	resp := jsonResponse(`{"previous_token":"` + e.token + `"}`)
	resp.Header = http.Header{"Content-Type": {"application/json"}, "X-Echo": {e.token}}
	out := run.Outcome{Response: resp, Secrets: []string{"another-secret-value"}}
	// What run.One records for reports, masked with this request's own
	// secrets only.
	out.Result.Exchange = &report.Exchange{
		Request:  report.Message{StartLine: "GET /me"},
		Response: &report.Message{StartLine: "HTTP/1.1 200 OK", Headers: []report.Header{{Name: "X-Echo", Value: e.token}}, Body: `{"previous_token":"` + e.token + `"}`},
	}
	return out
}

// TestExploreMasksEverySecretTheSessionMet (canary sweep): a response that
// echoes a token an earlier send of the session obtained is masked on the
// screen and in the history file, not only with its own request's secrets.
func TestExploreMasksEverySecretTheSessionMet(t *testing.T) {
	const token = "canary-earlier-token-4e1b"
	eng := &echoEngine{token: token}
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), eng)
	store, err := history.Open(t.TempDir(), filepath.Join(t.TempDir(), "api.toml"))
	if err != nil {
		t.Fatal(err)
	}
	c.history = store
	r := c.coll.Requests[0]
	sendCmd(1, context.Background(), c, r)()
	msg := sendCmd(2, context.Background(), c, r)().(sentMsg)
	shown := strings.Join(msg.ex.headers, "\n") + "\n" + strings.Join(msg.ex.body.lines, "\n")
	if strings.Contains(shown, token) {
		t.Errorf("the response pane shows the earlier token:\n%s", shown)
	}
	if msg.entry == nil {
		t.Fatal("no history entry")
	}
	kept, _ := json.Marshal(msg.entry)
	if strings.Contains(string(kept), token) {
		t.Errorf("the history entry keeps the earlier token: %s", kept)
	}
}
