package importer

import (
	"bytes"
	"encoding/json"
	"strings"
)

// This file holds the parts of a Postman collection export (format v2.1,
// and v2.0, which differs in how auth parameters are written) and of a
// Postman environment export that keyway reads. The format is described
// by https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json.
// Several fields take more than one shape (a URL is a string or an
// object, a description a string or an object); their UnmarshalJSON
// methods accept each shape and refuse anything else with its position.

// pmCollection is a collection export's root.
type pmCollection struct {
	Info     pmInfo       `json:"info"`
	Item     []pmItem     `json:"item"`
	Auth     *pmAuth      `json:"auth"`
	Event    []pmEvent    `json:"event"`
	Variable []pmVariable `json:"variable"`

	// A collection v1 export has these at its root instead of item.
	V1Requests json.RawMessage `json:"requests"`
	V1Order    json.RawMessage `json:"order"`
}

type pmInfo struct {
	Name        string        `json:"name"`
	Description pmDescription `json:"description"`
	Schema      string        `json:"schema"`
}

// pmItem is a folder (Item non-nil, possibly empty) or a request.
type pmItem struct {
	Name        string        `json:"name"`
	Description pmDescription `json:"description"`
	Item        []pmItem      `json:"item"`
	Request     *pmRequest    `json:"request"`
	Auth        *pmAuth       `json:"auth"`
	Event       []pmEvent     `json:"event"`
	Variable    []pmVariable  `json:"variable"`
}

func (it *pmItem) isFolder() bool { return it.Item != nil || it.Request == nil }

type pmRequest struct {
	Method      string        `json:"method"`
	Header      pmHeaders     `json:"header"`
	Body        *pmBody       `json:"body"`
	URL         pmURL         `json:"url"`
	Auth        *pmAuth       `json:"auth"`
	Description pmDescription `json:"description"`
}

// UnmarshalJSON takes a request object, or a string that is its URL (a GET).
func (r *pmRequest) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		var u string
		if err := unmarshalPart(raw, &u, "request"); err != nil {
			return err
		}
		*r = pmRequest{URL: pmURL{Raw: u}}
		return nil
	case "object":
		type plain pmRequest
		return unmarshalPart(raw, (*plain)(r), "request")
	}
	return shapeError(raw, "request", "an object or a URL string")
}

// pmURL is a request's URL: Postman keeps both the text as typed (Raw)
// and its parts; the query's parts carry the disabled flag, which Raw
// does not show.
type pmURL struct {
	Raw      string       `json:"raw"`
	Protocol string       `json:"protocol"`
	Host     pmStrings    `json:"host"`
	Port     string       `json:"port"`
	Path     pmPath       `json:"path"`
	Query    []pmQuery    `json:"query"`
	Variable []pmVariable `json:"variable"`
	Hash     string       `json:"hash"`
}

// UnmarshalJSON takes a URL object or a URL string.
func (u *pmURL) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		*u = pmURL{}
		return unmarshalPart(raw, &u.Raw, "url")
	case "object":
		type plain pmURL
		return unmarshalPart(raw, (*plain)(u), "url")
	case "null":
		return nil
	}
	return shapeError(raw, "url", "an object or a string")
}

// pmStrings is a string or an array of strings (a URL's host: "api.example.com"
// or ["api", "example", "com"]).
type pmStrings []string

// UnmarshalJSON takes a string or an array of strings.
func (s *pmStrings) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		var one string
		if err := unmarshalPart(raw, &one, "host"); err != nil {
			return err
		}
		*s = pmStrings{one}
		return nil
	case "array":
		return unmarshalPart(raw, (*[]string)(s), "host")
	case "null":
		return nil
	}
	return shapeError(raw, "host", "a string or an array of strings")
}

// pmPath is a URL's path: a string, or segments each a string or an
// object {"type": ..., "value": ...}.
type pmPath []string

