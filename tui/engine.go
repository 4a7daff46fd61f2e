package tui

import (
	"context"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// engine is the work the TUI asks of the collections packages: the one
// interface every screen takes from common. The real one (engine_real.go)
// calls collections and collections/run — the pipeline `keyway run` uses,
// so the TUI and the CLI never disagree; tests use one fake, so screens can
// be driven without a network. Every method may be called from a
// tea.Cmd's goroutine and must not touch the model.
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
	// Send resolves r once and sends it as `keyway run` would, with
	// assertions and captures (Explore). Outcome.Err is set, typed, when
	// no response came: a *promptNeededError in its chain means a
	// {{prompt}} must be answered first.
	Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome
	// SendPrepared sends r, resolved as prepared (with the profile of a
	// walk, not necessarily r's own), with client and opts, and checks
	// the response as Send does (the flow walk: run.OnePrepared).
	SendPrepared(ctx context.Context, c *collections.Collection, r *collections.Request, prepared *collections.Prepared,
		s *collections.Scope, client *authflow.Client, opts authflow.SendOptions) run.Outcome
	// Run replays the requests of c as `keyway run` does (Replay:
	// run.Run).
	Run(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error)
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

// requestEdit is what the user changed in the inline editor; nil fields
// were not edited and are left alone in the file.
type requestEdit struct {
	Method  *string
	URL     *string
	Headers *[]collections.KV
	Query   *[]collections.KV
	Body    *string
}
