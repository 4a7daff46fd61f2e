package importer

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
)

// dynamicExamples are example values for Postman's commonest dynamic
// variables, which Postman generates anew on every send; keyway has no
// generated values, so each becomes an ordinary variable with an example.
var dynamicExamples = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"guid":         "6f1c3d2a-8b7e-4c5d-9a0b-1e2f3a4b5c6d",
		"randomUUID":   "6f1c3d2a-8b7e-4c5d-9a0b-1e2f3a4b5c6d",
		"timestamp":    "1767225600",
		"isoTimestamp": "2026-01-01T00:00:00.000Z",
		"randomInt":    "42",
	}
})

// template rewrites a Postman value into a keyway template. {{name}} is
// the same syntax in both; a name keyway cannot write (a space, a '/')
// is renamed as its variable is. A dynamic variable {{$guid}} becomes the
// variable {{guid}}, defined once with an example value and a note. Any
// other "{{" is made literal text, "{ {".
func (p *pmImport) template(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:open])
		rest := s[open+2:]
		end := strings.Index(rest, "}}")
		inner := ""
		if end >= 0 {
			inner = strings.TrimSpace(rest[:end])
		}
		switch {
		case end < 0 || inner == "" || strings.Contains(inner, "{{"):
			// Literal text: keyway has no escape for "{{", so the braces
			// are written apart, and apart from a brace that follows.
			b.WriteString("{ {")
			if strings.HasPrefix(rest, "{") {
				b.WriteString(" ")
			}
			s = rest
			continue
		case strings.HasPrefix(inner, "$"):
			b.WriteString(p.dynamicVariable(inner[1:]))
		default:
			b.WriteString("{{" + VarName(inner) + "}}")
		}
		s = rest[end+2:]
	}
	return b.String()
}

// dynamicVariable returns the reference standing for Postman's {{$name}}.
func (p *pmImport) dynamicVariable(name string) string {
	v := VarName(name)
	if !p.dynamic[v] {
		p.dynamic[v] = true
		example, ok := dynamicExamples()[name]
		if !ok {
			example = ""
		}
		if _, defined := p.vars[v]; !defined {
			p.vars[v] = len(p.c.Vars)
			p.c.AddVar(v, example, fmt.Sprintf("Postman's {{$%s}} is a new value on every send; keyway has no generated values: set one here or with --var %s=VALUE.", name, v))
		}
	}
	return "{{" + v + "}}"
}

// environment maps one Postman environment export to an [env.NAME].
// A value of type "secret" goes to the secret store.
func (p *pmImport) environment(f File) error {
	const format = "a Postman environment export"
	var e pmEnvironment
	if err := decodeJSON(f.Name, f.Data, &e, format); err != nil {
		return err
	}
	if e.Values == nil {
		return &PosError{File: f.Name, Line: 1, Col: 1, Msg: "not " + format + ": it has no values (in Postman: Environments, Export)"}
	}
	name := slug(e.Name)
	if name == "" {
		name = slug(strings.TrimSuffix(path.Base(f.Name), path.Ext(f.Name)))
	}
	if name == "" {
		name = "env"
	}
	for n := 2; p.hasEnv(name); n++ {
		name = fmt.Sprintf("%s-%d", slug(e.Name), n)
	}
	env := Env{Name: name, Note: fmt.Sprintf("The Postman environment %q (%s).", e.Name, f.Name)}
	for _, v := range e.Values {
		if v.Enabled != nil && !*v.Enabled {
			continue
		}
		key := VarName(v.Key)
		value := p.template(string(v.Value))
		if v.Type == "secret" && value != "" {
			value = p.c.Secret(name+"-"+key, string(v.Value), fmt.Sprintf("environment %s variable %s, secret in Postman", name, key))
		}
		env.Vars = append(env.Vars, Var{Name: key, Value: value})
	}
	p.c.Envs = append(p.c.Envs, env)
	return nil
}

func (p *pmImport) hasEnv(name string) bool {
	for _, e := range p.c.Envs {
		if e.Name == name {
			return true
		}
	}
	return false
}

// graphQLBody is the JSON Postman sends for a GraphQL body: the query
// and, when they parse, the variables.
func graphQLBody(g *pmGraphQL) string {
	body := struct {
		Query     string          `json:"query"`
		Variables json.RawMessage `json:"variables,omitempty"`
	}{Query: g.Query}
	if v := strings.TrimSpace(g.Variables); v != "" && json.Valid([]byte(v)) {
		body.Variables = json.RawMessage(v)
	}
	out, _ := json.Marshal(body)
	return string(out)
}
