package collections

import "iter"

// The one list of the fields of a request and of a profile whose values
// may hold {{…}} references. Everything that reads references walks it:
// Check (are they defined?), Exposures and the --allow-host checks (which
// outside values go where?), Prepare (resolve them), the TUI's question
// whether a request lacks a value, and the run's ordering of requests by
// the captures they need. A field added here is checked, exposed and sent
// alike; TestTemplateFieldsListEveryField fails when a field of Request or
// Profile is in none of these lists nor among the literal ones.

// Groups of request template fields, as messages name them.
const (
	fieldURL       = "url"
	fieldQuery     = "query"
	fieldHeaders   = "headers"
	fieldBody      = "body"
	fieldJSON      = "json"
	fieldForm      = "form"
	fieldMultipart = "multipart"
)

// templateField is one value that may hold references: a request's url,
// one header, one query or form pair, one multipart text field, its body,
// its json body as a whole, or one of a profile's fields.
type templateField struct {
	// group is a request's field group (fieldURL, fieldHeaders …) or a
	// profile's key ("username", "token_url", "scopes" …).
	group string
	// name is the entry of a table (a header's or a pair's name); "" for
	// a field that is not a table's.
	name string
	// value is the template as written; for fieldJSON, json holds the
	// decoded value, whose strings are the templates (jsonStrings).
	value string
	json  any
}

// key names the field as messages and positions do: "url",
// "headers.Accept", "scopes". It is built only when needed: most fields of
// most requests have no problem to report.
func (f templateField) key() string {
	// A profile's params are named as a group, as its scopes are.
	if f.name == "" || f.group == "params" {
		return f.group
	}
	return f.group + "." + f.name
}

// templates yields every field of r that may hold references, in the
// order Prepare resolves them: the url, the query pairs, the headers,
// then the body's (body, json, form pairs or multipart text fields; a
// request has at most one of them). Names (header names, pair names,
// table keys of json) are literal.
func (r *Request) templates(yield func(templateField) bool) {
	if !yield(templateField{group: fieldURL, value: r.URL}) {
		return
	}
	for _, kv := range r.Query {
		if !yield(templateField{group: fieldQuery, name: kv.Key, value: kv.Value}) {
			return
		}
	}
	for _, kv := range r.Headers {
		if !yield(templateField{group: fieldHeaders, name: kv.Key, value: kv.Value}) {
			return
		}
	}
	if r.Body != "" && !yield(templateField{group: fieldBody, value: r.Body}) {
		return
	}
	// HasJSON says a json body is sent; a Request built by hand may hold
	// JSON without it, whose references are still found.
	if (r.HasJSON || r.JSON != nil) && !yield(templateField{group: fieldJSON, json: r.JSON}) {
		return
	}
	for _, kv := range r.Form {
		if !yield(templateField{group: fieldForm, name: kv.Key, value: kv.Value}) {
			return
		}
	}
	// A multipart file's path is literal, like body_file (it is checked
	// at load and read only from the collection's folder unless trusted).
	for _, p := range r.Multipart {
		if p.File == "" && !yield(templateField{group: fieldMultipart, name: p.Name, value: p.Value}) {
			return
		}
	}
}

// templateStrings yields each template string of f: its value, or every
// string of a json body in key order (the same order, and so the same
// first error, on every run).
func (f templateField) templateStrings(yield func(string) bool) {
	if f.group != fieldJSON {
		yield(f.value)
		return
	}
	for _, s := range jsonStrings(f.json, nil) {
		if !yield(s) {
			return
		}
	}
}

// templates yields every field of p that may hold references, each key
// as the file writes it, in the order Prepare resolves them (and so asks
// for {{prompt}}s). A profile holds only its type's keys (the
// decoder refuses the others), so the fields of other types are empty.
// Its in, client_auth, pkce, assertion_alg and assertion_key are literal:
// closed sets of values, or a path checked at load.
func (p *Profile) templates(yield func(templateField) bool) {
	for _, f := range [...]templateField{
		{group: "username", value: p.Username}, {group: "password", value: p.Password}, {group: "token", value: p.Token},
		{group: "name", value: p.KeyName}, {group: "value", value: p.Value},
		{group: "token_url", value: p.TokenURL}, {group: "issuer", value: p.Issuer}, {group: "authorize_url", value: p.AuthorizeURL},
		{group: "device_authorization_url", value: p.DeviceAuthorizationURL}, {group: "revocation_url", value: p.RevocationURL},
		{group: "introspection_url", value: p.IntrospectionURL}, {group: "redirect_uri", value: p.RedirectURI},
		{group: "client_id", value: p.ClientID}, {group: "client_secret", value: p.ClientSecret}, {group: "assertion_kid", value: p.AssertionKID},
	} {
		// An empty field holds no reference; each scope and parameter,
		// empty or not, is yielded (an empty scope is refused later).
		if f.value != "" && !yield(f) {
			return
		}
	}
	for _, s := range p.Scopes {
		if !yield(templateField{group: "scopes", value: s}) {
			return
		}
	}
	for _, kv := range p.Params {
		if !yield(templateField{group: "params", name: kv.Key, value: kv.Value}) {
			return
		}
	}
}

// Templates yields each field of r that may hold references: its group
// ("url", "query", "headers", "body", "json", "form" or "multipart") and
// the template, once per string of a json body. It is the list Check,
// Exposures and Prepare walk, for a caller outside this package that must
// find every reference (the run's ordering by captures).
func (r *Request) Templates() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for f := range r.templates {
			for value := range f.templateStrings {
				if !yield(f.group, value) {
					return
				}
			}
		}
	}
}

// Templates yields each field of p that may hold references: its key as
// the file writes it ("username", "token_url", "scopes" …) and the
// template.
func (p *Profile) Templates() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for f := range p.templates {
			if !yield(f.group, f.value) {
				return
			}
		}
	}
}
