package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/trust"
	"github.com/keyway-cli/keyway/tui"
)

// openUI opens the terminal UI on the collection named in args (or the
// default one).
func openUI(cmd *cobra.Command, args []string) error {
	path, err := collectionArg(args)
	if err != nil {
		return err
	}
	env, _ := cmd.Flags().GetString("env")
	vars, _ := cmd.Flags().GetStringArray("var")
	c, err := openCollection(cmd, path, env)
	if err != nil {
		return err
	}
	return startUI(cmd.Context(), c, path, env, vars, false)
}

// openCollection loads the collection at path for the TUI. A path that
// names a .toml file not written yet, in a folder that exists, opens an
// empty collection instead (`keyway new.toml`), which the first save
// creates. Any other missing path — most often a command mistyped, such as
// `keyway version` — is refused as checkCollectionExists words it.
func openCollection(cmd *cobra.Command, path, env string) (*collections.Collection, error) {
	if isNewCollection(path) {
		c := collections.New(path)
		if err := c.CheckEnv(env); err != nil {
			return nil, invalid(err)
		}
		return c, nil
	}
	if err := checkCollectionExists(cmd, path); err != nil {
		return nil, err
	}
	return loadCollection(path, env)
}

// isNewCollection reports whether path is a collection to create: a .toml
// name that does not exist, in an existing folder.
func isNewCollection(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".toml") {
		return false
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	info, err := os.Stat(filepath.Dir(path))
	return err == nil && info.IsDir()
}

// startUI runs the TUI until the user quits.
func startUI(ctx context.Context, c *collections.Collection, path, env string, varFlags []string, demo bool) error {
	vars, err := parseVars(varFlags)
	if err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	// With no config folder there is no store: the TUI then asks about
	// trust every time and says the answer cannot be remembered.
	trustStore, _ := trust.Default()
	client := uiClient(path, env, demo)
	return tui.Run(ctx, tui.Options{
		Path:       path,
		Collection: c,
		Env:        env,
		Vars:       vars,
		Secrets:    &lazySecrets{},
		Client:     client,
		Demo:       demo,
		Trust:      trustStore,
		Config:     cfg,
	})
}

// uiClient is the TUI's client: the user's token store and `keyway login`
// for a collection file, session-only tokens for the demo.
func uiClient(path, env string, demo bool) *authflow.Client {
	client, _, _ := newClient(path, env)
	if demo {
		demoClient(client)
	}
	return client
}

// demoClient keeps the demo's logins for the session only: the demo API
// and its tokens end with the session, as its edits do, and the embedded
// collection has no file a token store entry could be filed under (nor
// one `keyway login` could be run on). A send that needs a login points
// at what works there: walking the profile in Flow, which logs in.
func demoClient(client *authflow.Client) {
	client.Store = nil
	client.SessionOnly = "This is the built-in demo: its API and its tokens end with this session, like its edits, " +
		"so they are kept in memory and never written to your token store. With a collection file, " +
		"`keyway login` or this walk keeps them in the token store for later runs."
	client.LoginAdvice = func(string) string {
		return "in the demo, walk the profile in Flow (f), which logs in; the token then serves Explore and Replay until you quit"
	}
}
