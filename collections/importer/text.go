package importer

import (
	"slices"
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
		// The first brace and a space; the scan goes on from the second
		// brace, which may open a reference of its own ({{{name}}).
		b.WriteString("{ ")
		changed = true
		s = s[open+1:]
	}
}

// isVariableName reports a name keyway can write as {{name}}.
func isVariableName(name string) bool {
	return name != "" && VarName(name) == name
}

// expandVars replaces the {{variables}} of s that Vars defines by their
// values, a few levels deep: to tell the host a URL goes to.
func (c *Collection) expandVars(s string) string {
	for range 5 {
		if !strings.Contains(s, "{{") {
			return s
		}
		before := s
		for _, v := range c.Vars {
			s = strings.ReplaceAll(s, "{{"+v.Name+"}}", v.Value)
		}
		if s == before {
			return s
		}
	}
	return s
}

// UseURLVars writes a request URL that starts with the value of a
// variable holding a URL (base_url = "https://api.example.com/v1") as
// {{base_url}} and the rest, as a person would after defining it; the
// longest such value wins, and only at a path boundary.
func (c *Collection) UseURLVars() {
	for _, r := range c.Requests {
		bestName, bestValue := "", ""
		for _, v := range c.Vars {
			val := strings.TrimSuffix(v.Value, "/")
			if !strings.HasPrefix(val, "http://") && !strings.HasPrefix(val, "https://") || strings.Contains(val, "{{") {
				continue
			}
			rest, ok := strings.CutPrefix(r.URL, val)
			if ok && (rest == "" || strings.ContainsAny(rest[:1], "/?#")) && len(val) > len(bestValue) {
				bestName, bestValue = v.Name, val
			}
		}
		if bestName != "" {
			r.URL = "{{" + bestName + "}}" + strings.TrimPrefix(r.URL, bestValue)
		}
	}
}

// DefineMissingVars adds to Vars every {{variable}} the requests and
// profiles use that Vars does not define, so that the result passes
// keyway check and the user sees what to set: the first environment's
// value when one has it, else {{prompt:NAME}} with note.
func (c *Collection) DefineMissingVars(note string) {
	defined := map[string]bool{}
	for _, v := range c.Vars {
		defined[v.Name] = true
	}
	add := func(s string) {
		for _, name := range collections.ReferencedVariables(s) {
			if defined[name] {
				continue
			}
			defined[name] = true
			// The first environment's value is the default, as a person
			// would write it; with none, keyway asks for it (in the TUI)
			// or names it (headless) rather than sending an empty value.
			v := Var{Name: name, Value: "{{prompt:" + name + "}}", Note: note}
			for _, e := range c.Envs {
				if i := slices.IndexFunc(e.Vars, func(ev Var) bool { return ev.Name == name }); i >= 0 {
					v = Var{Name: name, Value: e.Vars[i].Value, Note: "as in environment " + e.Name}
					break
				}
			}
			c.Vars = append(c.Vars, v)
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
	// Variables may use others, and a default taken from an environment
	// may too: Vars grows while it is read.
	for i := 0; i < len(c.Vars); i++ {
		add(c.Vars[i].Value)
	}
	for _, e := range c.Envs {
		for _, v := range e.Vars {
			add(v.Value)
		}
	}
	for i := 0; i < len(c.Vars); i++ {
		add(c.Vars[i].Value)
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
	for i := 0; i < len(c.Vars); i++ {
		add(c.Vars[i].Value)
	}
}
