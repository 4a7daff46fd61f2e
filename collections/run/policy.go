package run

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// A collection is data, but one written by someone else can still send
// the user's environment variables and stored secrets to a host of its
// choosing. `keyway run` is invoked on purpose and does not ask; these are
// the controls CI users have for untrusted input (docs/security.md):
//
//	--no-env            every {{env:…}} and {{secret:…}} is an error (exit 2)
//	--allow-host HOST   such values go to HOST only (repeatable)
//
// Both are checked before anything is sent (Options.TrustPolicy), as far
// as the file tells where each value goes; a destination known only when
// sending (a URL built from a capture) is checked again then, by Prepare,
// and that request fails.

// checkOutside applies Scope.NoEnv and Scope.AllowHosts to what the
// selected requests read, before anything is sent.
func checkOutside(c *collections.Collection, scope *collections.Scope, sel *Selection) error {
	if !scope.NoEnv && len(scope.AllowHosts) == 0 {
		return nil
	}
	var problems []string
	for _, e := range exposuresOf(c, scope, sel) {
		if scope.NoEnv {
			problems = append(problems, fmt.Sprintf("%s: %s is read by %s; --no-env turns environment variables and secrets off",
				c.Path, e.Reference(), strings.Join(e.Uses, ", ")))
			continue
		}
		for _, host := range e.Hosts {
			if host != collections.UnknownHost && !collections.HostAllowed(host, scope.AllowHosts) {
				problems = append(problems, fmt.Sprintf("%s: %s would be sent to %s (by %s), which no --allow-host allows",
					c.Path, e.Reference(), authflow.DisplayHost(host), strings.Join(e.Uses, ", ")))
			}
		}
		// A token bought with the value is bound to the same hosts.
		for _, t := range e.Tokens {
			if t.Host != collections.UnknownHost && !collections.HostAllowed(t.Host, scope.AllowHosts) {
				problems = append(problems, fmt.Sprintf("%s: the access token of profile %q, obtained with %s, would be sent to %s (by %s), which no --allow-host allows",
					c.Path, t.Profile, e.Reference(), authflow.DisplayHost(t.Host), strings.Join(t.Uses, ", ")))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New(authflow.Printable(strings.Join(problems, "\n") + "\nnothing was sent"))
}

// exposuresOf returns the collection's exposures restricted to the
// requests the run sends (--only, --tag, --shard).
func exposuresOf(c *collections.Collection, scope *collections.Scope, sel *Selection) []collections.Exposure {
	if len(sel.Requests) == len(c.Requests) {
		return c.Exposures(scope)
	}
	subset := *c
	subset.Requests = sel.Requests
	// Profiles no selected request uses are not walked by a run.
	subset.ProfileNames = nil
	for _, r := range subset.Requests {
		if name := c.ProfileFor(r); name != "" && !slices.Contains(subset.ProfileNames, name) {
			subset.ProfileNames = append(subset.ProfileNames, name)
		}
	}
	return subset.Exposures(scope)
}
