package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections/run"
)

// registerSelection adds the flags that pick a run's requests beyond
// --only: --tag and --shard.
func (f *runFlags) registerSelection(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.tags, "tag", nil, "run only the requests with this tag (repeatable: any of them; with --only, both must hold)")
	fl.StringVar(&f.shard, "shard", "", "run the I-th of N shards of the selected requests, as I/N (such as 2/3), or auto to read the CI's job index")
}

// shardOf reads --shard: I/N, or auto for the CI's own variables (what
// it found is said on stderr, so a CI log shows which shard ran and why).
func (f *runFlags) shardOf(std stdio) (run.Shard, error) {
	switch f.shard {
	case "":
		return run.Shard{}, nil
	case "auto":
		shard, note, err := run.ShardFromCI(os.LookupEnv)
		if err != nil {
			return run.Shard{}, err
		}
		fmt.Fprintf(std.err, "keyway: %s\n", note)
		return shard, nil
	}
	return run.ParseShard(f.shard)
}
