package authflow

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"
)

// sharedFetch joins, or starts, the token fetch in flight for key. When
// this send starts it, the fetch records its steps in a flow of its own,
// shown live through this send's observer while the send waits and added
// to its flow once done: the fetch may outlive the send.
func (r *sendRun) sharedFetch(ctx context.Context, cache *TokenCache, key string, fresh bool) (*Token, error) {
	fetch := r.fetchRun()
	ch := cache.flight.DoChan(key, func() (any, error) {
		fetch.led = true
		// Another flight may have stored a token since the caller looked.
		if t, ok := cache.Get(key); ok && !fresh {
			fetch.reuseStep(cache, t)
			return t, nil
		}
		// A flight that ended before this one started may have been
		// refused: the refusal is recorded before its flight ends, so
		// checking here sends exactly one refused request however many
		// sends wait (see refusal.go).
		if refused := cache.refused(key, fetch.profile); refused != nil {
			fetch.refusedEarlierStep(refused)
			return nil, refused
		}
		t, err := fetch.fetchToken(context.WithoutCancel(ctx), cache, key, fresh)
		cache.recordOutcome(key, fetch.profile, err)
		return t, err
	})
	var result singleflight.Result
	select {
	case result = <-ch:
	case <-ctx.Done():
		fetch.forward.stop()
		err := fmt.Errorf("cancelled while waiting for the token request: %w", context.Cause(ctx))
		i := r.rec.begin(Step{
			Title: "Wait for the token request in flight",
			Why:   "This send was cancelled while a token request was in flight. The token request goes on for any other request waiting for it.",
			RFC:   "RFC 6749 §4.3",
		})
		r.rec.fail(i, err, "")
		return nil, err
	}
	fetch.forward.stop()
	// The channel's receive orders the fetch's writes before these reads.
	if fetch.led {
		r.adopt(fetch)
	} else {
		i := r.rec.begin(Step{
			Title: "Wait for the token request in flight",
			Why: "Another request for this profile was already fetching a token. One token request " +
				"serves every request waiting for it, so the server sees one login, not many.",
			RFC: "RFC 6749 §4.3",
		})
		if result.Err != nil {
			r.rec.fail(i, result.Err, "See the flow of the request that fetched the token.")
		} else {
			r.rec.end(i, func(s *Step) { s.Fields = expiryFields(cache, result.Val.(*Token)) })
		}
	}
	if result.Err != nil {
		return nil, result.Err
	}
	return result.Val.(*Token), nil
}

// fetchRun returns a copy of r for the token fetch this send may lead: it
// records into a flow of its own (starting with the secrets r knows, for
// redaction) whose steps are forwarded to r's observer, at the indexes
// they will have in r's flow, until the forwarder is stopped.
func (r *sendRun) fetchRun() *sendRun {
	fetch := *r
	fetch.flow = &Flow{Profile: r.flow.Profile, Type: r.flow.Type, Secrets: append([]string(nil), r.flow.Secrets...)}
	fetch.forward = &stepForwarder{offset: len(r.flow.Steps), observe: r.opts.Observe}
	fetch.rec = &flowRecorder{flow: fetch.flow, observe: fetch.forward.notify, redact: fetch.redactError, off: r.rec.off}
	fetch.led = false
	return &fetch
}

// adopt appends the steps of a finished fetch to r's flow. Its observer
// has seen them already, at these indexes.
func (r *sendRun) adopt(fetch *sendRun) {
	if r.flow.Steps == nil {
		r.flow.Steps = make([]Step, 0, typicalSteps)
	}
	r.flow.Steps = append(r.flow.Steps, fetch.flow.Steps...)
	r.rec.started = append(r.rec.started, fetch.rec.started...)
	r.flow.Secrets = append(r.flow.Secrets, fetch.flow.Secrets...)
	r.flow.Warnings = append(r.flow.Warnings, fetch.flow.Warnings...)
}

// stepForwarder passes the steps of a token fetch to the observer of the
// send that started it, for as long as that send waits for it.
type stepForwarder struct {
	offset  int
	observe func(int, Step)

	mu      sync.Mutex
	stopped bool
}

func (f *stepForwarder) notify(i int, s Step) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped && f.observe != nil {
		f.observe(f.offset+i, s)
	}
}

// stop ends the forwarding: after it returns, the observer is not called
// again from the fetch.
func (f *stepForwarder) stop() {
	f.mu.Lock()
	f.stopped = true
	f.mu.Unlock()
}
