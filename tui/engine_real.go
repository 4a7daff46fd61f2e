package tui

import (
	"context"
	"errors"
	"slices"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/edit"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// realEngine is the engine backed by collections and collections/run: the
// same code `keyway run` uses, so the TUI and the CLI never disagree.
type realEngine struct {
	// inMemory applies saved edits to the session only: the built-in demo
	// has no file of the user's to write.
	inMemory bool
}

// Prepare calls (*collections.Collection).Prepare.
func (realEngine) Prepare(c *collections.Collection, r *collections.Request, s *collections.Scope) (*collections.Prepared, error) {
	return c.Prepare(r, s)
}

// ResolveProfile calls (*collections.Collection).ResolveProfile.
func (realEngine) ResolveProfile(c *collections.Collection, name string, s *collections.Scope) (*authflow.Profile, []string, error) {
	return c.ResolveProfile(name, s)
}

// CheckProfile calls (*collections.Collection).CheckProfile.
func (realEngine) CheckProfile(c *collections.Collection, name string, p *authflow.Profile, requestURL string, s *collections.Scope) error {
	return c.CheckProfile(name, p, requestURL, s)
}

// Send sends r with run.One, which resolves it once; an error that kept
// it from an answer stays typed in Outcome.Err (a {{prompt}} to answer,
// a variable unset), told in the report's masked words.
func (realEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome {
	// KeepExchange: the masked, capped copy a report keeps is what the
	// history keeps (history.Record).
	out := run.One(ctx, c, r, run.Options{Scope: s, Client: client, KeepExchange: history.BodyLimit})
	var need *promptNeededError
	switch {
	case errors.As(out.Err, &need):
		// Nothing was sent: the question comes first.
		return run.Outcome{Err: out.Err}
	case out.Response != nil:
		// An answer came: what went wrong with it is in the result.
		out.Err = nil
	case out.Err != nil && ctx.Err() != nil:
		out.Err = &run.RequestError{Text: "cancelled", Err: out.Err}
	}
	return out
}

// SendPrepared sends prepared with client, opts added to each send, and
// checks the response with run.OnePrepared.
func (realEngine) SendPrepared(ctx context.Context, c *collections.Collection, r *collections.Request, prepared *collections.Prepared,
	s *collections.Scope, client *authflow.Client, opts authflow.SendOptions) run.Outcome {
	return run.OnePrepared(ctx, c, r, prepared, s, withOptions(client.Send, opts))
}

// withOptions returns send with opts in place of the options a send is
// given: the walk's own (Observe, FreshToken, Challenge, Interaction).
func withOptions(send run.SendFunc, opts authflow.SendOptions) run.SendFunc {
	return func(ctx context.Context, p *authflow.Profile, req authflow.Request, _ authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		return send(ctx, p, req, opts)
	}
}

// Run calls run.Run.
func (realEngine) Run(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
	return run.Run(ctx, c, opts)
}

// Curl prepares r (resolving its profile) and renders it with
// curl.Render, which puts every secret in a shell variable — the
// user's own where the profile reads one ({{env:ALICE_PASSWORD}} becomes
// $ALICE_PASSWORD), since their shell most likely has it set.
func (realEngine) Curl(c *collections.Collection, r *collections.Request, s *collections.Scope) (curl.Command, error) {
	p, err := c.Prepare(r, s)
	if err != nil {
		return curl.Command{}, err
	}
	return curl.Render(p, curl.VarNames(c.Profiles[c.ProfileFor(r)], p.Profile)), nil
}

// SaveEdit applies change to r's table in the file as loaded and saves it
// with collections.SaveFile (atomic; refused with ErrChangedOnDisk when the
// file changed since it was loaded), then parses the new file.
func (e realEngine) SaveEdit(c *collections.Collection, r *collections.Request, change requestEdit) (*collections.Collection, error) {
	index := slices.Index(c.Requests, r)
	if index < 0 {
		return nil, errors.New("the request is no longer in the collection")
	}
	src := c.Source
	var err error
	set := func(key string, value any) {
		if err == nil {
			src, err = edit.SetRequestField(src, index, key, value)
		}
	}
	if change.Method != nil {
		set("method", *change.Method)
	}
	if change.URL != nil {
		set("url", *change.URL)
	}
	if change.Body != nil {
		set("body", *change.Body)
	}
	if change.Headers != nil && err == nil {
		src, err = edit.SetRequestHeaders(src, index, *change.Headers)
	}
	if change.Query != nil && err == nil {
		src, err = edit.SetRequestQuery(src, index, *change.Query)
	}
	if err != nil {
		return nil, err
	}
	// Validated before anything is written, and written only over what
	// was loaded.
	return writeCollection(c, src, e.inMemory)
}

// SaveSource validates src and writes it over the file as loaded.
func (e realEngine) SaveSource(c *collections.Collection, src []byte) (*collections.Collection, error) {
	return writeCollection(c, src, e.inMemory)
}
