package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
)

// tokenWalk is a flow screen whose walk leaves a token, with revoke and
// introspect fakes that record what they were given.
type tokenWalk struct {
	m      flowModel
	token  *authflow.Token
	calls  []string
	given  []*authflow.Token
	engine *flowEngine
}

func newTokenWalk(t *testing.T, w, h int, edit func(*authflow.Profile)) *tokenWalk {
	t.Helper()
	tw := &tokenWalk{token: &authflow.Token{AccessToken: flowCanary + "-access", RefreshToken: flowCanary + "-refresh", TokenType: "Bearer"}}
	send := func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		resp, flow, err := scriptedSend(oauthSteps(), nil)(ctx, p, req, opts)
		flow.Token = tw.token
		return resp, flow, err
	}
	tw.m, tw.engine = newFlowTest(t, w, h, send)
	tw.engine.edit = edit
	active := true
	tw.m.actions = flowTokenActions{
		revoke: func(ctx context.Context, p *authflow.Profile, tok *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
			tw.calls, tw.given = append(tw.calls, "revoke "+p.RevocationURL), append(tw.given, tok)
			active = false
			step := authflow.Step{Title: "Revoke the token", RFC: "RFC 7009 §2.1", Status: authflow.StepDone,
				Why:    "keyway tells the server it no longer needs the token; the server answers 200 even for a token it does not know.",
				Fields: []authflow.Field{{Label: "token", Value: tok.RefreshToken, Secret: true}, {Label: "token_type_hint", Value: "refresh_token"}, {Label: "answer", Value: "200 OK"}}}
			observe(0, step)
			return &authflow.Flow{Steps: []authflow.Step{step}}, nil
		},
		introspect: func(ctx context.Context, p *authflow.Profile, tok *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
			tw.calls, tw.given = append(tw.calls, "introspect "+p.IntrospectionURL), append(tw.given, tok)
			step := authflow.Step{Title: "Introspect the token", RFC: "RFC 7662 §2.2", Status: authflow.StepDone,
				Why:    "keyway asks the server whether the token is active and what it stands for.",
				Fields: []authflow.Field{{Label: "token", Value: tok.AccessToken, Secret: true}, {Label: "active", Value: fmt.Sprint(active)}}}
			observe(0, step)
			return &authflow.Flow{Steps: []authflow.Step{step}}, nil
		},
	}
	return tw
}

// press sends a key and runs what it starts.
func (tw *tokenWalk) press(r rune) {
	m, cmd := tw.m.Update(keyChar(r))
	tw.m, _ = pumpFlow(m, cmd)
}

func withEndpoints(p *authflow.Profile) {
	p.RevocationURL = "http://127.0.0.1:8080/oauth/revoke"
	p.IntrospectionURL = "http://127.0.0.1:8080/oauth/introspect"
}

func TestFlowRevokeThenIntrospect(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			tw := newTokenWalk(t, size.w, size.h, withEndpoints)
			tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
			if !tw.m.canRevoke() || !tw.m.canIntrospect() {
				t.Fatal("r and i are not offered after a walk that left a token")
			}
			if view := ansi.Strip(tw.m.View()); !strings.Contains(view, " r revokes the") {
				t.Errorf("the step list does not point at r and i:\n%s", view)
			}
			cache := tw.m.c.session.client.Tokens
			cache.Put(tw.m.cacheKey, tw.token)

			tw.press('r')
			if len(tw.calls) != 1 || tw.calls[0] != "revoke http://127.0.0.1:8080/oauth/revoke" || tw.given[0] != tw.token {
				t.Fatalf("r called %v with %v", tw.calls, tw.given)
			}
			if len(tw.m.steps) != 5 || tw.m.selected != 4 || tw.m.steps[4].Title != "Revoke the token" {
				t.Fatalf("after r: %d steps, step %d selected", len(tw.m.steps), tw.m.selected+1)
			}
			if _, ok := cache.Get(tw.m.cacheKey); ok {
				t.Error("the revoked token is still in the session's cache")
			}
			if tw.m.tokenLesson() || tw.m.canRevoke() {
				t.Error("c, x or r are still offered on a revoked token")
			}
			view := tw.m.View()
			checkFits(t, view, size.w, size.h)
			if strings.Contains(view, flowCanary) {
				t.Fatalf("the token shows:\n%s", view)
			}
			checkGolden(t, fmt.Sprintf("flow_revoked_%dx%d", size.w, size.h), ansi.Strip(view))

			tw.press('i')
			if len(tw.calls) != 2 || tw.calls[1] != "introspect http://127.0.0.1:8080/oauth/introspect" {
				t.Fatalf("i called %v", tw.calls)
			}
			if len(tw.m.steps) != 6 || tw.m.selected != 5 || !strings.Contains(ansi.Strip(tw.m.detailContent(200)), "active  false") {
				t.Fatalf("after i: %d steps, step %d:\n%s", len(tw.m.steps), tw.m.selected+1, ansi.Strip(tw.m.detailContent(200)))
			}
			checkGolden(t, fmt.Sprintf("flow_introspected_%dx%d", size.w, size.h), ansi.Strip(tw.m.View()))
		})
	}
}

