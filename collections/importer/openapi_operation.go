package importer

import (
	"fmt"
	"strconv"
	"strings"

	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/keyway-cli/keyway/authflow"
)

// operations makes a request of every operation, paths in the document's
// order and, within a path, methods in the order OpenAPI lists them.
func (o *oaImport) operations() {
	if o.doc.Paths == nil || o.doc.Paths.PathItems == nil {
		o.c.Notes = append(o.c.Notes, "The document has no paths: no request was made.")
		return
	}
	n := 0
	for path, item := range o.doc.Paths.PathItems.FromOldest() {
		if item == nil {
			continue
		}
		for _, m := range []struct {
			method string
			op     *v3.Operation
		}{{"GET", item.Get}, {"PUT", item.Put}, {"POST", item.Post}, {"DELETE", item.Delete}, {"OPTIONS", item.Options}, {"HEAD", item.Head}, {"PATCH", item.Patch}, {"TRACE", item.Trace}} {
			if m.op == nil {
				continue
			}
			if n == openAPIMaxOperations {
				o.c.Unmapped = append(o.c.Unmapped, fmt.Sprintf("the operations after the first %d (keyway imports at most that many)", openAPIMaxOperations))
				return
			}
			n++
			o.operation(path, m.method, item, m.op)
		}
	}
}

func (o *oaImport) operation(path, method string, item *v3.PathItem, op *v3.Operation) {
	r := &Request{Method: method}
	r.Name = strings.TrimSpace(op.Summary)
	if r.Name == "" {
		r.Name = op.OperationId
	}
	if r.Name == "" {
		r.Name = method + " " + path
	}
	if len(op.Tags) > 0 {
		r.Folder = op.Tags[0]
	}
	if op.OperationId != "" && op.OperationId != r.Name {
		r.Notes = append(r.Notes, "operationId: "+op.OperationId)
	}
	r.Notes = append(r.Notes, firstLines(op.Description, 6)...)
	if op.Deprecated != nil && *op.Deprecated {
		r.Notes = append(r.Notes, "Deprecated in the document.")
	}
	base := "{{base_url}}"
	if len(op.Servers) > 0 || len(item.Servers) > 0 {
		r.Notes = append(r.Notes, "The document gives this operation servers of its own; base_url is the document's.")
	}
	if strings.Contains(path, "{{") || strings.Contains(path, "}}") {
		o.c.Unmapped = append(o.c.Unmapped, fmt.Sprintf("operation %s %s: its path holds \"{{\" or \"}}\", which no URL template has; left out", method, path))
		return
	}
	r.URL = base + serverVariable().ReplaceAllStringFunc(path, func(m string) string {
		return "{{" + VarName(m[1:len(m)-1]) + "}}"
	})
	if !sendableURL(strings.Replace(r.URL, "{{base_url}}", "http://h", 1)) {
		o.c.Unmapped = append(o.c.Unmapped, fmt.Sprintf("operation %s %s: its path cannot be part of a URL; left out", method, path))
		return
	}
	var optional []string
	for _, p := range parameters(item.Parameters, op.Parameters) {
		value, has := o.parameterExample(p)
		required := p.Required != nil && *p.Required
		switch p.In {
		case "path":
			o.addVar(VarName(p.Name), literal(value), summaryLine(p.Description))
		case "query":
			if !required && !has {
				optional = append(optional, p.Name)
				continue
			}
			r.Query = append(r.Query, KV{Key: p.Name, Value: literal(value)})
		case "header":
			if !required && !has || !authflow.ValidToken(p.Name) || strings.ContainsFunc(value, isControl) {
				optional = append(optional, p.Name+" (header)")
				continue
			}
			r.Headers = append(r.Headers, KV{Key: p.Name, Value: literal(value)})
		case "cookie":
			if required || has {
				r.Unmapped = append(r.Unmapped, fmt.Sprintf("its cookie %s: add a Cookie header if the API needs it", p.Name))
			}
		}
	}
	if len(optional) > 0 {
		r.Notes = append(r.Notes, "Optional parameters left out: "+strings.Join(optional, ", ")+".")
	}
	o.requestBody(r, op.RequestBody)
	if op.Responses != nil && op.Responses.Codes != nil {
		for code := range op.Responses.Codes.FromOldest() {
			if n, err := strconv.Atoi(code); err == nil && n >= 200 && n < 300 {
				r.Status = n
				break
			}
		}
	}
	if op.Security != nil {
		ref, ok := o.securityProfile(op.Security, &r.Unmapped)
		if ok && ref != o.c.DefaultProfile {
			r.Profile = ref
			if ref == "none" && o.c.DefaultProfile == "" {
				r.Profile = ""
			}
		}
	}
	// A credential parameter's example (an Authorization header, an
	// api_key) may be a real key someone pasted into the document.
	o.c.credentialsInPlace(r, hostOf(o.c.expandVars(r.URL)))
	o.c.Requests = append(o.c.Requests, r)
}

