package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/run"
)

// A collection is data, but one written by someone else can still send
// the user's environment variables and stored secrets to a host of its
// choosing. `keyway run` is invoked on purpose and does not ask; these are
// the controls CI users have for untrusted input (docs/security.md):
//
//	--no-env            every {{env:…}} and {{secret:…}} is an error (exit 2)
//	--allow-host HOST   such values go to HOST only (repeatable)
//
// Both are checked before anything is sent, as far as the file tells
// where each value goes; a destination known only when sending (a URL
// built from a capture) is checked again then, and that request fails.

// checkOutside applies --no-env and --allow-host to what the selected
// requests read, before anything is sent.
func checkOutside(c *collections.Collection, scope *collections.Scope, sel *run.Selection) error {
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
func exposuresOf(c *collections.Collection, scope *collections.Scope, sel *run.Selection) []collections.Exposure {
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

// writeTransportWarnings warns, on w, about each selected request that
// turns TLS verification off or sends credentials in clear text to a host
// that is not this machine; the run still goes ahead. It returns the
// hosts warned about for clear text, which sendWarnings then leaves out.
func writeTransportWarnings(w io.Writer, c *collections.Collection, scope *collections.Scope, sel *run.Selection) map[string]bool {
	clearHosts := map[string]bool{}
	for _, r := range sel.Requests {
		warnings, hosts := requestWarnings(c, r, scope)
		for _, warning := range warnings {
			fmt.Fprintf(w, "keyway: warning: request %q: %s\n", r.Name, warning)
		}
		for _, h := range hosts {
			clearHosts[h] = true
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

// requestWarnings lists what is unsafe about how r is sent, and the hosts
// its clear-text warnings are about.
func requestWarnings(c *collections.Collection, r *collections.Request, scope *collections.Scope) (out, clearHosts []string) {
	p := c.Profiles[c.ProfileFor(r)]
	if r.Insecure || (p != nil && p.Insecure) {
		out = append(out, "insecure = true: TLS certificates are not verified, so anyone on the path can read or change the exchange")
	}
	if p == nil {
		return out, nil
	}
	if authflow.Type(p.Type).IssuesTokens() {
		if host, clear := clearText(c, p.TokenURL, scope); clear {
			out = append(out, fmt.Sprintf("the token request of profile %q sends the password over plain http to %s, readable by anyone on the network; use https", p.Name, authflow.DisplayHost(host)))
			clearHosts = append(clearHosts, host)
		}
	}
	if host, clear := clearText(c, r.URL, scope); clear {
		what := map[string]string{"basic": "the Basic user-id and password", "bearer": "the bearer token", "apikey": "the API key"}[p.Type]
		if authflow.Type(p.Type).IssuesTokens() {
			what = "the access token"
		}
		out = append(out, fmt.Sprintf("sends %s over plain http to %s, readable by anyone on the network; use https", what, authflow.DisplayHost(host)))
		clearHosts = append(clearHosts, host)
	}
	return out, clearHosts
}

// clearText reports whether a URL template is known to be plain http to a
// host other than this machine (loopback traffic never leaves it).
func clearText(c *collections.Collection, template string, scope *collections.Scope) (string, bool) {
	scheme, host := c.StaticOrigin(template, scope)
	return host, scheme == "http" && !isLoopback(host)
}

// isLoopback reports whether host (name or name:port) is this machine.
func isLoopback(host string) bool {
	name := host
	if n, _, err := net.SplitHostPort(host); err == nil {
		name = n
	}
	name = strings.Trim(strings.ToLower(name), "[]")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
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
