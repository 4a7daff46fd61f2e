package tui

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// newDemoFlow returns the flow screen on the demo collection, pointed at
// the demo API on a loopback test server, with the real client.
func newDemoFlow(t *testing.T) flowModel {
	t.Helper()
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	t.Cleanup(srv.Close)
	coll, err := collections.Parse("demo.toml", examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(coll, "", newSession(map[string]string{"base_url": srv.URL}, nil, nil), realEngine{})
	c.styles = newStyles(true, true)
	m := newFlowModel(c)
	m.tick = func(int) tea.Cmd { return nil }
	m.SetSize(120, 40)
	return m
}

// allDetails is the detail of every step, as shown.
func allDetails(m flowModel) string {
	var b strings.Builder
	for i := range m.steps {
		m.selected = i
		b.WriteString(m.detailContent(200) + "\n")
	}
	return b.String()
}

func TestFlowWalksTheDemoOAuth2PasswordGrant(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("alice-oauth", ""))
	if m.err != nil || m.running {
		t.Fatalf("walk failed: %v", m.err)
	}
	if last := m.steps[len(m.steps)-1]; last.Status != authflow.StepDone || last.Exchange == nil {
		t.Fatalf("the last step is not the sent request: %+v", last)
	}
	masked := ansi.Strip(allDetails(m))
	var tokens map[string]any
	for _, s := range m.steps {
		if s.Exchange != nil && s.Exchange.Response != nil && json.Unmarshal(s.Exchange.Response.Body, &tokens) == nil && tokens["refresh_token"] != nil {
			break
		}
	}
	refresh, _ := tokens["refresh_token"].(string)
	if refresh == "" {
		t.Fatal("the demo API sent no refresh token to mask")
	}
	for _, secret := range []string{demoapi.Password, demoapi.ClientSecret, "demo%2Bsecret", refresh} {
		if strings.Contains(masked, secret) {
			t.Errorf("a secret (%q) is on screen while masked", secret)
		}
	}
	for _, want := range []string{"POST /oauth/token HTTP/1.1", "grant_type=password", "JWT claim sub", "expires in", "Authorization: Bearer " + authflow.Mask, "Token expiry  expires in"} {
		if !strings.Contains(masked, want) {
			t.Errorf("the walk lacks %q", want)
		}
	}
	m.reveal = true
	if revealed := allDetails(m); !strings.Contains(revealed, "password="+demoapi.Password) {
		t.Error("reveal does not show the password in the token request")
	}
}

func TestFlowWalksTheDemoWrongPassword(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("wrong-password", ""))
	if m.request == "" {
		t.Fatal("a profile no request uses should still be walkable")
	}
	failed := m.steps[m.selected]
	if failed.Status != authflow.StepFailed || failed.Hint == "" {
		t.Fatalf("the selected step is not the failure with a hint: %+v", failed)
	}
	detail := ansi.Strip(m.detailContent(200))
	for _, want := range []string{"invalid_grant", "→ " + failed.Hint[:30], "400"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the failed step lacks %q:\n%s", want, detail)
		}
	}
	if !strings.Contains(ansi.Strip(m.View()), "✗ failed") {
		t.Error("the header does not say the walk failed")
	}
}

// A bearer token the demo API refuses ends the walk on a failed step whose
// detail decodes the server's challenge, not on "✓ done" over a 401.
func TestFlowWalksTheDemoRefusedToken(t *testing.T) {
	m := newDemoFlow(t)
	m.c.session.vars["bearer_token"] = "not-a-real-token"
	m, _ = pumpFlow(m, m.Start("static-token", ""))
	last := m.steps[len(m.steps)-1]
	if last.Status != authflow.StepFailed || m.selected != len(m.steps)-1 {
		t.Fatalf("the refused request is not the selected failed step: %v (selected %d of %d)", last.Status, m.selected, len(m.steps))
	}
	detail := ansi.Strip(m.detailContent(200))
	for _, want := range []string{"401 Unauthorized", "refused the bearer token", `error="invalid_token"`} {
		if !strings.Contains(detail, want) {
			t.Errorf("the failed step lacks %q:\n%s", want, detail)
		}
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "✗ failed") || strings.Contains(view, "✓ done") {
		t.Errorf("the header does not say the walk failed:\n%s", view)
	}
}

// Reveal belongs to one walk: s on key-header, esc, then a walk of
// key-query shows the key masked until s is pressed again.
func TestFlowRevealDoesNotCarryOverToTheNextWalk(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("key-header", ""))
	m, _ = m.Update(keyChar('s'))
	if !m.reveal || !strings.Contains(allDetails(m), demoapi.APIKey) {
		t.Fatal("s does not reveal the key: the test proves nothing")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m, _ = pumpFlow(m, m.Start("key-query", ""))
	if m.reveal || strings.Contains(allDetails(m), demoapi.APIKey) {
		t.Error("the next walk shows the key in clear without s")
	}
	if !strings.Contains(ansi.Strip(m.View()), "secrets masked") {
		t.Error("the header does not say secrets are masked")
	}
	m, _ = m.Update(keyChar('s'))
	m, _ = pumpFlow(m, m.Start("key-query", ""))
	if m.reveal {
		t.Error("walking again (enter) keeps the reveal")
	}
}

// TestFlowWalksTheDemoRevokedToken: the demo's revoked-token profile walks
// to a failed last step with the API's Bearer error="invalid_token"
// decoded (RFC 6750 §3.1), after the challenge step.
func TestFlowWalksTheDemoRevokedToken(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("revoked-token", ""))
	if len(m.steps) == 0 || m.steps[0].Title != "Ask without credentials" {
		t.Fatalf("the walk does not start with the challenge: %+v", m.steps)
	}
	last := m.steps[len(m.steps)-1]
	if last.Status != authflow.StepFailed || last.Err == nil {
		t.Fatalf("the last step did not fail: %+v", last)
	}
	m.selectStep(len(m.steps) - 1)
	detail := strings.Join(strings.Fields(ansi.Strip(m.detailContent(200))), " ")
	for _, want := range []string{"401 Unauthorized", `error="invalid_token"`, "RFC 6750 §3.1", "refused the bearer token"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the failed step lacks %q:\n%s", want, detail)
		}
	}
}
