package tui

import (
	"context"
	"errors"
	"slices"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/curl"
	"github.com/keyway-cli/keyway/collections/history"
	"github.com/keyway-cli/keyway/collections/run"
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

// Send prepares r first so that an unanswered {{prompt}} comes back as a
// typed error (run.One would flatten it into its report), then sends it
// with run.One.
func (realEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) sendResult {
	if _, err := c.Prepare(r, &s); err != nil {
		var need *promptNeededError
		if errors.As(err, &need) {
			return sendResult{Err: err}
		}
	}
	// KeepExchange: the masked, capped copy a report keeps is what the
	// history keeps (history.Record).
	out := run.One(ctx, c, r, run.Options{Scope: s, Client: client, KeepExchange: history.BodyLimit})
	res := sendResult{
		Result:        out.Result,
		Response:      out.Response,
		Flow:          out.Flow,
		Captures:      out.Captures,
		CaptureLimits: out.CaptureLimits,
		Secrets:       out.Secrets,
	}
	if out.Response == nil && out.Result.Error != "" {
		if ctx.Err() != nil {
			res.Err = errors.New("cancelled")
		} else {
			res.Err = errors.New(out.Result.Error) // already redacted by run
		}
	}
	return res
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

// SaveEdit applies edit to r's table in the file as loaded and saves it
// with collections.SaveFile (atomic; refused with ErrChangedOnDisk when the
// file changed since it was loaded), then parses the new file.
func (e realEngine) SaveEdit(c *collections.Collection, r *collections.Request, edit requestEdit) (*collections.Collection, error) {
	index := slices.Index(c.Requests, r)
	if index < 0 {
		return nil, errors.New("the request is no longer in the collection")
	}
	src := c.Source
	var err error
	set := func(key string, value any) {
		if err == nil {
			src, err = collections.SetRequestField(src, index, key, value)
		}
	}
	if edit.Method != nil {
		set("method", *edit.Method)
	}
	if edit.URL != nil {
		set("url", *edit.URL)
	}
	if edit.Body != nil {
		set("body", *edit.Body)
	}
	if edit.Headers != nil && err == nil {
		src, err = collections.SetRequestHeaders(src, index, *edit.Headers)
	}
	if edit.Query != nil && err == nil {
		src, err = collections.SetRequestQuery(src, index, *edit.Query)
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
