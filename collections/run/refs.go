package run

import (
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/collections"
)

// refSet gathers the variables a request refers to, to find which earlier
// requests it must wait for. It errs on the side of finding too many: a
// variable found needlessly only makes a request wait, one missed would let
// it run before the value it needs was captured.
type refSet struct {
	c     *collections.Collection
	scope *collections.Scope
	names map[string]bool
}

func newRefSet(c *collections.Collection, scope *collections.Scope) *refSet {
	return &refSet{c: c, scope: scope, names: map[string]bool{}}
}

// text adds the variables referenced in v.
func (s *refSet) text(v string) {
	eachVariable(v, func(name string) { s.names[name] = true })
}

// eachVariable calls f with the name of every variable referenced in v:
// every {{name}}, but not {{env:NAME}}, {{secret:NAME}} or {{prompt}} /
// {{prompt:Label}}, which are looked up elsewhere and are never captured.
func eachVariable(v string, f func(name string)) {
	for {
		open := strings.Index(v, "{{")
		if open < 0 {
			return
		}
		v = v[open+2:]
		end := strings.Index(v, "}}")
		if end < 0 {
			return
		}
		name := strings.TrimSpace(v[:end])
		v = v[end+2:]
		if name == "" || name == "prompt" || strings.HasPrefix(name, "prompt:") ||
			strings.HasPrefix(name, "env:") || strings.HasPrefix(name, "secret:") {
			continue
		}
		f(name)
	}
}

// request adds the variables of every templated field of r (the list
// collections' Check and Prepare walk: Request.Templates).
func (s *refSet) request(r *collections.Request) {
	for _, template := range r.Templates() {
		s.text(template)
	}
}

// profile adds the variables of every templated field of p, which is
// resolved with the request: a profile can take its token from an earlier
// login request.
func (s *refSet) profile(p *collections.Profile) {
	if p == nil {
		return
	}
	for _, template := range p.Templates() {
		s.text(template)
	}
}

// closure returns, sorted, the variables found so far and every variable
// their definitions (vars, the chosen environment, --var) refer to, however
// deep. The definitions of a variable for which captured returns true are
// not followed: a capture overrides them.
func (s *refSet) closure(captured func(name string) bool) []string {
	queue := make([]string, 0, len(s.names))
	for name := range s.names {
		queue = append(queue, name)
	}
	expanded := map[string]bool{}
	for len(queue) > 0 {
		name := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if expanded[name] || captured(name) {
			continue
		}
		expanded[name] = true
		for _, def := range s.definitions(name) {
			eachVariable(def, func(ref string) {
				s.names[ref] = true
				if !expanded[ref] {
					queue = append(queue, ref)
				}
			})
		}
	}
	names := make([]string, 0, len(s.names))
	for name := range s.names {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// definitions returns every value name may resolve to before captures.
func (s *refSet) definitions(name string) []string {
	var defs []string
	if v, ok := s.c.Vars[name]; ok {
		defs = append(defs, v)
	}
	if env, ok := s.c.Envs[s.scope.Env]; ok {
		if v, ok := env[name]; ok {
			defs = append(defs, v)
		}
	}
	if v, ok := s.scope.Vars[name]; ok {
		defs = append(defs, v)
	}
	return defs
}
