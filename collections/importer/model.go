package importer

import (
	"fmt"
	"strconv"
	"strings"
)

// Collection is what an importer found, in the source's order. Every
// string field holds a keyway template: {{name}} is a variable, and a
// secret is written as the reference Secret returned, never as its value.
type Collection struct {
	// Name is the collection's name; empty leaves name out.
	Name string
	// Notes are comments written at the top of the file (where the
	// collection came from, what to do first).
	Notes []string
	// Vars are the collection's default variables, in order.
	Vars []Var
	// Envs are environments, each overriding some variables.
	Envs []Env
	// DefaultProfile names the profile requests use when they name none.
	DefaultProfile string
	// Profiles are the auth profiles requests refer to, by Name.
	Profiles []*Profile
	// Requests in the source's order; Folder groups them.
	Requests []*Request
	// Unmapped lists what the source held at the collection level that
	// could not be mapped, one sentence each.
	Unmapped []string

	secrets []Secret
}

// Var is one variable: a name keyway can write as {{Name}} and its value.
type Var struct {
	Name  string
	Value string
	// Note is a comment written above the variable, e.g. "set this".
	Note string
}

// Env is one environment ([env.NAME]).
type Env struct {
	Name string
	Vars []Var
	// Note is a comment written above the environment.
	Note string
}

// Profile is one auth profile ([profile.NAME]). Fields holds its keys
// besides type, in the order they are written: keys of the collection
// format (username, password, token, in, name, value, token_url,
// client_id, client_secret, client_auth, scopes, …).
type Profile struct {
	Name   string
	Type   string // basic, bearer, apikey, oauth2-password, …
	Fields []Field
	// Notes are comments written above the profile.
	Notes []string
	// Unmapped lists what could not be mapped for this profile.
	Unmapped []string
}

// Field is one key of a profile. Value is a string, bool, int, []string
// or []KV (written as an inline table).
type Field struct {
	Key   string
	Value any
}

// KV is one entry of an ordered string table: headers, query, form.
type KV struct {
	Key   string
	Value string
}

// Part is one part of a multipart/form-data body (RFC 7578): a field with
// a value, or a file (File, a path relative to the collection).
type Part struct {
	Name  string
	Value string
	File  string
	// ContentType is the part's type when the source gave one.
	ContentType string
}

// Request is one [[request]].
type Request struct {
	Name    string
	Folder  string
	Method  string
	URL     string
	Profile string // "" for the default profile, "none" for none
	Headers []KV
	Query   []KV

	// At most one body: Body (raw text, as sent), Form
	// (application/x-www-form-urlencoded), BodyFile (a path relative to
	// the collection) or Multipart.
	Body      string
	Form      []KV
	BodyFile  string
	Multipart []Part

	Insecure   bool
	CAFile     string
	ClientCert string
	ClientKey  string
	Timeout    string // a Go duration, "" for the default
	// Status is the expected status (expect.status); 0 for any 2xx.
	Status int
	// Capture sets variables for later requests from this one's JSON
	// response: variable name → jq expression ([request.capture]).
	Capture []KV
	Tags    []string

	// Notes are comments written above the request (its description,
	// what the user should check).
	Notes []string
	// Unmapped lists what the source said about this request that keyway
	// could not map, one sentence each: written as comments and listed
	// for the caller to print on stderr.
	Unmapped []string
}

// Secret is a value found in the input that must not be written to the
// collection: Write hands it to the caller's store callback.
type Secret struct {
	Name  string
	Value string
	// Where says what it is, for the listing: `profile "github" token`.
	Where string
	// Hosts are the hosts the input sent it to, when known: the store
	// binds it to them, so that keyway never sends it elsewhere.
	Hosts []string
}

// Secret records value as a secret named after name (made unique within
// the collection when the same name already holds another value) and
// returns the reference to write in its place, {{secret:NAME}}. where says
// what the value is, for the list shown to the user.
func (c *Collection) Secret(name, value, where string) string {
	return c.SecretFor("", name, value, where)
}

