package main

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/collections"
)

// registerTagCompletion completes --tag with the tags of the collection
// collectionOf reads from the command's arguments, each with how many
// requests hold it.
func registerTagCompletion(cmd *cobra.Command, collectionOf func(args []string) (*collections.Collection, error)) {
	_ = cmd.RegisterFlagCompletionFunc("tag", func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		c, err := collectionOf(args)
		if err != nil {
			// A file that does not load completes nothing; `keyway
			// check` says why.
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return tagCompletions(c, toComplete), cobra.ShellCompDirectiveNoFileComp
	})
}

// tagCompletions returns the tags of c that start with prefix, in the
// order they first appear, as "tag\tN requests".
func tagCompletions(c *collections.Collection, prefix string) []cobra.Completion {
	var tags []string
	counts := map[string]int{}
	for _, r := range c.Requests {
		for _, tag := range r.Tags {
			if !strings.HasPrefix(tag, prefix) {
				continue
			}
			if counts[tag]++; counts[tag] == 1 {
				tags = append(tags, tag)
			}
		}
	}
	out := make([]cobra.Completion, 0, len(tags))
	for _, tag := range tags {
		noun := " requests"
		if counts[tag] == 1 {
			noun = " request"
		}
		out = append(out, cobra.CompletionWithDesc(tag, strconv.Itoa(counts[tag])+noun))
	}
	return slices.Clip(out)
}

// fileArgCollection loads the collection named by a command's first
// argument (keyway run FILE), for completion.
func fileArgCollection(args []string) (*collections.Collection, error) {
	if len(args) == 0 {
		return nil, errors.New("no collection named yet")
	}
	return collections.Load(args[0])
}
