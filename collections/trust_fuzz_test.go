package collections

import (
	"net/url"
	"slices"
	"testing"
)

// FuzzExposures checks the trust analysis on any collection that loads:
// it never panics, names every reference once, and every secret or env
// reference written in a request's fields is listed.
func FuzzExposures(f *testing.F) {
	f.Add(trustCollection, "staging", "base_url=https://x")
	f.Add("[vars]\na = \"{{b}}\"\nb = \"{{a}}\"\n[[request]]\nname = \"r\"\nurl = \"http://{{a}}/\"\n", "", "")
	f.Add("[[request]]\nname = \"r\"\nurl = \"{{env:U}}\"\nheaders = { A = \"{{secret:s}}\" }\n", "", "U=http://h")
	f.Fuzz(func(t *testing.T, src, env, override string) {
		c, err := Parse("fuzz.toml", []byte(src))
		if err != nil {
			return
		}
		name, value, _ := cutVar(override)
		s := &Scope{Env: env, Vars: map[string]string{name: value}}
		list := c.Exposures(s)
		seen := map[string]bool{}
		for _, e := range list {
			if seen[e.Reference()] {
				t.Fatalf("%s listed twice", e.Reference())
			}
			seen[e.Reference()] = true
			if len(e.Hosts) == 0 || len(e.Uses) == 0 || !slices.IsSorted(e.Hosts) {
				t.Fatalf("exposure %+v lacks hosts or uses", e)
			}
		}
		for _, r := range c.Requests {
			for _, ref := range c.outsideRefs(r.URL, s) {
				if !seen[ref.String()] {
					t.Fatalf("%s in the url of %q is not listed", ref, r.Name)
				}
			}
			_ = c.StaticHost(r.URL, s)
		}
	})
}

func cutVar(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '=' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// FuzzHostAllowed checks host matching: a host always matches itself, and
// a wildcard never matches the bare domain.
func FuzzHostAllowed(f *testing.F) {
	f.Add("api.example.com:443", "api.example.com")
	f.Add("a.example.com", "*.example.com")
	f.Add("[::1]:8080", "::1")
	f.Fuzz(func(t *testing.T, host, pattern string) {
		got := HostAllowed(host, []string{pattern})
		if name, ok := stripWildcard(pattern); ok && HostAllowed(name, []string{pattern}) && name != "" {
			t.Fatalf("%q matched its own bare domain %q", pattern, name)
		}
		_ = got
		// A host as a URL carries it matches itself.
		if u, err := url.Parse("http://" + host + "/"); err == nil && u.Host == host && host != "" && !HostAllowed(host, []string{host}) {
			t.Fatalf("%q does not match itself", host)
		}
	})
}

func stripWildcard(p string) (string, bool) {
	if len(p) > 2 && p[:2] == "*." {
		return p[2:], true
	}
	return "", false
}
