package collections

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

var (
	requestKeys = []string{"name", "folder", "method", "url", "profile", "headers", "query", "body", "json", "form", "multipart", "body_file", "timeout", "insecure", "ca_file", "client_cert", "client_key", "expect", "capture", "tags"}
	expectKeys  = []string{"status", "headers", "jq", "max_duration"}
	// bodyKeys are the ways to give a request a body; at most one is set.
	bodyKeys = []string{"body", "json", "form", "multipart", "body_file"}
)

func (d *decoder) decodeRequests(e *tomldoc.Entry) {
	if e.Value.Kind == tomldoc.Table {
		d.errAt(e.KeyOffset, "requests are written [[request]] (with double brackets), one per request")
		return
	}
	if !d.isKind(e, "", "request", tomldoc.Array, "an array of tables, written [[request]]") {
		return
	}
	items := e.Value.Items
	d.c.Requests = make([]*Request, 0, len(items))
	for i, item := range items {
		if item.Kind != tomldoc.Table {
			d.errAt(item.Offset, "request #%d must be a table, not %s", i+1, item.Kind.TypeName())
			continue
		}
		d.c.Requests = append(d.c.Requests, d.decodeRequest(i, item))
	}
}

func (d *decoder) decodeRequest(index int, t *tomldoc.Value) *Request {
	r := &Request{Method: "GET", Pos: d.lines.pos(t.Offset), src: fieldSource{node: t, lines: d.lines}}
	ctx := fmt.Sprintf("request #%d", index+1)
	if e := t.Get("name"); e != nil {
		if name, ok := d.stringOf(e, ctx, "name"); ok {
			r.Name = name
			if strings.TrimSpace(name) == "" {
				d.errAt(e.Value.Offset, "%s: name must not be empty", ctx)
			} else {
				ctx = "request " + strconv.Quote(name)
			}
		}
	} else {
		d.errAt(t.Offset, "%s has no name; add name = \"...\"", ctx)
	}

	var bodies []*tomldoc.Entry
	for _, e := range t.Entries {
		switch e.Key {
		case "name":
		case "folder":
			r.Folder, _ = d.stringOf(e, ctx, e.Key)
		case "method":
			if m, ok := d.stringOf(e, ctx, e.Key); ok {
				if !authflow.ValidToken(m) {
					d.errAt(e.Value.Offset, "%s: method %q is not a valid HTTP method (RFC 9110 §9.1)", ctx, m)
				}
				r.Method = m
			}
		case "url":
			if u, ok := d.stringOf(e, ctx, e.Key); ok {
				r.URL = u
				d.checkLiteral(e.Value.Offset, ctx, "url", u, authflow.CheckURL)
			}
		case "profile":
			r.Profile, _ = d.stringOf(e, ctx, e.Key)
		case "headers":
			r.Headers = d.headerTable(e, r, ctx)
		case "query":
			r.Query = d.templateTable(e, r, ctx)
		case "body":
			bodies = append(bodies, e)
			if b, ok := d.stringOf(e, ctx, e.Key); ok {
				r.Body = b
				d.checkTemplate(e.Value.Offset, ctx, "body", b)
			}
		case "json":
			bodies = append(bodies, e)
			if v, ok := d.jsonValue(e.Value, ctx, "json"); ok {
				r.JSON, r.HasJSON = v, true
			}
		case "form":
			bodies = append(bodies, e)
			r.Form = d.templateTable(e, r, ctx)
		case "multipart":
			bodies = append(bodies, e)
			r.Multipart = d.decodeMultipart(e, ctx)
		case "body_file":
			bodies = append(bodies, e)
			r.BodyFile, _ = d.filePath(e, ctx, e.Key)
		case "timeout":
			r.Timeout, _ = d.durationOf(e, ctx, e.Key)
		case "insecure":
			r.Insecure, _ = d.boolOf(e, ctx, e.Key)
		case "ca_file", "client_cert", "client_key":
			d.tlsField(&r.TLS, ctx, e)
		case "expect":
			d.decodeExpect(e, r, ctx)
		case "capture":
			d.decodeCapture(e, r, ctx)
		case "tags":
			r.Tags = d.decodeTags(e, ctx)
		default:
			d.errAt(e.KeyOffset, "%s", unknownKeyMessage(e.Key, " in "+ctx, requestKeys))
		}
	}
	if t.Get("url") == nil {
		d.errAt(t.Offset, "%s has no url; add url = \"https://...\"", ctx)
	}
	d.checkTLSPair(t, ctx)
	d.checkMultipartHeaders(t, ctx)
	for _, extra := range bodies[min(1, len(bodies)):] {
		d.errAt(extra.KeyOffset, "%s: %s cannot be combined with %s; a request has at most one of %s", ctx, extra.Key, bodies[0].Key, strings.Join(bodyKeys, ", "))
	}
	return r
}

