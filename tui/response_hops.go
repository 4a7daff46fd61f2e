package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/keyway-cli/keyway/authflow"
)

// Redirect hops: a request that was redirected shows, under its summary,
// each hop it went through — the status, where the Location header sent it
// and whether keyway removed the credentials because the hop left the
// origin (RFC 9110 §15.4; RFC 6454 §4 for the origin). authflow records
// each hop as a step of the flow; the exchange of the step before a
// redirect holds the 3xx answer and its Location.

// redirectHop is one redirect, ready to show: every text already redacted.
type redirectHop struct {
	status   string // "302 Found"
	location string // where it led, as followed
	// dropped reports that credentials were removed before the hop.
	dropped bool
}

// redirectHops reads the hops of a send from its flow, before the flow's
// exchanges are released (newExchange).
func redirectHops(f *authflow.Flow, red *authflow.Redactor) []redirectHop {
	if f == nil {
		return nil
	}
	var hops []redirectHop
	for i := 0; i+1 < len(f.Steps); i++ {
		ex := f.Steps[i].Exchange
		if ex == nil || ex.Response == nil || ex.Response.StatusCode < 300 || ex.Response.StatusCode > 399 {
			continue
		}
		next := f.Steps[i+1]
		request, credentials := "", ""
		for _, fl := range next.Fields {
			switch fl.Label {
			case "request":
				request = fl.Value
			case "credentials":
				credentials = fl.Value
			}
		}
		if credentials == "" {
			continue // not a hop authflow followed
		}
		location := ex.Response.Header.Get("Location")
		if _, url, ok := strings.Cut(request, " "); ok {
			location = url // resolved against the request's URL
		}
		hops = append(hops, redirectHop{
			status:   printableLine(ex.Response.Status),
			location: printableLine(red.Redact(location)),
			dropped:  strings.HasPrefix(credentials, "removed"),
		})
	}
	return hops
}

// hopLines renders the hops, one line each.
func (v responseView) hopLines() []string {
	st := v.c.styles
	var out []string
	for _, h := range v.ex.hops {
		// The location last: cut at the pane's edge, it loses least.
		line := st.Muted.Render("↪ ") + h.status
		if h.dropped {
			line += st.Warn.Render(", credentials removed (another origin)")
		}
		line += st.Muted.Render(" → ") + h.location
		out = append(out, ansi.Truncate(line, v.width, "…"))
	}
	return out
}
