package tui

import (
	"slices"
	"strings"
)

// What an environment changes when --var values are set: a --var wins over
// every environment (docs/collections.md, "Variables"), so switching to an
// environment whose variables are all given with --var changes nothing —
// as in keyway demo, which sets base_url to reach its own API. These say
// so, where the switch is made and in the header, rather than leave a
// switch that seems to do nothing.

// overriddenVars returns, sorted, the variables environment env sets that
// a --var overrides.
func overriddenVars(c *common, env string) []string {
	if c.coll == nil || env == "" {
		return nil
	}
	var out []string
	for name := range c.coll.Envs[env] {
		if _, ok := c.session.vars[name]; ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// envSwitchText is the status after choosing env: what the switch changed,
// and, when a --var wins over it, which variables stay as they were and why.
func envSwitchText(c *common, env string) string {
	if env == "" {
		return "Environment: none (the collection's vars)."
	}
	text := "Environment: " + printableLine(env) + "."
	over := overriddenVars(c, env)
	if len(over) == 0 {
		return text
	}
	names := printableLine(strings.Join(over, ", "))
	why := ", given with --var, which wins over any environment"
	if c.demo {
		why = ", which keyway demo sets with --var to reach its own API; a --var wins over any environment"
	}
	if len(over) == len(c.coll.Envs[env]) {
		return text + " Nothing changes: it sets only " + names + why + "."
	}
	return text + " " + names + " stay as they were" + why + "."
}

// envOverrideNote is the chooser's note on an environment: which of its
// variables --var overrides; "" when none.
func envOverrideNote(c *common, env string) string {
	over := overriddenVars(c, env)
	if len(over) == 0 {
		return ""
	}
	return "--var wins: " + strings.Join(over, ", ")
}
