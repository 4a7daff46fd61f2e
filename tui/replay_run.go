package tui

import (
	"context"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// How a replay reaches the screen: the engine's Run (run.Run — the very
// runner behind `keyway run`, so the two never disagree) works in a goroutine, its
// OnStart and OnResult callbacks push messages into a channel, and a command
// that re-arms itself after each message delivers them to Update as
// requests start and finish. Messages carry the replay's run id: those of a
// cancelled or replaced replay are dropped.

// replayStartedMsg says a request is being sent; index is its position in
// Collection.Requests.
type replayStartedMsg struct {
	run    int
	index  int
	events <-chan tea.Msg
}

// replayResultMsg says a request finished.
type replayResultMsg struct {
	run     int
	index   int
	outcome run.Outcome
	// kept says how much of the outcome's exchanges was kept.
	kept   replayKept
	events <-chan tea.Msg
}

// replayDoneMsg ends a replay with the runner's report (nil when nothing
// could run, then err says why).
type replayDoneMsg struct {
	run    int
	report *report.Report
	err    error
}

// replayPromptMsg says a request of the replay needs a {{prompt}} answered
// before the replay can start.
type replayPromptMsg struct {
	run   int
	label string
}

// replayInput is everything a replay needs, captured in Update so the
// commands never read the model.
type replayInput struct {
	run    int
	engine engine
	coll   *collections.Collection
	opts   run.Options
	// met gathers each outcome's secrets, which every screen masks.
	met *metSecrets
}

// beginReplay starts a replay. ctx stops the sending (cancel); listen
// outlives it and ends only when the replay is replaced, so the requests
// that finish after a cancel, and the report, still reach the screen.
//
// The plan resolves every request before the first is sent and stops on
// a {{prompt}} that has no answer yet (run.Options.StopOn): the runner
// cannot ask, and a replay should not fail on a question the user can
// answer. The replay then ends with a replayPromptMsg, nothing sent.
func beginReplay(ctx, listen context.Context, in replayInput) tea.Cmd {
	return func() tea.Msg {
		events := make(chan tea.Msg, 8)
		go replayCollection(ctx, listen, in, events)
		return waitReplayEvent(events)()
	}
}

// replayCollection runs the collection and pushes each start and result,
// then the report, into events. Once listen is done nobody reads events, so
// every push also gives up on listen.
func replayCollection(ctx, listen context.Context, in replayInput, events chan tea.Msg) {
	defer close(events)
	push := func(msg tea.Msg) {
		select {
		case events <- msg:
		case <-listen.Done():
		}
	}
	opts := in.opts
	// Other errors (a capture not made yet, say) are the runner's to
	// report, as `keyway run` would.
	opts.StopOn = func(err error) bool { _, ok := neededPrompt(err); return ok }
	opts.OnStart = func(index int, _ *collections.Request) {
		push(replayStartedMsg{run: in.run, index: index, events: events})
	}
	keeper := &replayKeeper{left: replayKeepBudget}
	opts.OnResult = func(index int, out run.Outcome) {
		out, kept := keeper.keep(out)
		in.met.add(out.Secrets)
		push(replayResultMsg{run: in.run, index: index, outcome: out, kept: kept, events: events})
	}
	rep, err := in.engine.Run(ctx, in.coll, opts)
	if label, ok := neededPrompt(err); ok {
		push(replayPromptMsg{run: in.run, label: label})
		return
	}
	push(replayDoneMsg{run: in.run, report: rep, err: err})
}

// waitReplayEvent delivers the next message of a replay; nil once the
// channel is closed.
func waitReplayEvent(events <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-events
		if !ok {
			return nil
		}
		return msg
	}
}
