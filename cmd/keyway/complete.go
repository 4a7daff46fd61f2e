package main

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// Shell completion of the names inside a collection. The scripts of
// `keyway completion SHELL` call keyway's hidden __complete command, which
// asks these functions for the names a flag takes, read from the collection
// named on the command line; each shell quotes what it inserts, so names
// with spaces complete as one word.

// nameCompletions lists each flag that takes a name from a collection: the
// command (by its path below the root, "" for the root, which opens the
// TUI), the flag, and the names it takes.
var nameCompletions = []struct {
	command string
	flag    string
	names   func(*collections.Collection) []string
}{
	{"", "env", envNames},
	{"run", "env", envNames},
	{"run", "only", requestAndFolderNames},
	{"check", "env", envNames},
	{"flow", "env", envNames},
	{"flow", "profile", profileNames},
	{"flow", "request", requestNames},
	{"login", "profile", interactiveProfileNames},
	{"login", "env", envNames},
	{"logout", "profile", interactiveProfileNames},
	{"logout", "env", envNames},
	{"demo", "only", requestAndFolderNames},
}

// registerNameCompletions attaches the name completions to root's commands.
func registerNameCompletions(root *cobra.Command) {
	for _, nc := range nameCompletions {
		cmd := root
		if nc.command != "" {
			cmd, _, _ = root.Find(strings.Fields(nc.command))
		}
		source := collectionOfArgs
		if cmd.Name() == "demo" {
			source = func([]string) (*collections.Collection, error) { return demoCollection() }
		}
		// An error means a flag listed here does not exist; the test of
		// every entry catches that.
		_ = cmd.RegisterFlagCompletionFunc(nc.flag, completeNames(source, nc.names))
	}
}

// collectionOfArgs loads the collection a command's arguments name: the
// first argument, or keyway.toml in this folder when there is none (as
// `keyway` does).
func collectionOfArgs(args []string) (*collections.Collection, error) {
	path, err := collectionArg(args)
	if err != nil {
		return nil, err
	}
	return collections.Load(path)
}

// completeNames completes a flag's value with names from a collection. A
// collection that cannot be loaded gives no names — a shell has nowhere to
// show why — and never file names, which the flag does not take.
func completeNames(source func([]string) (*collections.Collection, error), names func(*collections.Collection) []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		c, err := source(args)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, name := range names(c) {
			name, description, _ := strings.Cut(name, "\t")
			// One completion a line, a tab before its description: a name
			// holding either cannot be offered.
			if strings.HasPrefix(name, toComplete) && !strings.ContainsFunc(name, isControl) {
				out = append(out, cobra.CompletionWithDesc(name, description))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func envNames(c *collections.Collection) []string { return c.EnvNames }

// profileNames lists the profiles, each with its type as the description
// zsh and fish show beside it.
func profileNames(c *collections.Collection) []string {
	out := make([]string, 0, len(c.ProfileNames))
	for _, name := range c.ProfileNames {
		out = append(out, name+"\t"+c.Profiles[name].Type)
	}
	return out
}

// interactiveProfileNames are the profiles keyway login takes.
func interactiveProfileNames(c *collections.Collection) []string {
	var out []string
	for _, name := range c.ProfileNames {
		if t := c.Profiles[name].Type; authflow.Type(t).Interactive() {
			out = append(out, name+"\t"+t)
		}
	}
	return out
}

func requestNames(c *collections.Collection) []string {
	out := make([]string, 0, len(c.Requests))
	for _, r := range c.Requests {
		out = append(out, r.Name)
	}
	return out
}

// requestAndFolderNames lists what --only selects: the requests, then the
// folders, each name once.
func requestAndFolderNames(c *collections.Collection) []string {
	out := requestNames(c)
	for _, r := range c.Requests {
		if r.Folder != "" && !slices.Contains(out, r.Folder) {
			out = append(out, r.Folder)
		}
	}
	return out
}
