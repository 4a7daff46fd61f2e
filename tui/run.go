package tui

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/trust"
	"github.com/keyway-cli/keyway/config"
)

// Options say what the TUI opens.
type Options struct {
	// Path is the collection file, for messages and saving.
	Path string
	// Collection is the loaded collection (required).
	Collection *collections.Collection
	// Env is the environment chosen at start ("" for none).
	Env string
	// Vars are --var overrides.
	Vars map[string]string
	// Secrets resolves {{secret:NAME}}; nil makes such references errors.
	Secrets collections.SecretSource
	// Client sends every request; nil means authflow.NewClient().
	Client *authflow.Client
	// Demo marks the built-in demo: the header says so, it is not asked
	// about trust (keyway wrote it), and edits are kept for the session
	// only, never written to a file.
	Demo bool
	// Trust remembers the answers of the trust dialog (trust.go), asked
	// before opening a collection that reads environment variables or
	// secrets; nil asks every time and remembers nothing.
	Trust *trust.Store
	// Config is the user's settings (theme, editor, key bindings); nil
	// is keyway's defaults. CheckConfig tells in advance whether Run
	// will refuse it.
	Config *config.Config
}

// Run opens the TUI and returns when the user quits or ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Collection == nil {
		return errors.New("no collection to open")
	}
	// A config the TUI cannot use is refused before anything is shown.
	if err := CheckConfig(opts.Config); err != nil {
		return err
	}
	s := newSession(opts.Vars, opts.Secrets, opts.Client)
	s.store = secretStore(opts.Secrets)
	status, err := decideTrust(ctx, opts, s, runTrustProgram)
	if errors.Is(err, errTrustQuit) {
		return nil
	}
	if err != nil {
		return err
	}
	c := newCommon(opts.Collection, opts.Env, s, realEngine{inMemory: opts.Demo})
	c.demo = opts.Demo
	if c.history, err = openHistory(opts.Path, opts.Demo); err != nil {
		c.noHistory = historyError(err)
	}
	if err := c.applyConfig(opts.Config); err != nil {
		return err
	}
	m := newModel(c)
	m.status = status
	final, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	// The program may end without a quit key (ctx done, a kill): stop
	// what the last model still had under way all the same.
	if fm, ok := final.(model); ok {
		fm.shutdown()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("the terminal interface stopped: %w", err)
	}
	return nil
}
