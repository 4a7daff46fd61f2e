package authflow

import (
	"errors"
	"net"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Host names as keyway compares and shows them. A host name in a URL may
// be written in Unicode (an internationalised domain name); what goes on
// the wire, in DNS and in the Host header, is its ASCII form (RFC 5891
// §4.4, "xn--" labels). Go's client converts with the IDNA lookup profile,
// so keyway does too: the host a user is shown, and the host keyway checks
// against --allow-host and bound secrets, is the host the request really
// reaches.

// DisplayHost returns host (a name or name:port) as it should be shown to
// someone deciding whether to trust it: as is when it is ASCII, else
// followed by the ASCII form it is sent as, so that a look-alike such as
// "аpi.example.com" (a Cyrillic а) reads
// "аpi.example.com (xn--pi-6kc.example.com)". A name that has no valid
// ASCII form is marked as such; it cannot be sent.
func DisplayHost(host string) string {
	if isASCII(host) {
		return host
	}
	ascii, err := asciiHost(host)
	if err != nil {
		return host + " (not a valid host name)"
	}
	return host + " (" + ascii + ")"
}

// asciiHost returns the ASCII form (lower case) of host, a name or
// name:port, as Go's client sends it (IDNA lookup profile, UTS #46).
func asciiHost(host string) (string, error) {
	if isASCII(host) {
		return strings.ToLower(host), nil
	}
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		name, port = host, ""
	}
	ascii, err := idna.Lookup.ToASCII(name)
	if err != nil {
		return "", err
	}
	ascii = strings.ToLower(ascii)
	if port != "" {
		ascii = net.JoinHostPort(ascii, port)
	}
	if !isASCII(ascii) {
		return "", errors.New("host has no ASCII form") // a port that is not one
	}
	return ascii, nil
}

// WireHost returns host (a name or name:port) in the ASCII form a request
// to it is sent to, lower case: what a command to copy should name, so
// that a look-alike "аpi.example.com" is written as the
// "xn--pi-6kc.example.com" it really is. A name with no ASCII form is
// returned as is.
func WireHost(host string) string { return wireHost(host) }

// wireHost returns the ASCII form of host for comparison, or host itself
// (lower case) when it has none: such a name matches no pattern but
// itself.
func wireHost(host string) string {
	if ascii, err := asciiHost(host); err == nil {
		return ascii
	}
	return strings.ToLower(host)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// HostAllowed reports whether host (as in a URL: name or name:port) matches
// one of patterns. A pattern is a host name ("api.example.com", matching
// any port), a host and port ("127.0.0.1:8080"), or "*.example.com",
// matching every subdomain of example.com but not example.com itself.
// Names are compared in the ASCII form they are sent as, ignoring case:
// "аpi.example.com" (Cyrillic а) is xn--pi-6kc.example.com, not
// api.example.com.
func HostAllowed(host string, patterns []string) bool {
	name, port := splitHost(wireHost(host))
	for _, p := range patterns {
		p = strings.TrimSpace(p)
		suffix, wildcard := strings.CutPrefix(p, "*.")
		if wildcard {
			p = suffix
		}
		pName, pPort := splitHost(wireHost(p))
		if pPort != "" && pPort != port {
			continue
		}
		if wildcard {
			if strings.HasSuffix(name, "."+pName) {
				return true
			}
			continue
		}
		if pName == name {
			return true
		}
	}
	return false
}

// splitHost splits "name:port" (or "[::1]:port") into lower-case name and
// port; a bare name has no port.
func splitHost(host string) (string, string) {
	host = strings.ToLower(host)
	if name, port, err := net.SplitHostPort(host); err == nil {
		return name, port
	}
	return strings.Trim(host, "[]"), ""
}
