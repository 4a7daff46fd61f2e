package run

import (
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// credentialCaptures returns the captured variables that the collection
// sends where credentials travel — a header, the query string, a profile's
// field — by any request, directly or through other variables. Their
// values are secrets from the moment they are captured: the login request
// that captures a token has its own result printed before the request
// that sends the token, and a line on stdout cannot be masked afterwards.
// (collections.Prepare also takes a captured value for a secret when a
// request sends it so; that test runs on each resolved request, too late
// for what was printed before.)
//
// The test is on the file, not on a run's selection or order, and errs on
// the side of masking: a capture that any request or profile could send as
// a credential counts. A variable reached only through a variable in the
// URL's path whose definition adds a query is not found here; Prepare
// still finds it when the request is sent.
func credentialCaptures(c *collections.Collection, scope *collections.Scope) map[string]bool {
	capturedNames := map[string]bool{}
	for _, r := range c.Requests {
		for _, kv := range r.Capture {
			capturedNames[kv.Key] = true
		}
	}
	if len(capturedNames) == 0 {
		return nil
	}
	refs := newRefSet(c, scope)
	for _, r := range c.Requests {
		for group, template := range r.Templates() {
			switch group {
			case "headers", "query":
				refs.text(template)
			case "url":
				if _, query, ok := strings.Cut(template, "?"); ok {
					refs.text(query)
				}
			}
		}
	}
	for _, p := range c.Profiles {
		refs.profile(p)
	}
	out := map[string]bool{}
	for _, name := range refs.closure(func(string) bool { return false }) {
		if capturedNames[name] {
			out[name] = true
		}
	}
	return out
}
