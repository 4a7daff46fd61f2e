package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// TestFlowWalksAgainWithTheCachedToken: after a walk, c walks again
// reusing the cached token and x marks that token expired first (keeping
// its refresh token), so the learner sees reuse and refresh.
func TestFlowWalksAgainWithTheCachedToken(t *testing.T) {
	var fresh []bool
	token := &authflow.Token{AccessToken: flowCanary + "-access", RefreshToken: flowCanary + "-refresh", TokenType: "Bearer"}
	send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		fresh = append(fresh, opts.FreshToken)
		resp, flow, err := scriptedSend(oauthSteps(), nil)(ctx, p, req, opts)
		flow.Token = token
		return resp, flow, err
	}
	m, _ := newFlowTest(t, 80, 24, send)
	if m.tokenLesson() {
		t.Fatal("c and x are offered before any walk")
	}
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	if !m.tokenLesson() || m.cacheKey == "" {
		t.Fatalf("a walk that left a token does not offer c and x (cacheKey %q)", m.cacheKey)
	}
	if view := ansi.Strip(m.View()); !strings.Contains(view, "c walks again") || strings.Contains(view, flowCanary) {
		t.Errorf("the step list does not point at c, or shows the token:\n%s", view)
	}
	token.Expiry = flowClock.Add(-time.Second)
	if view := ansi.Strip(m.View()); !strings.Contains(view, "The token has expired") {
		t.Errorf("an expired token does not point at the refresh:\n%s", view)
	}
	token.Expiry = time.Time{}
	cache := m.c.session.client.Tokens
	cache.Put(m.cacheKey, token)

	m, cmd := m.Update(keyChar('c'))
	m, _ = pumpFlow(m, cmd)
	if _, ok := cache.Get(m.cacheKey); !ok {
		t.Error("c changed the cached token")
	}
	m, cmd = m.Update(keyChar('x'))
	if _, ok := cache.Get(m.cacheKey); ok {
		t.Error("x did not mark the cached token expired")
	}
	m, seen := pumpFlow(m, cmd)
	want := []bool{true, false, false}
	if len(fresh) != len(want) || fresh[0] != want[0] || fresh[1] != want[1] || fresh[2] != want[2] {
		t.Errorf("FreshToken per walk = %v, want %v", fresh, want)
	}
	if m.selected != 1 {
		t.Errorf("a walk with the cached token lands on step %d, want 2 (the token step)", m.selected+1)
	}
	var said string
	for _, msg := range seen {
		if s, ok := msg.(statusMsg); ok {
			said = s.text
		}
	}
	if !strings.Contains(said, "expired") || strings.Contains(said, flowCanary) {
		t.Errorf("x said %q, want a note that the token counts as expired", said)
	}
	if short := m.ShortHelp(); !helpListed(short, m.c.keys.Flow.Cached) {
		t.Error("the footer does not list c")
	}
}

// TestFlowNoTokenLessonWithoutAToken: a Basic walk leaves no token, so c
// and x do nothing and are not offered.
func TestFlowNoTokenLessonWithoutAToken(t *testing.T) {
	calls := 0
	send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		calls++
		return scriptedSend(oauthSteps()[3:], nil)(ctx, p, req, opts)
	}
	m, _ := newFlowTest(t, 80, 24, send)
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	m, cmd := m.Update(keyChar('x'))
	if cmd != nil || calls != 1 {
		t.Errorf("x without a token walked again (%d walks)", calls)
	}
	if m.cachedBinding().Enabled() || strings.Contains(ansi.Strip(m.View()), "cached token") {
		t.Error("c is offered without a token")
	}
}

// TestFlowSaysWhenTheStepRunsPastTheScreen: a step longer than the screen
// says so under the step list, until the learner scrolls to its end.
func TestFlowSaysWhenTheStepRunsPastTheScreen(t *testing.T) {
	m, _ := newFlowTest(t, 80, 14, scriptedSend(oauthSteps(), nil))
	m, _ = pumpFlow(m, m.Start("alice-basic", ""))
	m = pressFlow(m, keyChar('n')) // the token request, with its bytes
	if !strings.Contains(ansi.Strip(m.View()), "↓ more") {
		t.Fatalf("no sign of the rest of the step:\n%s", ansi.Strip(m.View()))
	}
	m.detail.GotoBottom()
	if strings.Contains(ansi.Strip(m.View()), "↓ more") {
		t.Errorf("still says more at the end of the step:\n%s", ansi.Strip(m.View()))
	}
}

// TestFlowSaysHowToGetAMissingCapture: a walk whose request needs a value
// another request captures says which request to send first.
func TestFlowSaysHowToGetAMissingCapture(t *testing.T) {
	coll, err := collections.Parse("notes.toml", []byte(`name = "Notes"
version = 1

[vars]
base_url = "http://127.0.0.1:8080"

[profile.reader]
type = "bearer"
token = "t"

[[request]]
name = "Create a note"
method = "POST"
url = "{{base_url}}/notes"
[request.capture]
note_id = ".id"

[[request]]
name = "Read the note"
profile = "reader"
url = "{{base_url}}/notes/{{note_id}}"
`))
	if err != nil {
		t.Fatal(err)
	}
	c := newCommon(coll, "", newSession(nil, nil, nil), walkEngine{walk: scriptedSend(oauthSteps(), nil)})
	c.styles = newStyles(true, true)
	m := newFlowModel(c)
	m.SetSize(100, 24)
	m, _ = pumpFlow(m, m.Start("reader", "Read the note"))
	view := strings.Join(strings.Fields(ansi.Strip(m.View())), " ")
	if !strings.Contains(view, `note_id is captured by "Create a note": send that request first`) {
		t.Errorf("the walk does not say how to get note_id:\n%s", ansi.Strip(m.View()))
	}
}
