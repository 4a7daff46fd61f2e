package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// Sending a request: one cancellable path. Each send gets an id; cancel
// (ctrl+x or esc) cancels its context and forgets the id, so a reply that
// still arrives is recognised as late and dropped.

// inflightSend is one send under way.
type inflightSend struct {
	id      int
	request string
	cancel  context.CancelFunc
}

// sentMsg carries the outcome of send id.
type sentMsg struct {
	id      int
	request string
	ex      *exchange
	// entry is the response as the history keeps it, masked; nil when
	// there is no history or no response.
	entry *history.Entry
}

// send starts sending r: one cancellable path per send, identified by id.
func (m exploreModel) send(r *collections.Request) (exploreModel, tea.Cmd) {
	if m.inflight != nil {
		m.inflight.cancel()
	}
	m.lastID++
	ctx, cancel := context.WithCancel(context.Background())
	m.inflight = &inflightSend{id: m.lastID, request: r.Name, cancel: cancel}
	return m, tea.Batch(m.spin.Tick, sendCmd(m.lastID, ctx, m.c, r))
}

// sendCmd sends r in a command. Everything it uses is captured here, on
// the UI goroutine; the command itself never touches the model.
func sendCmd(id int, ctx context.Context, c *common, r *collections.Request) tea.Cmd {
	eng, coll, scope, client, keep, met := c.engine, c.coll, c.scope(), c.session.client, c.history != nil, c.session.met
	return func() tea.Msg {
		res := eng.Send(ctx, coll, r, scope, client)
		at := time.Now()
		msg := sentMsg{id: id, request: r.Name}
		// Masked with every secret the session has met, not only this
		// request's: the server may echo another's (met_secrets.go).
		met.add(res.Secrets)
		res.Secrets = met.with(nil)
		if keep && res.Response != nil {
			// Masked here, off the UI goroutine, before newExchange
			// releases the body.
			e := history.Record(at, res.Result, res.Secrets)
			msg.entry = &e
		}
		msg.ex = newExchange(at, res)
		return msg
	}
}

// handleSent takes a send's outcome, dropping replies to cancelled sends.
func (m exploreModel) handleSent(msg sentMsg) (exploreModel, tea.Cmd) {
	if m.inflight == nil || m.inflight.id != msg.id {
		return m, nil // cancelled or superseded: the reply is late
	}
	m.inflight.cancel() // release the context's resources
	m.inflight = nil
	var need *promptNeededError
	if errors.As(msg.ex.result.Err, &need) {
		m.pendingSend = msg.request
		return m, func() tea.Msg { return needPromptMsg{label: need.Label} }
	}
	m.c.session.keepCaptures(msg.ex.result.Captures, msg.ex.result.CaptureLimits)
	m.history.add(msg.request, msg.ex)
	if r := m.list.Selected(); r != nil && r.Name == msg.request {
		m.showHistory(r.Name)
	}
	if len(msg.ex.result.Captures) > 0 {
		m.rebuildPreview()
	}
	if msg.entry != nil && m.c.history != nil {
		return m, appendHistoryCmd(m.c.history, *msg.entry)
	}
	return m, nil
}

// Sending reports whether a send is under way.
func (m exploreModel) Sending() bool { return m.inflight != nil }

// curlMsg carries a request rendered as curl.
type curlMsg struct {
	curl curl.Command
	err  error
}

// curlCmd renders r as curl off the UI goroutine (it resolves references).
func curlCmd(eng engine, coll *collections.Collection, r *collections.Request, scope collections.Scope) tea.Cmd {
	return func() tea.Msg {
		cmd, err := eng.Curl(coll, r, &scope)
		return curlMsg{curl: cmd, err: err}
	}
}

// flowHint returns what to try next when a step of the send's auth flow
// failed (authflow puts advice such as "try client_auth = \"body\"" in
// Step.Hint), or "". A hint the error shown already ends with (a refused
// token request's error carries its hint, for run output and reports) is
// not repeated.
func flowHint(res run.Outcome) string {
	if res.Flow == nil {
		return ""
	}
	const walk = "Press f to walk the flow step by step."
	for _, st := range res.Flow.Steps {
		if st.Status == authflow.StepFailed && st.Hint != "" {
			if res.Err != nil && strings.Contains(res.Err.Error(), st.Hint) {
				return walk
			}
			return st.Hint + " " + walk
		}
	}
	return ""
}
