package authflow

import (
	"strings"
	"testing"
)

// FuzzDisplayHost checks that any host from a URL is shown as itself,
// followed for a non-ASCII name by an ASCII form, and that a host always
// matches itself as a pattern.
func FuzzDisplayHost(f *testing.F) {
	for _, seed := range []string{"api.example.com", "аpi.example.com:8443", "ａｐｉ.example.com", "[::1]:80", "bücher.example", "\u202e", "xn--", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, host string) {
		shown := DisplayHost(host)
		if !strings.HasPrefix(shown, host) {
			t.Fatalf("DisplayHost(%q) = %q, does not start with the host", host, shown)
		}
		if rest := strings.TrimPrefix(shown, host); rest != "" && !isASCII(rest) && !strings.HasSuffix(rest, "(not a valid host name)") {
			t.Fatalf("DisplayHost(%q) = %q: the added form is not ASCII", host, shown)
		}
		// Patterns are trimmed (they come from flags); hosts from URLs have no spaces.
		if host != "" && host == strings.TrimSpace(host) && !strings.HasPrefix(host, "*.") && !HostAllowed(host, []string{host}) {
			t.Fatalf("%q does not match itself", host)
		}
	})
}
