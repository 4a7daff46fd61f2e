package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// preview is a request as it will be sent, resolved for display: secrets
// masked, and where a reference cannot be resolved, the request as written
// with the reason.
type preview struct {
	method, url string
	profile     string // "name (type)" or "none"
	headers     []collections.KV
	body        string
	insecure    bool
	err         error
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
	prompt := scope.Prompt
	scope.Prompt = func(label string) (string, error) {
		if _, err := prompt(label); err != nil {
			return "‹asked when sent›", nil
		}
		return authflow.Mask, nil
	}
	p := preview{method: r.Method, url: r.URL, headers: r.Headers, body: r.Body}
	if p.method == "" {
		p.method = "GET"
	}
	p.profile = profileLabel(c.coll, r)
	p.insecure = r.Insecure
	if name := c.coll.ProfileFor(r); name != "" && c.coll.Profiles[name] != nil {
		p.insecure = p.insecure || c.coll.Profiles[name].Insecure
	}
	prep, err := c.engine.Prepare(c.coll, r, &scope)
	if err != nil {
		p.err = err
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
	return p
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
	out = append(out, st.MethodStyle(p.method).Render(printableLine(p.method))+" "+printableLine(p.url))
	out = append(out, st.Muted.Render("profile ")+printableLine(p.profile))
	if p.insecure {
		// product.md: TLS is verified unless insecure = true, "which the UI
		// then shows".
		out = append(out, st.Warn.Render("insecure = true: TLS certificates are NOT verified"))
	}
	if p.err != nil {
		msg := "Cannot resolve: " + p.err.Error()
		var need *promptNeededError
		if errors.As(p.err, &need) {
			msg = "Asks for a value when sent: " + need.Error()
		}
		out = append(out, errorLines(st, msg, width)...)
		out = append(out, st.Muted.Render("Fix the collection or press v to choose another environment."))
	}
	for _, h := range p.headers {
		out = append(out, st.Key.Render(printableLine(h.Key))+": "+printableLine(h.Value))
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
