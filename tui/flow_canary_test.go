package tui

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// TestFlowCanaryOldAccessTokenAfterExpireIsMasked (canary sweep): x marks
// the cached access token expired on this side only — the server still
// honours it — and walks again, refreshing. The new walk's redactor holds
// only the new walk's secrets, so a server that echoes the previous access
// token (a whoami page, X-Echo headers, a Location carrying it) shows it
// on the Flow screen unmasked. Found against a loopback server that echoes
// the first token: `keyway c.toml`, 2 (Flow), pick an oauth2-password
// profile, enter, x, n…: "X-Echo-At: CnATissuedAccess0001xyz" in clear.
func TestFlowCanaryOldAccessTokenAfterExpireIsMasked(t *testing.T) {
	oldToken := "canary-old-access-9d2f"
	newToken := "canary-new-access-7c1e"
	walks := 0
	send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		walks++
		if walks == 1 {
			resp, flow, err := scriptedSend(oauthSteps(), nil)(ctx, p, req, opts)
			flow.Token = &authflow.Token{AccessToken: oldToken, RefreshToken: "canary-refresh-55aa", TokenType: "Bearer"}
			return resp, flow, err
		}
		echo := `{"previous_token":"` + oldToken + `"}`
		steps := []authflow.Step{
			{Title: "Refresh the token", RFC: "RFC 6749 §6", Status: authflow.StepDone,
				Fields: []authflow.Field{{Label: "access_token", Value: newToken, Secret: true}}},
			{Title: "Send the request", RFC: "RFC 6750 §2.1", Status: authflow.StepDone, Duration: time.Millisecond,
				Exchange: &authflow.Exchange{
					Request: authflow.RecordedRequest{Method: "GET", URL: "http://127.0.0.1:8080/me", Proto: "HTTP/1.1",
						Host: "127.0.0.1:8080", Header: http.Header{"Authorization": {"Bearer " + newToken}}},
					Response: &authflow.RecordedResponse{Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
						Header: http.Header{"X-Echo-At": {oldToken}, "Content-Type": {"application/json"}},
						Body:   []byte(echo), BodySize: int64(len(echo))},
				}},
		}
		resp, flow, err := scriptedSend(steps, nil)(ctx, p, req, opts)
		flow.Token = &authflow.Token{AccessToken: newToken, TokenType: "Bearer"}
		return resp, flow, err
	}
	m, _ := newFlowTest(t, 120, 40, send)
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	if !m.tokenLesson() {
		t.Fatal("the first walk left no token to expire")
	}
	m, cmd := m.Update(keyChar('x'))
	m, _ = pumpFlow(m, cmd)
	if walks != 2 {
		t.Fatalf("x walked %d times in all, want 2", walks)
	}
	for i := range m.steps {
		m.selected = i
		m.refreshDetail()
		content := ansi.Strip(m.detail.GetContent())
		if strings.Contains(content, oldToken) {
			t.Errorf("step %d shows the access token x expired (still valid at the server) unmasked:\n%s", i+1, content)
		}
		if strings.Contains(content, newToken) {
			t.Errorf("step %d shows the new access token unmasked", i+1)
		}
	}
}
