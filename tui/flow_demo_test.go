package tui

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

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

// TestFlowRevokesAndIntrospectsOnTheDemo: after a walk of alice-oauth on
// the demo API, i finds the token active, r revokes it (its refresh
// token, and with it the grant), and i then finds it inactive — on the
// real bytes, with nothing secret on the screen.
func TestFlowRevokesAndIntrospectsOnTheDemo(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("alice-oauth", ""))
	if m.err != nil || !m.canRevoke() || !m.canIntrospect() {
		t.Fatalf("after the walk: err %v, r %v, i %v", m.err, m.canRevoke(), m.canIntrospect())
	}
	press := func(r rune) {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		m, _ = pumpFlow(m, cmd)
	}
	walked := len(m.steps)
	press('i')
	if body := lastResponse(m); !strings.Contains(body, `"active": true`) {
		t.Fatalf("introspection before the revocation:\n%s", body)
	}
	press('r')
	last := m.steps[len(m.steps)-1]
	if last.Status != authflow.StepDone || last.Exchange == nil || last.Exchange.Response.StatusCode != 200 ||
		!strings.Contains(string(last.Exchange.Request.Body), "token_type_hint=refresh_token") {
		t.Fatalf("revocation step %+v", last)
	}
	if _, ok := m.c.session.client.Tokens.Get(m.cacheKey); ok {
		t.Error("the revoked token is still cached")
	}
	press('i')
	if body := lastResponse(m); body != "{\n  \"active\": false\n}\n" {
		t.Fatalf("introspection after the revocation:\n%s", body)
	}
	if len(m.steps) <= walked+2 || m.selected < walked {
		t.Fatalf("%d steps after %d, step %d selected", len(m.steps), walked, m.selected+1)
	}
	screen := ansi.Strip(allDetails(m))
	if strings.Contains(screen, m.token.AccessToken) || strings.Contains(screen, m.token.RefreshToken) {
		t.Error("a token shows unmasked")
	}
}

// lastResponse is the body of the last response among the walk's steps.
func lastResponse(m flowModel) string {
	for i := len(m.steps) - 1; i >= 0; i-- {
		if ex := m.steps[i].Exchange; ex != nil && ex.Response != nil {
			return string(ex.Response.Body)
		}
	}
	return ""
}

// newDemoLoginFlow is newDemoFlow on a demo API that approves every login
// as alice without its page (demoapi.Options.AutoApproveAs, for tests
// only) and whose clock moves only when the device grant waits, with a
// browser that follows the authorization URL and a device that opens
// verification_uri_complete, as a learner would.
func newDemoLoginFlow(t *testing.T) flowModel {
	t.Helper()
	var mu sync.Mutex
	now := time.Now() // the client checks the ID token's exp against its own clock
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := httptest.NewServer(demoapi.New(demoapi.Options{AutoApproveAs: demoapi.Username, Clock: clock}))
	t.Cleanup(srv.Close)
	coll, err := collections.Parse("demo.toml", examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(coll, "", newSession(map[string]string{"base_url": srv.URL}, nil, nil), realEngine{})
	c.styles = newStyles(true, true)
	m := newFlowModel(c)
	m.tick = func(int) tea.Cmd { return nil }
	visit := func(url string) {
		res, err := http.Get(url)
		if err != nil {
			t.Errorf("the browser could not open %s: %v", url, err)
			return
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
	}
	m.interaction = &authflow.Interaction{
		OpenBrowser: func(url string) error { go visit(url); return nil },
		Wait: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			now = now.Add(d)
			mu.Unlock()
			return ctx.Err()
		},
	}
	send := c.session.client.Send
	c.engine = walkEngine{walk: func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		observe := opts.Observe
		opts.Observe = func(i int, s authflow.Step) {
			for _, f := range s.Fields {
				if f.Label == "verification_uri_complete" && s.Status == authflow.StepDone {
					visit(f.Value)
				}
			}
			observe(i, s)
		}
		return send(ctx, p, req, opts)
	}}
	m.SetSize(80, 24)
	return m
}

// TestFlowWalksTheDemoLogins walks the demo's browser-login (authorization
// code with PKCE, endpoints discovered) and tv-login (device code) to
// their request, on the real bytes: the learner's walk in the TUI.
func TestFlowWalksTheDemoLogins(t *testing.T) {
	for _, tt := range []struct{ profile, want string }{
		{"browser-login", `"token_scope": "openid read write"`},
		{"tv-login", `"token_scope": "read"`},
	} {
		t.Run(tt.profile, func(t *testing.T) {
			m := newDemoLoginFlow(t)
			m, _ = pumpFlow(m, m.Start(tt.profile, ""))
			var titles []string
			for _, s := range m.steps {
				titles = append(titles, s.Title)
			}
			if m.err != nil || m.response == nil || m.response.StatusCode != 200 {
				t.Fatalf("the walk failed: %v\n%s", m.err, strings.Join(titles, "\n"))
			}
			if body := string(m.response.Body); !strings.Contains(body, tt.want) || !strings.Contains(body, `"client_id": "demo-cli"`) {
				t.Fatalf("the request's answer:\n%s", body)
			}
			screen := ansi.Strip(allDetails(m))
			if strings.Contains(screen, m.token.AccessToken) || (m.token.IDToken != "" && strings.Contains(screen, m.token.IDToken)) {
				t.Error("a token shows unmasked")
			}
			if !strings.Contains(screen, "/.well-known/openid-configuration") {
				t.Error("the walk does not show the discovery")
			}
			if tt.profile == "tv-login" && !strings.Contains(screen, "█  █") {
				t.Errorf("no user code in big letters:\n%s", screen)
			}
			t.Logf("steps:\n%s", strings.Join(titles, "\n"))
		})
	}
}
