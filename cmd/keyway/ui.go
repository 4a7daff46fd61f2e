package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/tui"
)

// openUI opens the terminal UI on the collection named in args (or the
// default one).
func openUI(cmd *cobra.Command, args []string) error {
	path, err := collectionArg(args)
	if err != nil {
		return err
	}
	if err := checkCollectionExists(cmd, path); err != nil {
		return err
	}
	env, _ := cmd.Flags().GetString("env")
	vars, _ := cmd.Flags().GetStringArray("var")
	c, err := loadCollection(path, env)
	if err != nil {
		return err
	}
	return startUI(cmd.Context(), c, path, env, vars, false)
}

// startUI runs the TUI until the user quits.
func startUI(ctx context.Context, c *collections.Collection, path, env string, varFlags []string, demo bool) error {
	vars, err := parseVars(varFlags)
	if err != nil {
		return err
	}
	// With no config folder there is no store: the TUI then asks about
	// trust every time and says the answer cannot be remembered.
	trust, _ := collections.DefaultTrustStore()
	client, _, _ := newClient(path, env)
	return tui.Run(ctx, tui.Options{
		Path:       path,
		Collection: c,
		Env:        env,
		Vars:       vars,
		Secrets:    &lazySecrets{},
		Client:     client,
		Demo:       demo,
		Trust:      trust,
	})
}