// checkLiteral validates a value that holds no reference now; one that
// does is validated again once resolved.
func (d *decoder) checkLiteral(pos int, ctx, label, s string, check func(string) error) {
	if !d.checkTemplate(pos, ctx, label, s) || hasReferences(s) {
		return
	}
	if err := check(s); err != nil {
		d.errAt2(pos, prefix(ctx)+label+": ", err)
	}
}

// templateTable decodes query or form: names literal, values templates.
func (d *decoder) templateTable(e *tomldoc.Entry, r *Request, ctx string) []KV {
	kvs, positions := d.stringTable(e, ctx, e.Key)
	for i, kv := range kvs {
		if hasReferences(kv.Value) { // the label is built only when needed
			d.checkTemplate(positions[i], ctx, e.Key+"."+kv.Key, kv.Value)
		}
	}
	return kvs
}

// headerTable decodes headers: valid names, values without line breaks.
func (d *decoder) headerTable(e *tomldoc.Entry, r *Request, ctx string) []KV {
	kvs := d.templateTable(e, r, ctx)
	for _, kv := range kvs {
		if err := authflow.CheckHeaderName(kv.Key); err != nil {
			d.errAt2(e.Value.Get(kv.Key).KeyOffset, prefix(ctx)+e.Key+"."+kv.Key+": ", err)
			continue
		}
		if !hasReferences(kv.Value) {
			if err := authflow.CheckHeaderValue(kv.Value); err != nil {
				d.errAt2(e.Value.Get(kv.Key).Value.Offset, fmt.Sprintf("%sheader %q: ", prefix(ctx), kv.Key), err)
			}
		}
	}
	return kvs
}

func (d *decoder) decodeExpect(e *tomldoc.Entry, r *Request, ctx string) {
	if !d.isKind(e, ctx, "expect", tomldoc.Table, "a table, written [request.expect]") {
		return
	}
	for _, f := range e.Value.Entries {
		label := "expect." + f.Key
		switch f.Key {
		case "status":
			if s, ok := d.integerOf(f, ctx, label); ok {
				if s < 100 || s > 599 {
					d.errAt(f.Value.Offset, "%s: %s must be an HTTP status code from 100 to 599, not %d", ctx, label, s)
				} else {
					r.Expect.Status = int(s)
				}
			}
		case "headers":
			kvs, positions := d.stringTable(f, ctx, label)
			for i, kv := range kvs {
				if err := authflow.CheckHeaderName(kv.Key); err != nil {
					d.errAt2(positions[i], prefix(ctx)+label+": ", err)
				}
			}
			r.Expect.Headers = kvs
		case "jq":
			r.Expect.JQ, _ = d.stringArray(f, ctx, label)
		case "max_duration":
			r.Expect.MaxDuration, _ = d.durationOf(f, ctx, label)
		default:
			d.errAt(f.KeyOffset, "%s", unknownKeyMessage(f.Key, " in expect of "+ctx, expectKeys))
		}
	}
}

// decodeCapture reads name = "jq expression" pairs; each name becomes a
// variable for later requests, so it must be usable as {{name}}.
func (d *decoder) decodeCapture(e *tomldoc.Entry, r *Request, ctx string) {
	kvs, _ := d.stringTable(e, ctx, "capture")
	for _, kv := range kvs {
		if !validVariableName(kv.Key) {
			d.errAt(e.Value.Get(kv.Key).KeyOffset, "%s: capture: %q is not a valid variable name (use letters, digits, '_', '-' and '.')", ctx, kv.Key)
			continue
		}
		r.Capture = append(r.Capture, kv)
	}
}

// jsonValue converts a TOML value into the Go value encoding/json writes,
// checking the references in its strings on the way.
func (d *decoder) jsonValue(v *tomldoc.Value, ctx, label string) (any, bool) {
	switch v.Kind {
	case tomldoc.String:
		return v.Str, d.checkTemplate(v.Offset, ctx, label, v.Str)
	case tomldoc.Integer:
		return v.Int, true
	case tomldoc.Bool:
		return v.Bool, true
	case tomldoc.Float:
		f, err := strconv.ParseFloat(strings.ReplaceAll(v.Str, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.errAt(v.Offset, "%s: %s: %s cannot be written in JSON", ctx, label, v.Str)
			return nil, false
		}
		return f, true
	case tomldoc.Array:
		out := make([]any, 0, len(v.Items))
		ok := true
		for i, item := range v.Items {
			x, itemOK := d.jsonValue(item, ctx, fmt.Sprintf("%s[%d]", label, i))
			out, ok = append(out, x), ok && itemOK
		}
		return out, ok
	case tomldoc.Table:
		out := make(map[string]any, len(v.Entries))
		ok := true
		for _, e := range v.Entries {
			x, itemOK := d.jsonValue(e.Value, ctx, label+"."+e.Key)
			out[e.Key], ok = x, ok && itemOK
		}
		return out, ok
	}
	d.errAt(v.Offset, "%s: %s: JSON has no date-time type; write the date as a string", ctx, label)
	return nil, false
}
