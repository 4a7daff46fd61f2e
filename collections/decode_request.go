package collections

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

var (
	requestKeys = []string{"name", "folder", "method", "url", "profile", "headers", "query", "body", "json", "form", "multipart", "body_file", "timeout", "insecure", "ca_file", "client_cert", "client_key", "expect", "capture", "tags"}
	expectKeys  = []string{"status", "headers", "jq", "max_duration"}
	// bodyKeys are the ways to give a request a body; at most one is set.
	bodyKeys = []string{"body", "json", "form", "multipart", "body_file"}
)

func (d *decoder) decodeRequests(e *tomlEntry) {
	if e.value.kind == kindTable {
		d.errAt(e.keyPos, "requests are written [[request]] (with double brackets), one per request")
		return
	}
	if !d.isKind(e, "", "request", kindArray, "an array of tables, written [[request]]") {
		return
	}
	items := e.value.items
	d.c.Requests = make([]*Request, 0, len(items))
	for i, item := range items {
		if item.kind != kindTable {
			d.errAt(item.pos, "request #%d must be a table, not %s", i+1, item.kind.typeName())
			continue
		}
		d.c.Requests = append(d.c.Requests, d.decodeRequest(i, item))
	}
}

func (d *decoder) decodeRequest(index int, t *tomlValue) *Request {
	r := &Request{Method: "GET", Pos: d.lines.pos(t.pos), src: fieldSource{node: t, lines: d.lines}}
	ctx := fmt.Sprintf("request #%d", index+1)
	if e := t.get("name"); e != nil {
		if name, ok := d.stringOf(e, ctx, "name"); ok {
			r.Name = name
			if strings.TrimSpace(name) == "" {
				d.errAt(e.value.pos, "%s: name must not be empty", ctx)
			} else {
				ctx = "request " + strconv.Quote(name)
			}
		}
	} else {
		d.errAt(t.pos, "%s has no name; add name = \"...\"", ctx)
	}

	var bodies []*tomlEntry
	for _, e := range t.entries {
		switch e.key {
		case "name":
		case "folder":
			r.Folder, _ = d.stringOf(e, ctx, e.key)
		case "method":
			if m, ok := d.stringOf(e, ctx, e.key); ok {
				if !authflow.ValidToken(m) {
					d.errAt(e.value.pos, "%s: method %q is not a valid HTTP method (RFC 9110 §9.1)", ctx, m)
				}
				r.Method = m
			}
		case "url":
			if u, ok := d.stringOf(e, ctx, e.key); ok {
				r.URL = u
				d.checkLiteral(e.value.pos, ctx, "url", u, authflow.CheckURL)
			}
		case "profile":
			r.Profile, _ = d.stringOf(e, ctx, e.key)
		case "headers":
			r.Headers = d.headerTable(e, r, ctx)
		case "query":
			r.Query = d.templateTable(e, r, ctx)
		case "body":
			bodies = append(bodies, e)
			if b, ok := d.stringOf(e, ctx, e.key); ok {
				r.Body = b
				d.checkTemplate(e.value.pos, ctx, "body", b)
			}
		case "json":
			bodies = append(bodies, e)
			if v, ok := d.jsonValue(e.value, ctx, "json"); ok {
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
			r.BodyFile, _ = d.filePath(e, ctx, e.key)
		case "timeout":
			r.Timeout, _ = d.durationOf(e, ctx, e.key)
		case "insecure":
			r.Insecure, _ = d.boolOf(e, ctx, e.key)
		case "ca_file", "client_cert", "client_key":
			d.tlsField(&r.TLS, ctx, e)
		case "expect":
			d.decodeExpect(e, r, ctx)
		case "capture":
			d.decodeCapture(e, r, ctx)
		case "tags":
			r.Tags = d.decodeTags(e, ctx)
		default:
			d.errAt(e.keyPos, "%s", unknownKeyMessage(e.key, " in "+ctx, requestKeys))
		}
	}
	if t.get("url") == nil {
		d.errAt(t.pos, "%s has no url; add url = \"https://...\"", ctx)
	}
	d.checkTLSPair(t, ctx)
	d.checkMultipartHeaders(t, ctx)
	for _, extra := range bodies[min(1, len(bodies)):] {
		d.errAt(extra.keyPos, "%s: %s cannot be combined with %s; a request has at most one of %s", ctx, extra.key, bodies[0].key, strings.Join(bodyKeys, ", "))
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
func (d *decoder) templateTable(e *tomlEntry, r *Request, ctx string) []KV {
	kvs, positions := d.stringTable(e, ctx, e.key)
	for i, kv := range kvs {
		if hasReferences(kv.Value) { // the label is built only when needed
			d.checkTemplate(positions[i], ctx, e.key+"."+kv.Key, kv.Value)
		}
	}
	return kvs
}

// headerTable decodes headers: valid names, values without line breaks.
func (d *decoder) headerTable(e *tomlEntry, r *Request, ctx string) []KV {
	kvs := d.templateTable(e, r, ctx)
	for _, kv := range kvs {
		if err := authflow.CheckHeaderName(kv.Key); err != nil {
			d.errAt2(e.value.get(kv.Key).keyPos, prefix(ctx)+e.key+"."+kv.Key+": ", err)
			continue
		}
		if !hasReferences(kv.Value) {
			if err := authflow.CheckHeaderValue(kv.Value); err != nil {
				d.errAt2(e.value.get(kv.Key).value.pos, fmt.Sprintf("%sheader %q: ", prefix(ctx), kv.Key), err)
			}
		}
	}
	return kvs
}

func (d *decoder) decodeExpect(e *tomlEntry, r *Request, ctx string) {
	if !d.isKind(e, ctx, "expect", kindTable, "a table, written [request.expect]") {
		return
	}
	for _, f := range e.value.entries {
		label := "expect." + f.key
		switch f.key {
		case "status":
			if s, ok := d.integerOf(f, ctx, label); ok {
				if s < 100 || s > 599 {
					d.errAt(f.value.pos, "%s: %s must be an HTTP status code from 100 to 599, not %d", ctx, label, s)
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
			d.errAt(f.keyPos, "%s", unknownKeyMessage(f.key, " in expect of "+ctx, expectKeys))
		}
	}
}

// decodeCapture reads name = "jq expression" pairs; each name becomes a
// variable for later requests, so it must be usable as {{name}}.
func (d *decoder) decodeCapture(e *tomlEntry, r *Request, ctx string) {
	kvs, _ := d.stringTable(e, ctx, "capture")
	for _, kv := range kvs {
		if !validVariableName(kv.Key) {
			d.errAt(e.value.get(kv.Key).keyPos, "%s: capture: %q is not a valid variable name (use letters, digits, '_', '-' and '.')", ctx, kv.Key)
			continue
		}
		r.Capture = append(r.Capture, kv)
	}
}

// jsonValue converts a TOML value into the Go value encoding/json writes,
// checking the references in its strings on the way.
func (d *decoder) jsonValue(v *tomlValue, ctx, label string) (any, bool) {
	switch v.kind {
	case kindString:
		return v.str, d.checkTemplate(v.pos, ctx, label, v.str)
	case kindInteger:
		return v.num, true
	case kindBool:
		return v.flag, true
	case kindFloat:
		f, err := strconv.ParseFloat(strings.ReplaceAll(v.str, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.errAt(v.pos, "%s: %s: %s cannot be written in JSON", ctx, label, v.str)
			return nil, false
		}
		return f, true
	case kindArray:
		out := make([]any, 0, len(v.items))
		ok := true
		for i, item := range v.items {
			x, itemOK := d.jsonValue(item, ctx, fmt.Sprintf("%s[%d]", label, i))
			out, ok = append(out, x), ok && itemOK
		}
		return out, ok
	case kindTable:
		out := make(map[string]any, len(v.entries))
		ok := true
		for _, e := range v.entries {
			x, itemOK := d.jsonValue(e.value, ctx, label+"."+e.key)
			out[e.key], ok = x, ok && itemOK
		}
		return out, ok
	}
	d.errAt(v.pos, "%s: %s: JSON has no date-time type; write the date as a string", ctx, label)
	return nil, false
}
