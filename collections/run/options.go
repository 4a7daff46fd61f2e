package run

import (
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// Options tune a run.
type Options struct {
	// Scope is what references resolve against: the environment, --var
	// values, and captures made before the run (the TUI keeps those of
	// earlier sends). Captures made during a run go to the requests that
	// need them and take precedence over every other definition. With
	// Concurrency above one, its LookupEnv, Secrets and Prompt may be
	// called from several goroutines at once.
	Scope collections.Scope
	// Only restricts the run to the requests with one of these names, and
	// to every request of a folder with one of these names. A name that
	// matches nothing makes Run fail with a *UsageError before sending.
	Only []string
	// Tags restricts the run to the requests that hold one of these tags;
	// with Only, a request must satisfy both. A tag no request holds
	// makes Run fail with a *UsageError before sending.
	Tags []string
	// Shard, when set, runs only that shard of what Only and Tags select
	// (see Shards); the report names it. A shard may hold no request.
	Shard Shard
	// Concurrency is how many requests may be in flight at once; zero or
	// less means one, in file order. See the package documentation for
	// which requests wait for which.
	Concurrency int
	// FailFast stops the run after the first request that fails: requests
	// not yet started are not sent and not counted in the report.
	FailFast bool
	// Client sends the requests; nil means authflow.NewClient(). One client
	// is shared by every request of a run so that connections and OAuth2
	// tokens are reused.
	Client *authflow.Client
	// TrustPolicy applies Scope.NoEnv and Scope.AllowHosts to what the
	// selected requests read and where the file says it goes, before
	// anything is sent (`keyway run --no-env`, `--allow-host`). Without
	// it Prepare still refuses each request that breaks them, when sent.
	TrustPolicy bool
	// Preflight resolves every selected request before sending any —
	// environment variables, secrets, prompts, variables captured by a
	// request the run leaves out — and, when one cannot be resolved, sends
	// nothing and makes Run return a *PreflightError. Requests that need no
	// capture are then sent as resolved, not resolved a second time.
	Preflight bool
	// StopOn, when set without Preflight, resolves every selected request
	// before any is sent and stops the run, nothing sent, on the first
	// error StopOn accepts, which NewPlan returns: the TUI's replay stops
	// on a {{prompt}} it has no answer for yet, to ask it. Any other error
	// is left to the request's send, as without it. A request that needs
	// no capture and resolves is sent as resolved, not resolved again.
	StopOn func(error) bool
	// Untraced sends every request without recording its authentication
	// flow (authflow.SendOptions.Untraced): each Outcome.Flow then holds
	// only the token and the secrets, no steps. For callers that show no
	// flow, such as `keyway run`: recording is much of a send's cost.
	Untraced bool
	// KeepExchange, when above zero, keeps in each result a masked copy
	// of its request and response (report.Result.Exchange), each body cut
	// to this many bytes, for a report that shows them (the HTML report:
	// report.ExchangeBodyLimit). Zero keeps none, and costs nothing.
	KeepExchange int
	// OnStart, when set, is called as each request starts, with its index
	// in Collection.Requests; every OnResult is preceded by an OnStart for
	// the same index. A request not sent because a capture it needs is
	// missing starts and finishes at once.
	OnStart func(index int, r *collections.Request)
	// OnResult, when set, is called as each request finishes, with its
	// index in Collection.Requests. Calls to OnStart and OnResult are
	// serialized: they never run concurrently with each other, and none is
	// made after Run returns.
	OnResult func(index int, res Outcome)
}

// Outcome is everything about one request sent: the report's result and,
// for a user interface, the response, the authentication flow that led to
// it, the values it captured and the secrets to mask when showing them.
type Outcome struct {
	// Result is the request's line in the report: URL and error redacted.
	Result report.Result
	// Response is nil when no response arrived.
	Response *authflow.Response
	// Flow is the authentication flow of the request; nil when it was not
	// sent (a variable could not be resolved). Without steps when the run
	// was Untraced.
	Flow *authflow.Flow
	// Captures holds the values this request captured, by variable name.
	// They are never written to the report.
	Captures map[string]string
	// CaptureLimits, when not empty, bind every value in Captures: the
	// request sent values bound to hosts (its collections.Prepared.Limits),
	// and what it got back may be one of them, echoed, or was bought with
	// them. Later requests carry them in collections.Scope.CaptureLimits.
	CaptureLimits []authflow.HostLimit
	// Secrets lists the secret values that went into the request, for a
	// renderer's authflow.Redactor.
	Secrets []string
	// Err is why the request got no answer — it could not be resolved,
	// a capture it needs was not made, the send failed — and nil when an
	// answer came (a failed assertion is in Result). Its text is
	// Result.Error's; errors.Is and errors.As reach the error as it
	// happened (a collections.ErrEnvUnset, a prompt with no answer, a
	// cancelled context).
	Err error
}

// RequestError is Outcome.Err: the error as it happened, told in the
// words of the report, masked.
type RequestError struct {
	// Text is the report's Result.Error.
	Text string
	// Err is the error as it happened; its own text may hold a secret
	// (a URL that carries a token): show Text.
	Err error
}

func (e *RequestError) Error() string { return e.Text }

// Unwrap gives Err to errors.Is and errors.As.
func (e *RequestError) Unwrap() error { return e.Err }
