package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/config"
	"github.com/keyway-cli/keyway/tui"
)

// loadConfig reads the user's config file for the terminal UI. A problem
// in it is an invalid input (exit 2) named with its FILE:LINE:COL, said
// before anything is drawn.
func loadConfig() (*config.Config, error) {
	cfg, err := config.Load()
	if err == nil {
		err = tui.CheckConfig(cfg)
	}
	if err != nil {
		return nil, invalid(err)
	}
	return cfg, nil
}

func newConfigCommand(std stdio) *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Show which settings file the terminal UI reads, and check it",
		Long: `Print the path of the settings file the terminal UI reads (theme, editor,
key bindings) and check it: $KEYWAY_CONFIG when set, else config.toml in
your config folder. Exit status 2 when it has problems, each named as
FILE:LINE:COL. docs/config.md describes the file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, explicit := config.Path()
			if path == "" {
				fmt.Fprintln(std.out, "no config folder on this system: keyway's defaults are in use")
				return nil
			}
			if _, err := os.Stat(path); !explicit && errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(std.out, "%s (not there: keyway's defaults are in use)\n", path)
				return nil
			}
			if _, err := loadConfig(); err != nil {
				return err
			}
			fmt.Fprintf(std.out, "%s (valid)\n", path)
			return nil
		},
	}
}
