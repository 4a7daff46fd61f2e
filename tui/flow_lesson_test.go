package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
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
