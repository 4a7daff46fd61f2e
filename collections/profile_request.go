package collections

// RequestForProfile returns the request a walk of profile's flow ends with
// (`keyway flow` without --request, and the TUI's Flow screen): the first,
// in file order, sent with profile; failing that the first sent with a
// profile of the same type (a profile kept to show a failure, such as a
// wrong password, is used by no request), then with any credentials, then
// the first request. A request that can be sent now in scope s — every
// variable it uses defined, captured or set — comes before one that needs
// a value a capture has not given yet, so a walk does not fail out of the
// box on "send Create first"; only when none can be sent is one that
// cannot picked. s may be nil (no captures, no --var). Nil when the
// collection has no requests.
func (c *Collection) RequestForProfile(profile string, s *Scope) *Request {
	if s == nil {
		s = &Scope{}
	}
	typeOf := func(name string) string {
		if p := c.Profiles[name]; p != nil {
			return p.Type
		}
		return ""
	}
	matches := []func(r *Request) bool{
		func(r *Request) bool { return c.ProfileFor(r) == profile },
		func(r *Request) bool { return typeOf(profile) != "" && typeOf(c.ProfileFor(r)) == typeOf(profile) },
		func(r *Request) bool { return c.ProfileFor(r) != "" },
		func(*Request) bool { return true },
	}
	for _, sendable := range []bool{true, false} {
		for _, match := range matches {
			for _, r := range c.Requests {
				if match(r) && (!sendable || !c.lacksVariable(r, s)) {
					return r
				}
			}
		}
	}
	return nil
}

// lacksVariable reports whether a field of r uses, directly or through
// other variables, a variable that neither s (captures, --var), the
// environment s.Env nor [vars] defines — typically one an earlier request
// captures. The profile's fields are left out: a walk may send r with
// another profile.
func (c *Collection) lacksVariable(r *Request, s *Scope) bool {
	seen := map[string]bool{}
	var lacks func(template string) bool
	lacks = func(t string) bool {
		if !hasReferences(t) {
			return false
		}
		segs, err := c.segments(t)
		if err != nil {
			return false // Check reports it; it is not a missing value
		}
		for _, seg := range segs {
			ref := seg.ref
			if ref == nil || ref.kind != refVariable || seen[ref.name] {
				continue
			}
			seen[ref.name] = true
			if _, ok := s.Captures[ref.name]; ok {
				continue
			}
			if _, ok := s.Vars[ref.name]; ok {
				continue
			}
			v, ok := c.Envs[s.Env][ref.name]
			if !ok {
				v, ok = c.Vars[ref.name]
			}
			if !ok || lacks(v) {
				return true
			}
		}
		return false
	}
	for f := range r.templates {
		for value := range f.templateStrings {
			if lacks(value) {
				return true
			}
		}
	}
	return false
}