// SecretFor is Secret for a value the input sent to host (a host, or
// host:port): the secret is listed with that host, for the store to bind
// it there. An empty host, or one the URL left to a {{variable}}, binds
// nothing.
func (c *Collection) SecretFor(host, name, value, where string) string {
	name = SecretName(name)
	var hosts []string
	if host != "" && host != "imported" && !strings.ContainsAny(host, "{}") {
		hosts = []string{host}
	}
	for _, s := range c.secrets {
		if s.Name == name && s.Value == value {
			return "{{secret:" + name + "}}"
		}
	}
	unique := name
	for n := 2; c.hasSecret(unique); n++ {
		unique = name + "-" + strconv.Itoa(n)
	}
	c.secrets = append(c.secrets, Secret{Name: unique, Value: value, Where: where, Hosts: hosts})
	return "{{secret:" + unique + "}}"
}

func (c *Collection) hasSecret(name string) bool {
	for _, s := range c.secrets {
		if s.Name == name {
			return true
		}
	}
	return false
}

// Secrets returns the secrets recorded so far, in the order found.
func (c *Collection) Secrets() []Secret {
	return append([]Secret(nil), c.secrets...)
}

// SecretName turns s into a name the secret store accepts: no spaces or
// braces (they could not be written inside {{secret:NAME}}).
func SecretName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '{' || r == '}' || r == ' ' || r == '\t' || r == '\r' || r == '\n':
			return '-'
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	s = strings.Trim(s, "-")
	if s == "" {
		return "imported"
	}
	return s
}

// VarName turns s into a name keyway can write as {{NAME}}: letters,
// digits, '_', '-' and '.'; anything else becomes '_'.
func VarName(s string) string {
	var b strings.Builder
	for _, r := range s {
		ok := r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if ok {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 || b.String() == "prompt" {
		return "var_" + b.String()
	}
	return b.String()
}

// AddVar sets variable name in Vars (replacing its value when already
// there) and returns the reference {{name}}.
func (c *Collection) AddVar(name, value, note string) string {
	for i := range c.Vars {
		if c.Vars[i].Name == name {
			c.Vars[i].Value = value
			return "{{" + name + "}}"
		}
	}
	c.Vars = append(c.Vars, Var{Name: name, Value: value, Note: note})
	return "{{" + name + "}}"
}

// Profile returns the profile named name, or nil.
func (c *Collection) Profile(name string) *Profile {
	for _, p := range c.Profiles {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// AddProfile adds p under a name not yet taken (p.Name, else p.Name-2, …)
// unless an equal profile is already there, and returns the name the
// requests should use.
func (c *Collection) AddProfile(p *Profile) string {
	name := p.Name
	for n := 2; ; n++ {
		have := c.Profile(name)
		if have == nil {
			break
		}
		if have.Type == p.Type && fmt.Sprint(have.Fields) == fmt.Sprint(p.Fields) {
			return name
		}
		name = p.Name + "-" + strconv.Itoa(n)
	}
	p.Name = name
	c.Profiles = append(c.Profiles, p)
	return name
}

// AllUnmapped lists, one line each, what the importer could not map,
// prefixed by the item it belongs to: what the caller prints on stderr.
func (c *Collection) AllUnmapped() []string {
	var out []string
	out = append(out, c.Unmapped...)
	for _, p := range c.Profiles {
		for _, u := range p.Unmapped {
			out = append(out, fmt.Sprintf("profile %q: %s", p.Name, u))
		}
	}
	for _, r := range c.Requests {
		for _, u := range r.Unmapped {
			out = append(out, fmt.Sprintf("request %q: %s", r.Name, u))
		}
	}
	return out
}

// MapFiles replaces every file path the collection names (TLS files,
// body files, multipart file parts) by f(path): to make paths relative
// to the folder the collection is written to.
func (c *Collection) MapFiles(f func(path string) string) {
	mapPath := func(p *string) {
		if *p != "" {
			*p = f(*p)
		}
	}
	for _, r := range c.Requests {
		mapPath(&r.CAFile)
		mapPath(&r.ClientCert)
		mapPath(&r.ClientKey)
		mapPath(&r.BodyFile)
		for i := range r.Multipart {
			mapPath(&r.Multipart[i].File)
		}
	}
}
