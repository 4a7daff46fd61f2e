package importer

import (
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// literalText makes s, text that the source means literally, safe to
// write where keyway reads references: a {{name}} that names a variable
// is kept (sources copied from Postman or a .http file mean one), any
// other "{{" — {{secret:…}}, {{env:…}}, {{$guid}}, a lone "{{" — is
// written "{ {", since keyway has no escape for it and would otherwise
// look up the user's secrets or environment for text from elsewhere. It
// reports whether it changed s.
func literalText(s string) (string, bool) {
	if !strings.Contains(s, "{{") {
		return s, false
	}
	var b strings.Builder
	changed := false
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			b.WriteString(s)
			return b.String(), changed
		}
		b.WriteString(s[:open])
		rest := s[open+2:]
		if end := strings.Index(rest, "}}"); end >= 0 && isVariableName(strings.TrimSpace(rest[:end])) {
			b.WriteString(s[open : open+2+end+2])
			s = rest[end+2:]
			continue
		}
		b.WriteString("{ {")
		changed = true
		s = rest
	}
}

// isVariableName reports a name keyway can write as {{name}}.
func isVariableName(name string) bool {
	return name != "" && VarName(name) == name
}

// DefineMissingVars adds to Vars, with an empty value and note, every
// {{variable}} the requests and profiles use that the collection does
// not define, so that the result passes keyway check and the user sees
// what to set.
func (c *Collection) DefineMissingVars(note string) {
	defined := map[string]bool{}
	for _, v := range c.Vars {
		defined[v.Name] = true
	}
	add := func(s string) {
		for _, name := range collections.ReferencedVariables(s) {
			if !defined[name] {
				defined[name] = true
				c.Vars = append(c.Vars, Var{Name: name, Note: note})
			}
		}
	}
	kvs := func(list []KV) {
		for _, kv := range list {
			add(kv.Value)
		}
	}
	for _, p := range c.Profiles {
		for _, f := range p.Fields {
			switch v := f.Value.(type) {
			case string:
				add(v)
			case []KV:
				kvs(v)
			}
		}
	}
	for _, r := range c.Requests {
		add(r.URL)
		add(r.Body)
		kvs(r.Headers)
		kvs(r.Query)
		kvs(r.Form)
		for _, p := range r.Multipart {
			add(p.Value)
		}
	}
}