// TestFlowTokenActionsNeedEndpoints: without revocation_url,
// introspection_url or an issuer to discover them, r and i do nothing and
// are not offered; an issuer alone offers them (discovery finds them).
func TestFlowTokenActionsNeedEndpoints(t *testing.T) {
	tw := newTokenWalk(t, 80, 24, nil)
	tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
	tw.press('r')
	tw.press('i')
	if len(tw.calls) != 0 || len(tw.m.steps) != 4 {
		t.Fatalf("r and i acted without endpoints: %v", tw.calls)
	}
	if offered(tw.m.ShortHelp(), tw.m.c.keys.Flow.Revoke) || strings.Contains(ansi.Strip(tw.m.View()), "revokes") {
		t.Error("r is offered without an endpoint")
	}

	tw = newTokenWalk(t, 80, 24, func(p *authflow.Profile) { p.Issuer = "http://127.0.0.1:8080" })
	tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
	if !offered(tw.m.ShortHelp(), tw.m.c.keys.Flow.Revoke) || !offered(tw.m.ShortHelp(), tw.m.c.keys.Flow.Introspect) {
		t.Error("the footer does not list r and i for a profile with an issuer")
	}
	full := tw.m.FullHelp()
	if !offered(full[0], tw.m.c.keys.Flow.Revoke) || !offered(full[0], tw.m.c.keys.Flow.Introspect) {
		t.Error("? help does not list r and i")
	}
	tw.press('i')
	if len(tw.calls) != 1 || tw.m.revoked {
		t.Fatalf("i with an issuer: %v", tw.calls)
	}
}

// TestFlowTokenActionFailureIsAStep: an action that fails before any
// step is still shown as a failed step, and leaves the token usable.
func TestFlowTokenActionFailureIsAStep(t *testing.T) {
	tw := newTokenWalk(t, 80, 24, withEndpoints)
	tw.m.actions.revoke = func(ctx context.Context, p *authflow.Profile, tok *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
		return nil, fmt.Errorf("the server advertises no revocation endpoint")
	}
	tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
	tw.press('r')
	last := tw.m.steps[len(tw.m.steps)-1]
	if last.Title != "Revoke the token" || last.Status != authflow.StepFailed || tw.m.revoked || !tw.m.tokenLesson() {
		t.Fatalf("failed revoke: %+v revoked=%v", last, tw.m.revoked)
	}
	if !strings.Contains(ansi.Strip(tw.m.View()), "✗ failed") {
		t.Errorf("the header does not say the walk failed:\n%s", ansi.Strip(tw.m.View()))
	}
}

// TestFlowNewWalkDropsALateTokenAction: enter during an action starts a
// new walk; the action's late answer is dropped.
func TestFlowNewWalkDropsALateTokenAction(t *testing.T) {
	tw := newTokenWalk(t, 80, 24, withEndpoints)
	tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
	m, _ := tw.m.Update(keyChar('r'))
	if !m.acting {
		t.Fatal("r did not start")
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if m.acting {
		t.Fatal("esc did not cancel the action")
	}
	m, _ = m.Update(flowTokenDoneMsg{run: m.run - 1, revoke: true, flow: &authflow.Flow{Steps: []authflow.Step{{Title: "late"}}}})
	if m.revoked || len(m.steps) != 4 {
		t.Fatalf("a late answer changed the walk: %d steps", len(m.steps))
	}
}

// offered reports whether b is in list and enabled, as the footer and
// the help overlay show only enabled keys.
func offered(list []key.Binding, b key.Binding) bool {
	for _, l := range list {
		if l.Help().Key == b.Help().Key && l.Enabled() {
			return true
		}
	}
	return false
}

// TestFlowTokenActionLandsOnTheFailedStep: when an action's step fails
// (introspection refused to a public client), the selection lands there.
func TestFlowTokenActionLandsOnTheFailedStep(t *testing.T) {
	tw := newTokenWalk(t, 80, 24, withEndpoints)
	tw.m.actions.introspect = func(ctx context.Context, p *authflow.Profile, tok *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
		steps := []authflow.Step{{Title: "Use the discovered endpoints", Status: authflow.StepDone},
			{Title: "Introspect the token", Status: authflow.StepFailed, Err: fmt.Errorf("invalid_client")}}
		for i, s := range steps {
			observe(i, s)
		}
		return &authflow.Flow{Steps: steps}, fmt.Errorf("invalid_client")
	}
	tw.m, _ = pumpFlow(tw.m, tw.m.Start("alice-basic", ""))
	tw.press('i')
	if len(tw.m.steps) != 6 || tw.m.selected != 5 {
		t.Fatalf("%d steps, step %d selected; want the failed 6th", len(tw.m.steps), tw.m.selected+1)
	}
}

// TestFlowPickerAlignsLongTypes: the demo's oauth2-client-credentials is
// longer than the old type column; the requests still line up.
func TestFlowPickerAlignsLongTypes(t *testing.T) {
	m := newDemoFlow(t)
	m.SetSize(120, 40)
	var cols []int
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if i := strings.Index(l, "→ "); i > 0 && (strings.Contains(l, "oauth2") || strings.Contains(l, "basic")) {
			cols = append(cols, ansi.StringWidth(l[:i]))
		}
	}
	if len(cols) < 7 || slices.Min(cols) != slices.Max(cols) {
		t.Fatalf("the requests start at columns %v", cols)
	}
}
