package run

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// One resolves r against opts.Scope, sends it with opts.Client (a new
// client when nil) and checks its expectations and captures: the TUI's
// "send". Only Scope, Client and KeepExchange of opts are used (the TUI's
// history keeps the exchange, masked and cut). r is resolved once.
// Whatever fails — an undefined variable, a refused connection, an
// assertion — is in the outcome's Result, and what kept r from an answer
// is also in Outcome.Err, typed; One itself cannot fail.
func One(ctx context.Context, c *collections.Collection, r *collections.Request, opts Options) Outcome {
	rn := newRunner(c, opts.Client, compilePrograms([]*collections.Request{r}), &opts.Scope)
	rn.started = time.Now()
	rn.keepExchange = opts.KeepExchange
	out, _ := rn.send(ctx, r, &opts.Scope)
	return out
}

// sender is the signature of authflow.Client.Send.
type sender func(ctx context.Context, p *authflow.Profile, req authflow.Request,
	opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error)

// runner sends requests of one collection. It holds what is shared by every
// request of a run: the client (connection reuse, the token cache) and the
// compiled jq programs.
type runner struct {
	c    *collections.Collection
	jq   programs
	sent sender
	// untraced sends without recording flows (Options.Untraced).
	untraced bool
	// keepExchange is Options.KeepExchange.
	keepExchange int
	// started is when the run started: results say when they were sent
	// from it.
	started time.Time
	// credentials are the captured variables the collection sends as
	// credentials (credentialCaptures): their values are secrets.
	credentials map[string]bool

	// redactors caches a redactor per set of secrets: most requests of a
	// run share a profile, and building a redactor costs more than using it.
	mu        sync.Mutex
	redactors map[string]*authflow.Redactor
}

func newRunner(c *collections.Collection, client *authflow.Client, jq programs, scope *collections.Scope) *runner {
	if client == nil {
		client = authflow.NewClient()
	}
	return &runner{c: c, jq: jq, sent: client.Send, redactors: map[string]*authflow.Redactor{},
		credentials: credentialCaptures(c, scope)}
}

// redactor returns a redactor for secrets, shared with every earlier
// request that had the same ones.
func (rn *runner) redactor(secrets []string) *authflow.Redactor {
	key := strings.Join(secrets, "\x00")
	rn.mu.Lock()
	defer rn.mu.Unlock()
	r, ok := rn.redactors[key]
	if !ok {
		r = authflow.NewRedactor(secrets...)
		rn.redactors[key] = r
	}
	return r
}

// send prepares, sends and checks r. interrupted reports that the request
// did not finish because ctx was cancelled; its outcome is then not a
// result of the request but of the cancellation.
func (rn *runner) send(ctx context.Context, r *collections.Request, scope *collections.Scope) (out Outcome, interrupted bool) {
	prepared, err := rn.c.Prepare(r, scope)
	if err != nil {
		// Prepare's errors name variables and fields, never their values.
		res := report.Result{Name: r.Name, Folder: r.Folder, Tags: r.Tags, Method: r.Method, Assertions: []report.Assertion{}}
		res.Error = err.Error()
		res.SetStartedOffset(time.Since(rn.started))
		return Outcome{Result: res, Err: &RequestError{Text: res.Error, Err: err}}, false
	}
	return rn.sendPrepared(ctx, r, prepared)
}

// sendPrepared sends r, resolved as prepared, and checks it (see send).
func (rn *runner) sendPrepared(ctx context.Context, r *collections.Request, prepared *collections.Prepared) (out Outcome, interrupted bool) {
	// The method as sent: "" in the file is GET.
	res := report.Result{Name: r.Name, Folder: r.Folder, Tags: r.Tags, Method: prepared.Request.Method, Assertions: []report.Assertion{}}

	start := time.Now()
	resp, flow, err := rn.sent(ctx, prepared.Profile, prepared.Request, authflow.SendOptions{Untraced: rn.untraced})
	// Prepared.Secrets already holds the profile's (Profile.Secrets and
	// more). Tokens obtained during the flow (RFC 6749 §5.1) are secrets
	// too, wherever they show: a captured token may be in this URL's path.
	secrets := slices.Clone(prepared.Secrets)
	if flow != nil {
		secrets = append(secrets, flow.Secrets...)
	}
	var check *checker
	var captures []captured
	if err == nil {
		// A value captured here that the collection sends as a
		// credential is a secret from now on, in this very result too.
		check = newChecker(ctx, r, resp, rn.jq)
		captures = check.evalCaptures()
		for _, c := range captures {
			if c.err == nil && rn.credentials[c.name] && len(c.value) >= collections.MinCapturedSecretLength {
				secrets = append(secrets, c.value)
			}
		}
	}
	secrets = distinct(secrets)
	redactor := rn.redactor(secrets)
	res.URL = redactor.Redact(prepared.Request.URL)
	out = Outcome{Response: resp, Flow: flow, Secrets: secrets}
	end := time.Now()
	if resp != nil {
		res.Status = resp.StatusCode
		res.SizeBytes = resp.Size
		res.SetDuration(resp.Duration)
	} else {
		res.SetDuration(end.Sub(start))
	}
	// The request itself started its Duration before it ended; a token
	// request the send waited for came before.
	res.SetStartedOffset(max(end.Sub(rn.started)-res.Duration, 0))
	if rn.keepExchange > 0 {
		res.Exchange = keepExchange(redactor, prepared, res.URL, resp, rn.keepExchange)
	}
	if err != nil {
		res.Error = redactor.Redact(err.Error())
		out.Result = res
		out.Err = &RequestError{Text: res.Error, Err: err}
		return out, ctx.Err() != nil
	}

	check.redact = redactor
	if len(captures) > 0 && len(prepared.Limits) > 0 {
		// What a request that carries bound values gets back was bought
		// with them — a session from a login, a token — or may be them:
		// it goes only where they may (see collections.Scope.CaptureLimits).
		out.CaptureLimits = prepared.Limits
	}
	if len(captures) > 0 && check.holdsSecret() {
		// The response holds a secret of this request (an echo, a
		// whoami page): what jq captures from it may be that secret,
		// or a piece of it, rewritten past any search (ascii_downcase,
		// explode, a slice). Every captured value is then a secret
		// itself, masked wherever it shows.
		tainted := false
		for _, c := range captures {
			if c.err == nil && len(c.value) >= authflow.MinSecretLength && !slices.Contains(secrets, c.value) {
				secrets, tainted = append(secrets, c.value), true
			}
		}
		if tainted {
			secrets = distinct(secrets)
			redactor = rn.redactor(secrets)
			check.redact = redactor
			res.URL = redactor.Redact(prepared.Request.URL)
			out.Secrets = secrets
		}
	}
	res.Assertions = check.assertions()
	values, captureAssertions := check.captureAssertions(captures)
	res.Assertions = append(res.Assertions, captureAssertions...)
	res.Passed = true
	for i := range res.Assertions {
		res.Assertions[i].Actual = redactor.Redact(res.Assertions[i].Actual)
		res.Passed = res.Passed && res.Assertions[i].Passed
	}
	out.Result = res
	out.Captures = values
	return out, ctx.Err() != nil && !res.Passed
}

// distinct sorts secrets and drops repeats and empty values, so that equal
// sets of secrets share one cached redactor.
func distinct(secrets []string) []string {
	slices.Sort(secrets)
	secrets = slices.Compact(secrets)
	if len(secrets) > 0 && secrets[0] == "" {
		secrets = secrets[1:]
	}
	return secrets
}
