package tui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// How a walk through a flow reaches the screen. Start prepares the request
// in a command, then a goroutine sends it with Observe set; every step the
// client reports travels through a channel as a flowStepMsg, and a command
// that re-arms itself after each one delivers them to Update as they happen
// — the learner watches the token request go out before its answer arrives.
// Each walk has a run id: messages from a walk that was cancelled or
// replaced carry an old id and are dropped.

// flowStartedMsg says the request was prepared and is being sent; secrets
// are every secret value it holds, for masking.
type flowStartedMsg struct {
	run     int
	secrets []string
	// cacheKey is where the walked profile's token lives in the cache.
	cacheKey string
	// profile is the walked profile, resolved.
	profile *authflow.Profile
	events  <-chan tea.Msg
}

// flowStepMsg is one step as the client reported it: a step starting, or
// the same step again when it ends.
type flowStepMsg struct {
	run    int
	index  int
	step   authflow.Step
	events <-chan tea.Msg
}

// flowDoneMsg ends a walk: the response (nil when none arrived), the whole
// flow and the error, if any. prepareErr marks an error from preparing the
// request, before anything was sent.
type flowDoneMsg struct {
	run        int
	response   *authflow.Response
	flow       *authflow.Flow
	err        error
	prepareErr bool
	// captures are what the request captured from the response, bound by
	// captureLimits, kept in the session as a send from Explore keeps
	// them: a walk of "Who am I" sets user_id for "User by id".
	captures      map[string]string
	captureLimits []authflow.HostLimit
}

// flowTickMsg drives the token expiry countdown, once a second while it
// is shown; gen drops ticks from a countdown that was restarted.
type flowTickMsg struct {
	gen int
	at  time.Time
}

// flowWalkInput is everything a walk needs, captured in Update so the
// commands never read the model.
type flowWalkInput struct {
	run     int
	engine  engine
	coll    *collections.Collection
	profile string
	request *collections.Request
	scope   collections.Scope
	// client sends the walk: the session's, with its token cache.
	client *authflow.Client
	// fresh fetches a new token even when the cache holds a valid one.
	fresh bool
	// interaction lets an interactive profile log in: the walk is the
	// place where a person watches (authflow.SendOptions.Interaction).
	interaction *authflow.Interaction
}

// beginFlowWalk prepares the request, resolves the walked profile — which
// need not be the request's own, as with `keyway flow --request` — checks
// where the profile's secrets would go with that request, and starts
// sending. A refusal ends the walk before anything is sent, shown in place
// of the steps. A prompt that has no answer yet comes back as a
// flowDoneMsg whose error holds a *promptNeededError, which Update turns
// into a needPromptMsg.
func beginFlowWalk(ctx context.Context, in flowWalkInput) tea.Cmd {
	return func() tea.Msg {
		prepared, err := in.engine.Prepare(in.coll, in.request, &in.scope)
		if err != nil {
			return flowDoneMsg{run: in.run, err: err, prepareErr: true}
		}
		profile, secrets, err := in.engine.ResolveProfile(in.coll, in.profile, &in.scope)
		if err != nil {
			return flowDoneMsg{run: in.run, err: err, prepareErr: true}
		}
		// The walked profile may not be the request's own: check where its
		// secrets would go with this request, as `keyway flow` does, so a
		// secret bound to other hosts or a --no-env answer holds here too.
		if err := in.engine.CheckProfile(in.coll, in.profile, profile, prepared.Request.URL, &in.scope); err != nil {
			return flowDoneMsg{run: in.run, err: err, prepareErr: true}
		}
		// ResolveProfile's secrets already hold the profile's own.
		secrets = append(secrets, prepared.Secrets...)
		walked := *prepared
		walked.Profile, walked.Secrets = profile, secrets
		events := make(chan tea.Msg, 8)
		go walkFlow(ctx, in, &walked, events)
		return flowStartedMsg{run: in.run, secrets: secrets, cacheKey: profile.TokenCacheKey(), profile: profile, events: events}
	}
}

// walkFlow sends the prepared request with the walked profile — with a
// fresh token when in.fresh is true, so the token exchange is part of the
// walk even when the cache holds a valid one — checks the response as a
// send from Explore does (the engine's SendPrepared: captures, their limits), and
// pushes each step and then the outcome into events. When ctx is
// cancelled nobody reads events any more, so every push also gives up on
// ctx.
func walkFlow(ctx context.Context, in flowWalkInput, prepared *collections.Prepared, events chan tea.Msg) {
	defer close(events)
	push := func(msg tea.Msg) {
		select {
		case events <- msg:
		case <-ctx.Done():
		}
	}
	observe := func(index int, step authflow.Step) {
		push(flowStepMsg{run: in.run, index: index, step: step, events: events})
	}
	// A walk has a person at the keyboard: an interactive profile's walk
	// runs its grant (the browser opens; the steps show the URL or the
	// user code), which keyway run never does. Basic and Bearer walks
	// start where HTTP authentication does: the server's 401 and its
	// challenge to a request without them.
	challenge := prepared.Profile.Type == authflow.TypeBasic || prepared.Profile.Type == authflow.TypeBearer
	out := in.engine.SendPrepared(ctx, in.coll, in.request, prepared, &in.scope, in.client,
		authflow.SendOptions{FreshToken: in.fresh, Observe: observe, Challenge: challenge, Interaction: in.interaction})
	// The walk tells the error in its own words, as it happened: its
	// screen masks what it shows.
	var sendErr error
	if re := (*run.RequestError)(nil); errors.As(out.Err, &re) {
		sendErr = re.Err
	}
	captures, limits := out.Captures, out.CaptureLimits
	if in.profile != in.coll.ProfileFor(in.request) {
		// The host limits of what is captured come from the request as
		// prepared with its own profile, not with the walked one, whose
		// bound secrets the answer may echo: such captures are not kept
		// for the session (docs/security.md, "What is captured is bound").
		captures, limits = nil, nil
	}
	push(flowDoneMsg{run: in.run, response: out.Response, flow: out.Flow, err: sendErr,
		captures: captures, captureLimits: limits})
}

// waitFlowEvent delivers the next message of a walk; it returns nil once
// the walk has ended and its channel is closed.
func waitFlowEvent(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-events
		if !ok {
			return nil
		}
		return msg
	}
}

// flowTick schedules the next countdown tick.
func flowTick(gen int) tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return flowTickMsg{gen: gen, at: t} })
}

// neededPrompt returns the label of the prompt err asks for, if it does.
func neededPrompt(err error) (string, bool) {
	var need *promptNeededError
	if errors.As(err, &need) {
		return need.Label, true
	}
	return "", false
}
