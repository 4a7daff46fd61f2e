package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// writeTransportWarnings warns, on w, about each selected request that
// turns TLS verification off or sends credentials in clear text to a host
// that is not this machine (run.Plan.Warnings); the run still goes ahead.
// It returns the hosts warned about for clear text, which sendWarnings
// then leaves out.
func writeTransportWarnings(w io.Writer, warnings []run.Warning) map[string]bool {
	clearHosts := map[string]bool{}
	for _, warning := range warnings {
		fmt.Fprintf(w, "keyway: warning: request %q: %s\n", warning.Request, warning.Text)
		if warning.ClearHost != "" {
			clearHosts[warning.ClearHost] = true
		}
	}
	return clearHosts
}

// sendWarnings warns, on w, about what a request's send found unsafe
// that the file did not tell before the run — credentials over plain http
// to a host known only when the URL was built (from {{env:…}} or a
// capture) — once per host: warned holds the hosts already warned about.
func sendWarnings(w io.Writer, name string, flow *authflow.Flow, warned map[string]bool) {
	if flow == nil {
		return
	}
	for _, warning := range flow.Warnings {
		host := strings.ToLower(warning.Host)
		if warned[host] {
			continue
		}
		warned[host] = true
		fmt.Fprintln(w, authflow.Printable(fmt.Sprintf("keyway: warning: request %q: %s", name, warning.Text)))
	}
}

// writeExposures prints what the collection reads from outside the file
// and where each value would go, one reference per line.
func writeExposures(std stdio, c *collections.Collection, scope *collections.Scope) {
	list := c.Exposures(scope)
	if len(list) == 0 {
		fmt.Fprintln(std.out, "reads no environment variable or secret")
		return
	}
	for _, e := range list {
		line := fmt.Sprintf("%s → %s (%s)", e.Reference(), showHosts(e.Hosts), strings.Join(e.Uses, "; "))
		line += tokenDestinations(e)
		// The names come from the file: clean them for the terminal.
		fmt.Fprintln(std.out, authflow.Printable(line))
	}
}

// tokenDestinations says where the access tokens bought with e go, such
// as `, and its access token → api.example.com (request "Who am I")`, or
// "" when e buys none.
func tokenDestinations(e collections.Exposure) string {
	var out strings.Builder
	profiles := 0
	for i, t := range e.Tokens {
		if i == 0 || t.Profile != e.Tokens[i-1].Profile {
			profiles++
		}
	}
	for i, t := range e.Tokens {
		if i == 0 || t.Profile != e.Tokens[i-1].Profile {
			whose := "its access token"
			if profiles > 1 {
				whose = fmt.Sprintf("the access token of profile %q", t.Profile)
			}
			out.WriteString(", and " + whose + " → ")
		} else {
			out.WriteString(", ")
		}
		uses := strings.Join(t.Uses, "; ")
		if uses == "" {
			uses = "no request uses the profile; keyway flow or the TUI may pair it with any"
		}
		fmt.Fprintf(&out, "%s (%s)", authflow.DisplayHost(t.Host), uses)
	}
	return out.String()
}

// showHosts joins hosts as they should be shown to decide trust: a
// non-ASCII name with the ASCII form it is sent as.
func showHosts(hosts []string) string {
	shown := make([]string, len(hosts))
	for i, h := range hosts {
		shown[i] = authflow.DisplayHost(h)
	}
	return strings.Join(shown, ", ")
}
