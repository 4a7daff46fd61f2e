package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// A token with no refresh token (client credentials, RFC 6749 §4.4.3) is
// not refreshed at expiry but fetched again: the lesson says so rather
// than promising a refresh.
func TestFlowLessonWithoutRefreshToken(t *testing.T) {
	token := &authflow.Token{AccessToken: flowCanary + "-access", TokenType: "Bearer"}
	send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		resp, flow, err := scriptedSend(oauthSteps(), nil)(ctx, p, req, opts)
		flow.Token = token
		return resp, flow, err
	}
	m, _ := newFlowTest(t, 120, 40, send)
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	lesson := func() string {
		return strings.Join(strings.Fields(ansi.Strip(strings.Join(m.lessonLines(30), " "))), " ")
	}
	view := lesson()
	if !strings.Contains(view, "fetch a new one (no refresh token)") || strings.Contains(view, "see the refresh") {
		t.Errorf("the lesson promises a refresh without a refresh token:\n%s", view)
	}
	token.Expiry = flowClock.Add(-time.Second)
	view = lesson()
	if !strings.Contains(view, "fetching a new one: there is no refresh token") {
		t.Errorf("an expired token without a refresh token:\n%s", view)
	}
}
