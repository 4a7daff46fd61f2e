package collections

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
)

// The TUI asks once whether to trust a collection, and the user may then
// switch to any of its environments, each of which may send the same
// secret to other hosts. So the question lists the hosts of every
// environment, and the answer is remembered for exactly that list.

// NoEnvName is how EveryEnvExposures names the use of a collection without
// an environment (its [vars] only).
const NoEnvName = ""

// EveryEnvExposures lists what Exposures lists, in every environment the
// collection can be used in — none (NoEnvName) and each of c.EnvNames —
// merged: a host, or a token's host, that a value reaches in some
// environments only names them in Exposure.Envs or TokenExposure.Envs.
// s.Env is ignored; s.Vars and s.Captures apply as in Exposures.
func (c *Collection) EveryEnvExposures(s *Scope) []Exposure {
	base := Scope{}
	if s != nil {
		base = *s
	}
	envs := append([]string{NoEnvName}, c.EnvNames...)
	byRef := map[string]*Exposure{}
	var order []string
	hostEnvs := map[string]map[string][]string{} // reference → host → envs
	for _, env := range envs {
		scope := base
		scope.Env = env
		for _, e := range c.Exposures(&scope) {
			ref := e.Reference()
			merged := byRef[ref]
			if merged == nil {
				merged = &Exposure{Kind: e.Kind, Name: e.Name}
				byRef[ref] = merged
				order = append(order, ref)
				hostEnvs[ref] = map[string][]string{}
			}
			for _, h := range e.Hosts {
				if !slices.Contains(merged.Hosts, h) {
					merged.Hosts = append(merged.Hosts, h)
				}
				hostEnvs[ref][h] = append(hostEnvs[ref][h], env)
			}
			for _, u := range e.Uses {
				if !slices.Contains(merged.Uses, u) {
					merged.Uses = append(merged.Uses, u)
				}
			}
			for _, t := range e.Tokens {
				i := slices.IndexFunc(merged.Tokens, func(m TokenExposure) bool { return m.Profile == t.Profile && m.Host == t.Host })
				if i < 0 {
					merged.Tokens = append(merged.Tokens, TokenExposure{Profile: t.Profile, Host: t.Host})
					i = len(merged.Tokens) - 1
				}
				m := &merged.Tokens[i]
				for _, u := range t.Uses {
					if !slices.Contains(m.Uses, u) {
						m.Uses = append(m.Uses, u)
					}
				}
				m.Envs = append(m.Envs, env)
			}
		}
	}
	out := make([]Exposure, 0, len(order))
	for _, ref := range order {
		e := byRef[ref]
		slices.Sort(e.Hosts)
		for _, h := range e.Hosts {
			if in := hostEnvs[ref][h]; len(in) < len(envs) {
				if e.Envs == nil {
					e.Envs = map[string][]string{}
				}
				e.Envs[h] = in
			}
		}
		for i := range e.Tokens {
			if len(e.Tokens[i].Envs) == len(envs) {
				e.Tokens[i].Envs = nil
			}
		}
		slices.SortFunc(e.Tokens, func(a, b TokenExposure) int {
			return cmp.Or(cmp.Compare(a.Profile, b.Profile), cmp.Compare(a.Host, b.Host))
		})
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Exposure) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// ExposuresDigest returns a SHA-256 (hex) of list, as a trust answer
// remembers what it was given for: a list that differs in any reference,
// host, use or environment has another digest.
func ExposuresDigest(list []Exposure) string {
	data, _ := json.Marshal(list) // plain strings, slices and maps: cannot fail
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