func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// literal makes an example value safe to write: it is data, never a
// reference.
func literal(s string) string {
	out, _ := literalText(s)
	if strings.Contains(out, "{{") {
		return strings.ReplaceAll(out, "{{", "{ {")
	}
	return out
}

// parameters merges a path's parameters with an operation's, which
// override those of the same name and place (OpenAPI 3, Operation Object).
func parameters(pathLevel, opLevel []*v3.Parameter) []*v3.Parameter {
	var out []*v3.Parameter
	for _, p := range pathLevel {
		if p == nil {
			continue
		}
		overridden := false
		for _, q := range opLevel {
			if q != nil && q.Name == p.Name && q.In == p.In {
				overridden = true
			}
		}
		if !overridden {
			out = append(out, p)
		}
	}
	for _, q := range opLevel {
		if q != nil {
			out = append(out, q)
		}
	}
	return out
}

// parameterExample is a parameter's example as text: its example, its
// first named example, or its schema's; has reports one was given.
func (o *oaImport) parameterExample(p *v3.Parameter) (string, bool) {
	if p.Example != nil {
		return scalarText(nodeValue(p.Example, 0)), true
	}
	if p.Examples != nil {
		for _, ex := range p.Examples.FromOldest() {
			if ex != nil && ex.Value != nil {
				return scalarText(nodeValue(ex.Value, 0)), true
			}
		}
	}
	if p.Schema != nil {
		if s := p.Schema.Schema(); s != nil {
			if v, ok := schemaExample(s); ok {
				return scalarText(v), true
			}
		}
		return scalarText(newInstance().of(p.Schema, 0)), false
	}
	return "", false
}

// scalarText writes a value as a parameter carries it: a string as it
// is, anything else as JSON (an array's items joined by commas, the
// default form style).
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalarText(e)
		}
		return strings.Join(parts, ",")
	}
	return string(marshalJSON(v, ""))
}

// mediaPreference orders the body types keyway can send best.
func mediaPreference(ct string) int {
	ct = strings.ToLower(ct)
	switch {
	case ct == "application/json" || strings.HasSuffix(ct, "+json"):
		return 0
	case ct == "application/x-www-form-urlencoded":
		return 1
	case ct == "multipart/form-data":
		return 2
	case strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "xml"):
		return 3
	}
	return 4
}

func (o *oaImport) requestBody(r *Request, body *v3.RequestBody) {
	if body == nil || body.Content == nil {
		return
	}
	var ct string
	var mt *v3.MediaType
	for c, m := range body.Content.FromOldest() {
		if mt == nil || mediaPreference(c) < mediaPreference(ct) {
			ct, mt = c, m
		}
	}
	if mt == nil {
		return
	}
	value, _ := mediaExample(mt)
	switch pref := mediaPreference(ct); {
	case pref == 0:
		r.Body = literal(string(marshalJSON(value, "  ")))
		r.Headers = append(r.Headers, KV{Key: "Content-Type", Value: ct})
	case pref == 1 || pref == 2:
		obj, _ := value.(object)
		for _, f := range obj {
			if pref == 1 {
				r.Form = append(r.Form, KV{Key: f.key, Value: literal(scalarText(f.value))})
			} else {
				r.Multipart = append(r.Multipart, Part{Name: f.key, Value: literal(scalarText(f.value))})
			}
		}
	case pref == 3:
		if s, ok := value.(string); ok {
			r.Body = literal(s)
		} else if value != nil {
			r.Body = literal(scalarText(value))
		}
		if r.Body != "" {
			r.Headers = append(r.Headers, KV{Key: "Content-Type", Value: ct})
		}
	default:
		r.Unmapped = append(r.Unmapped, fmt.Sprintf("its %s body (keyway writes no example of that type)", ct))
	}
	if body.Content.Len() > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("The operation also takes other body types; this is the %s one.", ct))
	}
}