// UnmarshalJSON takes a path string or an array of segments.
func (p *pmPath) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		var one string
		if err := unmarshalPart(raw, &one, "path"); err != nil {
			return err
		}
		*p = strings.Split(strings.TrimPrefix(one, "/"), "/")
		return nil
	case "array":
		var segs []json.RawMessage
		if err := unmarshalPart(raw, &segs, "path"); err != nil {
			return err
		}
		*p = nil
		for _, seg := range segs {
			switch kindOf(seg) {
			case "string":
				var s string
				if err := unmarshalPart(seg, &s, "path"); err != nil {
					return err
				}
				*p = append(*p, s)
			case "object":
				var obj struct {
					Value string `json:"value"`
				}
				if err := unmarshalPart(seg, &obj, "path"); err != nil {
					return err
				}
				*p = append(*p, obj.Value)
			default:
				return shapeError(seg, "path", "a string or an object")
			}
		}
		return nil
	case "null":
		return nil
	}
	return shapeError(raw, "path", "a string or an array")
}

// pmQuery is one query parameter. A nil Value is a parameter without
// "=" (?flag).
type pmQuery struct {
	Key      *string `json:"key"`
	Value    *string `json:"value"`
	Disabled bool    `json:"disabled"`
}

// pmVariable is a collection, folder or URL-path variable.
type pmVariable struct {
	Key      string        `json:"key"`
	ID       string        `json:"id"`
	Value    pmScalar      `json:"value"`
	Type     string        `json:"type"`
	Disabled bool          `json:"disabled"`
	Desc     pmDescription `json:"description"`
}

// name is the variable's key, or its id in old exports that have no key.
func (v pmVariable) name() string {
	if v.Key != "" {
		return v.Key
	}
	return v.ID
}

// pmScalar is a value Postman stores as a string but exports sometimes
// as a number or a boolean; it is kept as its text.
type pmScalar string

// UnmarshalJSON takes a string, number, boolean or null.
func (s *pmScalar) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		return unmarshalPart(raw, (*string)(s), "value")
	case "number", "bool":
		*s = pmScalar(bytes.TrimSpace(raw))
		return nil
	case "null":
		*s = ""
		return nil
	}
	// An object or array value (Postman's "any" type): kept as its JSON.
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return err
	}
	*s = pmScalar(buf.String())
	return nil
}

// pmHeaders is a request's headers: an array of entries, or (old
// exports) one string of "Name: value" lines.
type pmHeaders []pmHeader

type pmHeader struct {
	Key      string   `json:"key"`
	Value    pmScalar `json:"value"`
	Disabled bool     `json:"disabled"`
}

// UnmarshalJSON takes an array of {key, value, disabled} or a string of lines.
func (h *pmHeaders) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "array":
		return unmarshalPart(raw, (*[]pmHeader)(h), "header")
	case "string":
		var text string
		if err := unmarshalPart(raw, &text, "header"); err != nil {
			return err
		}
		*h = nil
		for _, line := range strings.Split(text, "\n") {
			name, value, ok := strings.Cut(strings.TrimRight(line, "\r"), ":")
			if !ok || strings.TrimSpace(name) == "" {
				continue
			}
			*h = append(*h, pmHeader{Key: strings.TrimSpace(name), Value: pmScalar(strings.TrimSpace(value))})
		}
		return nil
	case "null":
		return nil
	}
	return shapeError(raw, "header", "an array or a string")
}

// pmDescription is a description: a string or {"content": ..., "type": ...}.
type pmDescription string

// UnmarshalJSON takes a string, an object with content, or null.
func (d *pmDescription) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		return unmarshalPart(raw, (*string)(d), "description")
	case "object":
		var obj struct {
			Content string `json:"content"`
		}
		if err := unmarshalPart(raw, &obj, "description"); err != nil {
			return err
		}
		*d = pmDescription(obj.Content)
		return nil
	case "null":
		return nil
	}
	return shapeError(raw, "description", "a string or an object")
}

// pmBody is a request body; Mode says which of the other fields holds it.
type pmBody struct {
	Mode       string          `json:"mode"`
	Raw        string          `json:"raw"`
	URLEncoded []pmFormField   `json:"urlencoded"`
	FormData   []pmFormField   `json:"formdata"`
	File       *pmFile         `json:"file"`
	GraphQL    *pmGraphQL      `json:"graphql"`
	Options    json.RawMessage `json:"options"`
	Disabled   bool            `json:"disabled"`
}

