package tui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// preview is a request as it will be sent, resolved for display: secrets
// masked, and where a reference cannot be resolved, the request as written
// with the reason.
type preview struct {
	// name is the request's name, read here in full: the list is
	// narrow and cuts a long one ("Basic: no creden…").
	name        string
	method, url string
	profile     string // "name (type)" or "none"
	headers     []collections.KV
	body        string
	insecure    bool
	err         error
	// next says what to do about err.
	next string
	// auth is what the profile adds when the request is sent, masked.
	auth string
}

// maskedSecrets answers every {{secret:NAME}} with the mask, so a preview
// never reads the secret store (that is I/O, and Update does none) and never
// shows a secret.
type maskedSecrets struct{}

// Get returns the mask for any name.
func (maskedSecrets) Get(string) (string, error) { return authflow.Mask, nil }

// newPreview resolves r for display with the common scope, except that
// secrets are masked and unanswered prompts shown as such.
func newPreview(c *common, r *collections.Request) preview {
	scope := c.scope()
	scope.Secrets = maskedSecrets{}
	scope.StatFiles = true
	prompt := scope.Prompt
	scope.Prompt = func(label string) (string, error) {
		if _, err := prompt(label); err != nil {
			return "‹asked when sent›", nil
		}
		return authflow.Mask, nil
	}
	p := preview{name: r.Name, method: r.Method, url: r.URL, headers: r.Headers, body: r.Body}
	if p.method == "" {
		p.method = "GET"
	}
	p.profile = profileLabel(c.coll, r)
	if name := c.coll.ProfileFor(r); name != "" {
		p.auth = authLine(c.coll.Profiles[name])
	}
	p.insecure = r.Insecure
	if name := c.coll.ProfileFor(r); name != "" && c.coll.Profiles[name] != nil {
		p.insecure = p.insecure || c.coll.Profiles[name].Insecure
	}
	prep, err := c.engine.Prepare(c.coll, r, &scope)
	if err != nil {
		p.err, p.next = err, nextStep(c, err)
		return p
	}
	red := authflow.NewRedactor(prep.Secrets...)
	p.method = prep.Request.Method
	p.url = red.Redact(prep.Request.URL)
	p.headers = nil
	for name, values := range prep.Request.Header {
		for _, v := range values {
			p.headers = append(p.headers, collections.KV{Key: name, Value: red.Redact(v)})
		}
	}
	sortKVs(p.headers)
	p.body = red.Redact(string(prep.Request.Body))
	if prep.Files != nil {
		// Files are named, with their sizes, not shown.
		p.body = red.Redact(prep.Files.Describe())
	}
	return p
}

// nextStep says what to do about a request that cannot be resolved. An
// undefined variable that another request captures is the common case — the
// demo's {{note_id}} comes from "Create a note" — and the fix is to send
// that request first, not to edit the file.
func nextStep(c *common, err error) string {
	if errors.Is(err, collections.ErrUndefined) && c.coll != nil {
		// collections words the error `undefined variable "NAME"`; it
		// exports no type that names the variable.
		for _, r := range c.coll.Requests {
			for _, kv := range r.Capture {
				if strings.Contains(err.Error(), `undefined variable "`+kv.Key+`"`) {
					return printableLine(kv.Key) + " is captured by " + printableLine(strconv.Quote(r.Name)) +
						": send that request first, or replay its folder."
				}
			}
		}
	}
	return "Fix the collection or press " + c.keys.Global.Env.Help().Key + " to choose another environment."
}

// authLine is what profile p adds to the request when it is sent — the
// credentials are applied by authflow at send time, so the request as
// written does not show them — with the secret masked: a learner sees
// where the credentials go before sending.
func authLine(p *collections.Profile) string {
	if p == nil {
		return ""
	}
	switch authflow.Type(p.Type) {
	case authflow.TypeBasic:
		return "Authorization: Basic " + authflow.Mask + "  (RFC 7617)"
	case authflow.TypeBearer:
		return "Authorization: Bearer " + authflow.Mask + "  (RFC 6750)"
	case authflow.TypeOAuth2Password:
		return "Authorization: Bearer " + authflow.Mask + "  (fetched on send)"
	case authflow.TypeAPIKey:
		name := printableLine(p.KeyName)
		switch p.In {
		case authflow.InQuery:
			return "?" + name + "=" + authflow.Mask + "  (API key in the query)"
		case authflow.InCookie:
			return "Cookie: " + name + "=" + authflow.Mask + "  (API key in a cookie)"
		}
		return name + ": " + authflow.Mask + "  (API key in a header)"
	}
	return ""
}

// profileLabel names the profile r is sent with, and its type.
func profileLabel(coll *collections.Collection, r *collections.Request) string {
	name := r.Profile
	if name == "" && coll != nil {
		name = coll.DefaultProfile
	}
	if name == "" || name == "none" {
		return "none (sent without credentials)"
	}
	if coll != nil {
		if p, ok := coll.Profiles[name]; ok {
			return name + " (" + p.Type + ")"
		}
	}
	return name
}

// lines renders the preview in width cells.
func (p preview) lines(st Styles, width int) []string {
	var out []string
	if p.name != "" {
		for _, l := range strings.Split(wordWrap(printableLine(p.name), width), "\n") {
			out = append(out, st.Bold.Render(l))
		}
	}
	out = append(out, st.MethodStyle(p.method).Render(printableLine(p.method))+" "+printableLine(p.url))
	out = append(out, st.Muted.Render("profile ")+printableLine(p.profile))
	if p.insecure {
		// TLS is verified unless insecure = true, which the UI then shows
		// (docs/security.md §5).
		out = append(out, st.Warn.Render("insecure = true: TLS certificates are NOT verified"))
	}
	if p.err != nil {
		msg := "Cannot resolve: " + p.err.Error()
		var need *promptNeededError
		if errors.As(p.err, &need) {
			msg = "Asks for a value when sent: " + need.Error()
		}
		// What to do first: the pane is short, and the error's detail
		// (file, line, field) matters less than the way out.
		for _, l := range strings.Split(wrapText(p.next, width), "\n") {
			out = append(out, st.Warn.Render(l))
		}
		out = append(out, errorLines(st, msg, width)...)
	}
	for _, h := range p.headers {
		out = append(out, st.Key.Render(printableLine(h.Key))+": "+printableLine(h.Value))
	}
	if p.auth != "" {
		out = append(out, st.Muted.Render(ansi.Truncate(p.auth, width, "…")))
	}
	if p.body != "" {
		out = append(out, "")
		for _, l := range strings.Split(printable(p.body), "\n") {
			out = append(out, ansi.Truncate(l, width, "…"))
		}
	}
	return out
}

// sortKVs sorts headers by name, for a stable display of an http.Header.
func sortKVs(kvs []collections.KV) {
	slices.SortStableFunc(kvs, func(a, b collections.KV) int { return strings.Compare(a.Key, b.Key) })
}
