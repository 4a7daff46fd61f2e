package run

import (
	"fmt"
	"net"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// Warning is something unsafe about how a planned request is sent — TLS
// verification turned off, credentials in clear text to another machine —
// that the file tells before the run. The run still goes ahead.
type Warning struct {
	// Request names the request the warning is about.
	Request string
	// Text says what is unsafe, in the words of `keyway run`'s stderr.
	Text string
	// ClearHost, when set, is the host the credentials go to in clear
	// text: a send's own warning about it (authflow.Flow.Warnings) would
	// say it again.
	ClearHost string
}

// Warnings lists, in file order, what is unsafe about how each request of
// the plan is sent.
func (p *Plan) Warnings() []Warning {
	var out []Warning
	for _, r := range p.Selection.Requests {
		out = append(out, requestWarnings(p.c, r, &p.opts.Scope)...)
	}
	return out
}

// requestWarnings lists what is unsafe about how r is sent.
func requestWarnings(c *collections.Collection, r *collections.Request, scope *collections.Scope) []Warning {
	var out []Warning
	p := c.Profiles[c.ProfileFor(r)]
	if r.Insecure || (p != nil && p.Insecure) {
		out = append(out, Warning{Request: r.Name, Text: "insecure = true: TLS certificates are not verified, so anyone on the path can read or change the exchange"})
	}
	if p == nil {
		return out
	}
	if authflow.Type(p.Type).IssuesTokens() {
		if host, clear := clearText(c, p.TokenURL, scope); clear {
			out = append(out, Warning{Request: r.Name, ClearHost: host,
				Text: fmt.Sprintf("the token request of profile %q sends the password over plain http to %s, readable by anyone on the network; use https", p.Name, authflow.DisplayHost(host))})
		}
	}
	if host, clear := clearText(c, r.URL, scope); clear {
		what := map[string]string{"basic": "the Basic user-id and password", "bearer": "the bearer token", "apikey": "the API key"}[p.Type]
		if authflow.Type(p.Type).IssuesTokens() {
			what = "the access token"
		}
		out = append(out, Warning{Request: r.Name, ClearHost: host,
			Text: fmt.Sprintf("sends %s over plain http to %s, readable by anyone on the network; use https", what, authflow.DisplayHost(host))})
	}
	return out
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
