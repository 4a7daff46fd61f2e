package tui

import (
	"slices"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/run"
)

// What the replay screen keeps of each result. collections/run drops every
// response body once OnResult has seen it, so a run of thousands of
// requests stays small; the screen must not undo that by holding every
// outcome whole. A request's response body (up to 10 MiB) is never shown
// here — the detail shows the exchanges of the flow, each body recorded up
// to authflow.RecordLimit — so it is always dropped. The recorded bodies
// are kept for failed results, the ones a user opens to see what went
// wrong, while the replay's budget lasts; passing results keep their
// exchanges without bodies; once the budget is spent a result keeps only
// its summary (the report line, assertions and error).
const replayKeepBudget = 32 << 20

// replayKept is how much of a result's exchanges the screen kept.
type replayKept int

const (
	// keptAll: every recorded exchange, bodies included.
	keptAll replayKept = iota
	// keptHeaders: the exchanges without their bodies.
	keptHeaders
	// keptSummary: no exchange at all.
	keptSummary
)

// replayKeeper decides what to keep of each outcome of one replay. It is
// used from OnResult, whose calls never overlap, so it needs no lock.
type replayKeeper struct {
	// left is what remains of the budget, in bytes.
	left int64
}

// keep returns what the screen keeps of out and how much that is. The
// secrets to mask are gathered first, from the whole outcome — a token is
// found in the token response's body, which may be dropped — so what is
// kept is masked as well as the outcome would have been. out is not
// changed: its flow and response are copied before anything is dropped.
func (k *replayKeeper) keep(out run.Outcome) (run.Outcome, replayKept) {
	// run.One already counts the flow's own secrets in out.Secrets; the
	// tokens in recorded bodies are added before those bodies go.
	secrets := slices.Clone(out.Secrets)
	if out.Flow != nil {
		secrets = append(secrets, authflow.StepSecrets(out.Flow.Steps)...)
	}
	out.Secrets = secrets
	if out.Response != nil {
		slim := *out.Response
		slim.Body = nil
		out.Response = &slim
	}
	if out.Flow == nil {
		return out, keptAll
	}
	whole, heads := flowSizes(out.Flow)
	switch {
	case !out.Result.Passed && whole <= k.left:
		k.left -= whole
		return out, keptAll
	case heads <= k.left:
		k.left -= heads
		out.Flow = slimFlow(out.Flow, true)
		return out, keptHeaders
	}
	out.Flow = slimFlow(out.Flow, false)
	return out, keptSummary
}

// flowSizes estimates the bytes the exchanges of f hold: in all, and
// without their bodies.
func flowSizes(f *authflow.Flow) (whole, heads int64) {
	const perValue = 32 // a string header and a slice slot, roughly
	for _, s := range f.Steps {
		ex := s.Exchange
		if ex == nil {
			continue
		}
		h := int64(len(ex.Request.URL)) + 256
		for name, values := range ex.Request.Header {
			for _, v := range values {
				h += int64(len(name)+len(v)) + perValue
			}
		}
		b := int64(len(ex.Request.Body))
		if r := ex.Response; r != nil {
			for name, values := range r.Header {
				for _, v := range values {
					h += int64(len(name)+len(v)) + perValue
				}
			}
			b += int64(len(r.Body))
		}
		heads += h
		whole += h + b
	}
	return whole, heads
}

// slimFlow returns a copy of f whose exchanges keep no body (with heads)
// or are gone (without). Body sizes stay, so the wire text still says how
// many bytes there were.
func slimFlow(f *authflow.Flow, heads bool) *authflow.Flow {
	slim := *f
	slim.Steps = slices.Clone(f.Steps)
	for i, s := range slim.Steps {
		if s.Exchange == nil {
			continue
		}
		if !heads {
			slim.Steps[i].Exchange = nil
			continue
		}
		ex := *s.Exchange
		ex.Request.Body = nil
		if ex.Response != nil {
			resp := *ex.Response
			resp.Body = nil
			if resp.BodySize < 0 { // unknown: at least what was recorded
				resp.BodySize = int64(len(ex.Response.Body))
			}
			ex.Response = &resp
		}
		slim.Steps[i].Exchange = &ex
	}
	return &slim
}

// keptNote explains, in the detail of a result, what was not kept.
func keptNote(kept replayKept, passed bool) string {
	switch {
	case kept == keptHeaders && passed:
		return "Bodies of passing results are not kept. Send the request from the explore screen to see its response."
	case kept == keptHeaders:
		return "Bodies not kept: this replay has used the memory set aside for them. Send the request from the explore screen to see its response."
	case kept == keptSummary:
		return "The exchanges of this result were not kept: this replay has used the memory set aside for them. Send the request from the explore screen to see them."
	}
	return ""
}
