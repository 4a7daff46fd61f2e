package tui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/viewport"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// flowModel is the flow walkthrough: it walks one profile's authentication
// for real, one step at a time, ending with a request that uses it. A list
// of the steps sits on the left; the selected step's explanation, fields
// and the raw bytes of its exchange scroll on the right. With no profile
// chosen it shows a picker of the collection's profiles.
type flowModel struct {
	c *common
	// now is the clock of the expiry countdown and tick schedules its next
	// reading; tests substitute both.
	now  func() time.Time
	tick func(gen int) tea.Cmd

	width, height int

	// picking is true while no walk is chosen; pick is the highlighted
	// profile and pickRequest the request chosen to end its walk ("" for
	// the default).
	picking     bool
	pick        int
	pickRequest string
	// requests, while set, is the list the walk's request is chosen
	// from (tab on the picker).
	requests *requestList
	keys     flowPickerKeys

	profile, request string
	// run identifies the current walk; cancel stops it.
	run       int
	cancel    context.CancelFunc
	running   bool
	cancelled bool
	// fresh is true when the walk fetched a new token; false when it
	// reused the cached one (c) or refreshed it (x).
	fresh bool
	// cacheKey and token are where the walked profile's token lives in
	// the session's cache and the token the walk used, so that x can mark
	// exactly that token expired.
	cacheKey string
	token    *authflow.Token
	// walked is the profile the walk resolved, for the actions on its
	// token; actions revoke and introspect that token (flow_token.go),
	// acting is true while one runs, and revoked once the token is.
	walked  *authflow.Profile
	actions flowTokenActions
	// interaction is how a walk of an interactive profile (authorization
	// code, device code) reaches the person in front of the screen: the
	// browser opened on the authorization URL. Tests substitute a fake.
	interaction *authflow.Interaction
	acting      bool
	revoked     bool
	// prompt is the label of the {{prompt}} the walk waits for, if any.
	prompt    string
	prompting bool

	steps    []authflow.Step
	selected int
	// follow keeps the selection on the newest step until the user moves.
	follow   bool
	response *authflow.Response
	err      error
	// secrets are the values the prepared request holds, masked unless
	// reveal is on.
	secrets []string
	reveal  bool

	// tickGen identifies the running countdown; clock is its last reading.
	tickGen int
	clock   time.Time

	detail viewport.Model
}

// newFlowModel returns the walkthrough, showing the profile picker.
func newFlowModel(c *common) flowModel {
	m := flowModel{c: c, now: time.Now, tick: flowTick, picking: true, detail: viewport.New(), keys: newFlowPickerKeys(),
		interaction: &authflow.Interaction{OpenBrowser: authflow.OpenBrowser}}
	if c.session != nil && c.session.client != nil {
		m.actions = clientTokenActions(c.session.client)
	}
	m.clock = m.now()
	return m
}

// Start walks profile's flow ending with request, sent with profile's
// credentials and a freshly fetched token. An empty request means the
// first request that uses the profile (or, when none does, the first that
// sends credentials, so that a profile kept for demonstration can still be
// walked); an empty profile means the request's profile, or, with neither,
// the picker. Any walk in progress is cancelled.
func (m *flowModel) Start(profile, request string) tea.Cmd {
	return m.startWalk(profile, request, true)
}

// startWalk is Start; fresh false reuses the session's cached token, as
// a later request would — or refreshes it once it has expired — which is
// how the learner sees the rest of a token's life.
func (m *flowModel) startWalk(profile, request string, fresh bool) tea.Cmd {
	m.stop()
	coll := m.c.coll
	if coll == nil {
		m.picking, m.err = true, nil
		return nil
	}
	if profile == "" && request != "" {
		if r := coll.Request(request); r != nil {
			profile = coll.ProfileFor(r)
		}
	}
	if profile == "" {
		m.picking = true
		return nil
	}
	if request == "" {
		request = firstRequestUsing(m.c, profile)
	}
	m.picking = false
	if fresh || profile != m.profile {
		// A new walk starts masked: what was revealed for one profile
		// must not show another's secrets unasked. c and x continue the
		// same token's story, and keep the choice.
		m.reveal = false
	}
	m.profile, m.request = profile, request
	m.steps, m.selected, m.follow = nil, 0, true
	m.response, m.err, m.secrets, m.cancelled = nil, nil, nil, false
	m.fresh, m.token, m.walked, m.revoked = fresh, nil, nil, false
	r := coll.Request(request)
	switch {
	case request == "":
		m.err = fmt.Errorf("the collection has no request to end the walk with: add a [[request]]")
		return nil
	case r == nil:
		m.err = fmt.Errorf("the collection has no request named %q", request)
		return nil
	case m.c.session == nil || m.c.session.client == nil:
		m.err = fmt.Errorf("no client to send with")
		return nil
	}
	m.run++
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel, m.running = cancel, true
	m.refreshDetail()
	return beginFlowWalk(ctx, flowWalkInput{
		run: m.run, engine: m.c.engine, coll: coll, profile: profile, request: r, scope: m.c.scope(), client: m.c.session.client, fresh: fresh,
		interaction: m.interaction,
	})
}

// stop cancels the walk in progress, if any; its late messages are dropped
// because the run id moves on.
func (m *flowModel) stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	if m.running || m.acting {
		m.running, m.cancelled = false, m.running
		m.run++
	}
	m.prompting, m.acting = false, false
}

// firstRequestUsing returns the name of the request a walk of profile ends
// with (collections.RequestForProfile, the rule `keyway flow` uses too),
// preferring one the session's captures and values let it send now; ""
// when there is none.
func firstRequestUsing(c *common, profile string) string {
	if c.coll == nil {
		return ""
	}
	// Read on the UI goroutine only: no copy of the session is needed.
	s := collections.Scope{Env: c.env, Vars: c.session.vars, Captures: c.session.captures}
	if r := c.coll.RequestForProfile(profile, &s); r != nil {
		return r.Name
	}
	return ""
}

