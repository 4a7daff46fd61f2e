package tui

import (
	"context"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/report"
)

// engine is the work the TUI asks of the collections packages. The real one
// (engine_real.go) calls collections and collections/run; tests use a fake,
// so screens can be driven without a network. Every method may be called
// from a tea.Cmd's goroutine and must not touch the model.
type engine interface {
	// Prepare resolves a request against s: what it will send.
	Prepare(c *collections.Collection, r *collections.Request, s *collections.Scope) (*collections.Prepared, error)
	// ResolveProfile resolves a profile by name against s, with the secret
	// values it holds (for redaction).
	ResolveProfile(c *collections.Collection, name string, s *collections.Scope) (*authflow.Profile, []string, error)
	// CheckProfile applies Prepare's limits (--no-env, allowed hosts,
	// secrets bound to hosts) to profile name, resolved as p, sent with a
	// request to requestURL: the walk-through may pair a profile with a
	// request that names another, which Prepare never checked.
	CheckProfile(c *collections.Collection, name string, p *authflow.Profile, requestURL string, s *collections.Scope) error
	// Send sends one request as `keyway run` would, with assertions and
	// captures.
	Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) sendResult
	// Curl renders r as a curl command in which secrets are shell
	// variables, never values.
	Curl(c *collections.Collection, r *collections.Request, s *collections.Scope) (curl.Command, error)
	// SaveEdit writes edit to r's entry in the collection file, changing
	// nothing else, and returns the collection reloaded from the new file.
	SaveEdit(c *collections.Collection, r *collections.Request, edit requestEdit) (*collections.Collection, error)
	// SaveSource writes src, an edit of c.Source, as the collection file
	// (validated first; atomic; refused when the file changed on disk),
	// and returns the collection parsed from it.
	SaveSource(c *collections.Collection, src []byte) (*collections.Collection, error)
}

// sendResult is the outcome of one send.
type sendResult struct {
	// Result holds the status, timing, assertions and error as a report
	// would show them (secrets redacted).
	Result report.Result
	// Response is nil when no response arrived.
	Response *authflow.Response
	// Flow is the authentication flow that led to the response.
	Flow *authflow.Flow
	// Captures are the values this request captured.
	Captures map[string]string
	// CaptureLimits bind every value in Captures when the request sent
	// bound values (run.Outcome.CaptureLimits).
	CaptureLimits []authflow.HostLimit
	// Secrets are the secret values used, for redaction.
	Secrets []string
	// Err is set when the request could not be prepared or sent; a
	// *promptNeededError in its chain means a {{prompt}} must be answered.
	Err error
}

// requestEdit is what the user changed in the inline editor; nil fields
// were not edited and are left alone in the file.
type requestEdit struct {
	Method  *string
	URL     *string
	Headers *[]collections.KV
	Query   *[]collections.KV
	Body    *string
}