// language is the raw body's language as Postman's editor was set
// (json, xml, text, javascript, html), which decides the Content-Type
// Postman adds.
func (b *pmBody) language() string {
	var opts struct {
		Raw struct {
			Language string `json:"language"`
		} `json:"raw"`
	}
	if len(b.Options) == 0 || json.Unmarshal(b.Options, &opts) != nil {
		return ""
	}
	return opts.Raw.Language
}

// pmFormField is a urlencoded or form-data field. A form-data field of
// type "file" names its file(s) in Src.
type pmFormField struct {
	Key         string    `json:"key"`
	Value       pmScalar  `json:"value"`
	Type        string    `json:"type"`
	Src         pmStrings `json:"src"`
	ContentType string    `json:"contentType"`
	Disabled    bool      `json:"disabled"`
}

type pmFile struct {
	Src     string `json:"src"`
	Content string `json:"content"`
}

type pmGraphQL struct {
	Query     string `json:"query"`
	Variables string `json:"variables"`
}

// pmAuth is an auth setting: Type names it, and the parameters are in the
// field of that name. Parameters are [{key, value, type}] in v2.1 and an
// object in v2.0; both decode into Params.
type pmAuth struct {
	Type   string
	Params map[string]string
	// Order keeps the parameters in the order written, for messages.
	Order []string
}

// UnmarshalJSON reads {"type": T, T: params}.
func (a *pmAuth) UnmarshalJSON(raw []byte) error {
	if kindOf(raw) == "null" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := unmarshalPart(raw, &obj, "auth"); err != nil {
		return err
	}
	*a = pmAuth{Params: map[string]string{}}
	if t, ok := obj["type"]; ok {
		if err := unmarshalPart(t, &a.Type, "auth.type"); err != nil {
			return err
		}
	}
	params, ok := obj[a.Type]
	if !ok {
		return nil
	}
	switch kindOf(params) {
	case "array":
		var list []struct {
			Key   string   `json:"key"`
			Value pmScalar `json:"value"`
		}
		if err := unmarshalPart(params, &list, "auth."+a.Type); err != nil {
			return err
		}
		for _, p := range list {
			a.set(p.Key, string(p.Value))
		}
	case "object":
		var m map[string]pmScalar
		if err := unmarshalPart(params, &m, "auth."+a.Type); err != nil {
			return err
		}
		for k, v := range m {
			a.set(k, string(v))
		}
	case "null":
	default:
		return shapeError(params, "auth."+a.Type, "an array or an object")
	}
	return nil
}

func (a *pmAuth) set(key, value string) {
	if _, seen := a.Params[key]; !seen {
		a.Order = append(a.Order, key)
	}
	a.Params[key] = value
}

// pmEvent is a script run before a request ("prerequest") or after it
// ("test"). keyway runs no code from a collection; the scripts are read
// only to say so and to translate the commonest status assertion.
type pmEvent struct {
	Listen string   `json:"listen"`
	Script pmScript `json:"script"`
}

type pmScript struct {
	Exec     pmLines `json:"exec"`
	Disabled bool    `json:"disabled"`
}

// pmLines is a script's source: an array of lines or one string.
type pmLines []string

// UnmarshalJSON takes an array of strings or a string.
func (l *pmLines) UnmarshalJSON(raw []byte) error {
	switch kindOf(raw) {
	case "string":
		var one string
		if err := unmarshalPart(raw, &one, "exec"); err != nil {
			return err
		}
		*l = strings.Split(one, "\n")
		return nil
	case "array":
		return unmarshalPart(raw, (*[]string)(l), "exec")
	case "null":
		return nil
	}
	return shapeError(raw, "exec", "an array of lines or a string")
}

// pmEnvironment is a Postman environment export.
type pmEnvironment struct {
	Name   string         `json:"name"`
	Values []pmEnvValue   `json:"values"`
	Scope  string         `json:"_postman_variable_scope"`
	Info   map[string]any `json:"info"`
}

// pmEnvValue is one environment variable; Type "secret" marks a value
// Postman masks.
type pmEnvValue struct {
	Key     string   `json:"key"`
	Value   pmScalar `json:"value"`
	Type    string   `json:"type"`
	Enabled *bool    `json:"enabled"`
}
