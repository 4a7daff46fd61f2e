package run

import (
	"context"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// SendFunc sends a request with a profile's credentials, as
// (*authflow.Client).Send does.
type SendFunc func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error)

// OnePrepared is One for a request the caller prepared itself and sends
// with send: the TUI's flow walk, which sends r with the walked profile
// (prepared.Profile, not necessarily r's own) and watches every step. The
// response is checked as One checks it — expectations, captures, their
// host limits and the secrets to mask — so a walk that ends with r keeps
// what r captures, as a send would. scope is the one prepared was
// resolved in.
func OnePrepared(ctx context.Context, c *collections.Collection, r *collections.Request, prepared *collections.Prepared, scope *collections.Scope, send SendFunc) Outcome {
	rn := &runner{c: c, jq: compilePrograms([]*collections.Request{r}), sent: sender(send),
		redactors: map[string]*authflow.Redactor{}, credentials: credentialCaptures(c, scope), started: time.Now()}
	out, _ := rn.sendPrepared(ctx, r, prepared)
	return out
}
