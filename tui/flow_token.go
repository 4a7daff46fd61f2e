package tui

import (
	"context"
	"slices"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
)

// What a learner can do with the token a walk ended with, when the server
// has the endpoints (given in the profile, or discovered from its issuer):
// revoke it (RFC 7009), as a logout does, and introspect it (RFC 7662),
// to ask the server whether it is still active and what it stands for.
// Each is a small flow of its own whose steps are appended to the walk, so
// the learner reads them like the rest: revoke, then introspect, and the
// server answers "active": false.

// flowTokenFunc revokes or introspects t, as authflow's Revoke and
// Introspect do, reporting its steps to observe as they happen.
type flowTokenFunc func(ctx context.Context, p *authflow.Profile, t *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error)

// flowTokenActions are the two actions; nil disables one (tests substitute
// fakes).
type flowTokenActions struct {
	revoke, introspect flowTokenFunc
}

// flowTokenDoneMsg ends an action on the token: its flow and error.
type flowTokenDoneMsg struct {
	run    int
	revoke bool
	flow   *authflow.Flow
	err    error
	// appendAt is where the action's steps start in the walk.
	appendAt int
}

// canRevoke reports whether r is available now: a token, a profile whose
// server has (or may advertise) a revocation endpoint, and nothing running.
func (m flowModel) canRevoke() bool {
	return m.tokenActionReady() && !m.revoked && m.actions.revoke != nil &&
		(m.walked.RevocationURL != "" || m.walked.Issuer != "")
}

// canIntrospect is canRevoke for i. It stays available after a
// revocation, to show the server calling the token inactive.
func (m flowModel) canIntrospect() bool {
	return m.tokenActionReady() && m.actions.introspect != nil &&
		(m.walked.IntrospectionURL != "" || m.walked.Issuer != "")
}

// tokenActionReady reports whether the last walk left a token of an OAuth2
// profile and nothing is running.
func (m flowModel) tokenActionReady() bool {
	return !m.running && !m.acting && m.token != nil && m.walked != nil && m.walked.Type.IsOAuth2()
}

// startTokenAction runs revoke or introspect on the walk's token; its
// steps are appended to the walk as they come.
func (m *flowModel) startTokenAction(revoke bool) tea.Cmd {
	act := m.actions.introspect
	if revoke {
		act = m.actions.revoke
	}
	m.acting, m.follow = true, true
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	run, base, profile, token := m.run, len(m.steps), m.walked, m.token
	events := make(chan tea.Msg, 8)
	go func() {
		defer close(events)
		push := func(msg tea.Msg) {
			select {
			case events <- msg:
			case <-ctx.Done():
			}
		}
		flow, err := act(ctx, profile, token, func(i int, s authflow.Step) {
			push(flowStepMsg{run: run, index: base + i, step: s, events: events})
		})
		push(flowTokenDoneMsg{run: run, revoke: revoke, flow: flow, err: err, appendAt: base})
	}()
	return waitFlowEvent(events)
}

// finishTokenAction records an action's outcome. After a revocation the
// token leaves the session's cache, so that no later request sends it.
func (m flowModel) finishTokenAction(msg flowTokenDoneMsg) (flowModel, tea.Cmd) {
	m.acting, m.cancel = false, nil
	if msg.flow != nil {
		m.steps = append(m.steps[:min(msg.appendAt, len(m.steps))], msg.flow.Steps...)
		m.secrets = append(m.secrets, msg.flow.Secrets...)
	}
	m.c.session.met.add(append(slices.Clone(m.secrets), authflow.StepSecrets(m.steps)...))
	failed := msg.err != nil
	for _, s := range m.steps[min(msg.appendAt, len(m.steps)):] {
		failed = failed || s.Status == authflow.StepFailed
	}
	if msg.err != nil && (msg.flow == nil || len(msg.flow.Steps) == 0) {
		title := "Introspect the token"
		if msg.revoke {
			title = "Revoke the token"
		}
		m.steps = append(m.steps, authflow.Step{Title: title, Status: authflow.StepFailed, Err: msg.err})
	}
	if msg.revoke && !failed {
		m.revoked = true
		if m.c.session != nil && m.c.session.client != nil && m.cacheKey != "" {
			client := m.c.session.client
			if client.Tokens != nil {
				client.Tokens.Forget(m.cacheKey)
			}
			// A login's token is kept across sessions too: a revoked
			// one must not come back from there (as keyway logout).
			if client.Store != nil {
				if err := client.Store.Delete(m.cacheKey); err != nil {
					m.steps = append(m.steps, authflow.Step{Title: "Forget the token", Status: authflow.StepFailed, Err: err,
						Hint: "The server revoked the token, but it is still in the token store: run keyway logout."})
				}
			}
		}
	}
	if m.follow && msg.appendAt < len(m.steps) {
		// Land on the action's first step, or on the step that failed,
		// where the learner should look.
		m.selected = msg.appendAt
		for i := msg.appendAt; i < len(m.steps); i++ {
			if m.steps[i].Status == authflow.StepFailed {
				m.selected = i
				break
			}
		}
		m.detail.GotoTop()
	}
	m.refreshDetail()
	return m, nil
}

// clientTokenActions are the actions of the session's client. Revoking
// gives back the refresh token when there is one, which revokes the
// grant's access tokens too (RFC 7009 §2.1), else the access token;
// introspection asks about the access token, which after that revocation
// the server calls inactive. The steps arrive at the end, all at once.
func clientTokenActions(c *authflow.Client) flowTokenActions {
	report := func(flow *authflow.Flow, observe func(int, authflow.Step)) {
		if flow != nil {
			for i, s := range flow.Steps {
				observe(i, s)
			}
		}
	}
	return flowTokenActions{
		revoke: func(ctx context.Context, p *authflow.Profile, t *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
			token, hint := t.AccessToken, "access_token"
			if t.RefreshToken != "" {
				token, hint = t.RefreshToken, "refresh_token"
			}
			flow, err := c.Revoke(ctx, p, token, hint)
			report(flow, observe)
			return flow, err
		},
		introspect: func(ctx context.Context, p *authflow.Profile, t *authflow.Token, observe func(int, authflow.Step)) (*authflow.Flow, error) {
			_, flow, err := c.Introspect(ctx, p, t.AccessToken, "access_token")
			report(flow, observe)
			return flow, err
		},
	}
}
