package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
)

func newCheckCommand(std stdio) *cobra.Command {
	var env string
	var exposures bool
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Validate a collection without sending anything",
		Long: `Validate a collection: its TOML, every key and type, profiles, and that
every {{reference}} resolves in the chosen environment. Nothing is sent and
no environment variable, secret or prompt is read; the files ca_file,
client_cert and client_key name are opened (not read) to check that each is
a regular file of at most 1 MiB.

Exit status 0 when valid; otherwise every problem is printed as
FILE:LINE:COL: message and the exit status is 2. Problems are found in
stages — the TOML itself, then keys, types and values, then references —
and all the problems of the first stage that has any are printed.

With --exposures it also lists every environment variable and stored secret
the collection reads and the hosts each would be sent to: what to review
before running a collection someone else wrote (see keyway run --no-env and
--allow-host).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneForHeadless(checkGCPercent)
			c, err := loadCollection(args[0], env)
			if err != nil {
				return err
			}
			if err := c.Check(&collections.Scope{Env: env}); err != nil {
				return invalid(err)
			}
			fmt.Fprintf(std.out, "%s: ok (%s, %s)\n", args[0], plural(len(c.Requests), "request"), plural(len(c.Profiles), "profile"))
			if exposures {
				writeExposures(std, c, &collections.Scope{Env: env})
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&env, "env", "", "environment to check references in")
	cmd.Flags().BoolVar(&exposures, "exposures", false, "list the environment variables and secrets it reads, and where each would be sent")
	return cmd
}

// plural writes n and noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