// update is Update for the root, which holds the screen in place.
func (m *flowModel) update(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

// name is the screen's tab label.
func (flowModel) name() string { return "Flow" }

// helpTitle names the screen in the `?` overlay.
func (m flowModel) helpTitle() string { return m.name() }

// Update handles the walk's messages and the keys of the screen.
func (m flowModel) Update(msg tea.Msg) (flowModel, tea.Cmd) {
	switch msg := msg.(type) {
	case openFlowMsg:
		if msg.profile == "" && msg.request == "" && !m.picking {
			return m, m.restartTick() // back to the walk already shown
		}
		return m, m.Start(msg.profile, msg.request)
	case promptAnsweredMsg:
		if !m.prompting || msg.label != m.prompt {
			return m, nil
		}
		m.prompting = false
		if msg.cancelled {
			m.err = fmt.Errorf("the walk needs a value for %s; press enter to try again", promptName(msg.label))
			m.refreshDetail()
			return m, nil
		}
		return m, m.Start(m.profile, m.request)
	case collectionChangedMsg, envChangedMsg:
		// The walk shown was made with the old values: start over.
		m.stop()
		m.picking, m.steps, m.err, m.cancelled = true, nil, nil, false
		m.requests = nil
		return m, nil
	case flowStartedMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.secrets, m.cacheKey, m.walked = msg.secrets, msg.cacheKey, msg.profile
		return m, waitFlowEvent(msg.events)
	case flowStepMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.setStep(msg.index, msg.step)
		return m, tea.Batch(waitFlowEvent(msg.events), m.startTickIfNeeded())
	case flowDoneMsg:
		if msg.run != m.run {
			return m, nil
		}
		return m.finish(msg)
	case flowTokenDoneMsg:
		if msg.run != m.run {
			return m, nil
		}
		return m.finishTokenAction(msg)
	case flowTickMsg:
		if msg.gen != m.tickGen {
			return m, nil
		}
		m.clock = msg.at
		m.refreshDetail()
		if m.countdownShown() {
			return m, m.tick(m.tickGen)
		}
		return m, nil
	case tea.KeyPressMsg:
		if m.picking && m.requests != nil {
			return m.updateRequestChooser(msg)
		}
		if m.picking {
			return m.updatePicker(msg)
		}
		return m.updateWalk(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.detail, cmd = m.detail.Update(msg)
		return m, cmd
	case tea.MouseClickMsg:
		return m.click(msg.Mouse()), nil
	}
	return m, nil
}

// setStep records a step as the client reported it.
func (m *flowModel) setStep(index int, step authflow.Step) {
	if index < 0 {
		return
	}
	for len(m.steps) <= index {
		m.steps = append(m.steps, authflow.Step{})
	}
	m.steps[index] = step
	if m.follow {
		m.selected = index
		m.detail.GotoTop()
	}
	m.refreshDetail()
}

// finish ends a walk. The flow the client returns is the final word on the
// steps; the selection goes back to the start of the walk, or lands on the
// first failed step, where the learner should look.
func (m flowModel) finish(msg flowDoneMsg) (flowModel, tea.Cmd) {
	m.running, m.cancel = false, nil
	if msg.prepareErr {
		if label, ok := neededPrompt(msg.err); ok {
			m.prompt, m.prompting = label, true
			return m, func() tea.Msg { return needPromptMsg{label: label} }
		}
	}
	m.err, m.response = msg.err, msg.response
	var kept tea.Cmd
	if len(msg.captures) > 0 {
		m.c.session.keepCaptures(msg.captures, msg.captureLimits)
		kept = func() tea.Msg { return capturesChangedMsg{} }
	}
	if msg.flow != nil {
		if len(msg.flow.Steps) > 0 {
			m.steps = msg.flow.Steps
		}
		m.secrets = append(m.secrets, msg.flow.Secrets...)
		m.token = msg.flow.Token
	}
	m.c.session.met.add(append(slices.Clone(m.secrets), authflow.StepSecrets(m.steps)...))
	if t := m.token; t != nil {
		// The token the walk holds: the next walk may refresh it away,
		// and the server may still echo it.
		m.c.session.met.add([]string{t.AccessToken, t.RefreshToken, t.IDToken})
	}
	if m.follow && len(m.steps) > 0 {
		// A walk is read from the start, one step at a time; a walk
		// with the cached token starts at the step that differs from
		// the first walk's, after the grant's explanation.
		m.selected = 0
		if !m.fresh {
			m.selected = min(1, len(m.steps)-1)
		}
		for i, s := range m.steps {
			if s.Status == authflow.StepFailed {
				m.selected = i
				break
			}
		}
		m.detail.GotoTop()
	}
	m.refreshDetail()
	return m, tea.Batch(kept, m.startTickIfNeeded())
}

// SetSize sets the area the screen draws in.
func (m *flowModel) SetSize(width, height int) {
	m.width, m.height = width, height
	lw := flowListWidth(width)
	m.detail.SetWidth(max(width-lw-2, 1))
	m.detail.SetHeight(max(height-1, 1))
	m.refreshDetail()
	if m.requests != nil && m.pick < len(m.profileNames()) {
		m.requests.SetSize(width, max(height-len(m.requestChooserHeading(m.profileNames()[m.pick])), 1))
	}
}

// promptName is how a prompt is written in the collection.
func promptName(label string) string {
	if label == "" {
		return "{{prompt}}"
	}
	return "{{prompt:" + label + "}}"
}
