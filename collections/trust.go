package collections

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// A collection is data: loading or running one never executes anything.
// What a collection written by someone else can still do is read the
// user's environment variables and stored secrets and send them to a host
// of its choosing. This file works out, without reading any of them, which
// it reads and where each would go, so that the TUI can ask before trusting
// a file and `keyway run` can refuse on CI.

// UnknownHost stands for a destination that cannot be known before sending:
// the URL depends on an environment variable, a secret, a prompt or a
// capture, or the profile is not used by any request.
const UnknownHost = "unknown host"

// Kinds of outside value an Exposure names.
const (
	ExposureEnv    = "env"    // {{env:NAME}}: an environment variable
	ExposureSecret = "secret" // {{secret:NAME}}: the user's secret store
	// ExposureFile is a file outside the collection's folder that a
	// request sends as its body (body_file, a multipart file): ~/.ssh/id_rsa
	// is as much the user's as an environment variable.
	ExposureFile = "file"
)

// Exposure is one environment variable or stored secret a collection reads,
// and every host its value would be sent to.
type Exposure struct {
	Kind string // ExposureEnv or ExposureSecret
	Name string
	// Hosts are the destinations (host or host:port, lower case), sorted;
	// UnknownHost when one cannot be known before sending.
	Hosts []string
	// Uses names each field that reads it, such as
	// `request "Who am I": headers.Authorization`.
	Uses []string
	// Tokens say where the tokens go that a profile obtains with this
	// value (in its token request): a token is as secret as the
	// credentials that bought it. One per profile and host, sorted.
	Tokens []TokenExposure
	// Envs, in EveryEnvExposures' answer only, names for a host of Hosts
	// the environments in which the value goes there, when that is not
	// every one ("" stands for no environment).
	Envs map[string][]string
}

// TokenExposure is one host the access tokens of a profile go to: the
// host of requests sent with it.
type TokenExposure struct {
	Profile string
	// Host is the requests' host; UnknownHost when it is not known before
	// sending, or when no request uses the profile (it can still be
	// walked with any request in `keyway flow` or the TUI).
	Host string
	// Uses names each request, such as `request "Who am I"`.
	Uses []string
	// Envs, in EveryEnvExposures' answer only, names the environments in
	// which a token goes to Host, when that is not every one.
	Envs []string
}

// Reference returns the exposure as it is written in a collection, such as
// {{secret:demo-token}}.
func (e Exposure) Reference() string {
	if e.Kind == ExposureFile {
		return "the file " + e.Name
	}
	return "{{" + e.Kind + ":" + e.Name + "}}"
}

// use is one field whose value reads an outside value, and where it goes.
type use struct {
	ref     reference
	field   string // `request "X": url`
	pos     Pos
	toToken bool // sent to the profile's token endpoint, not the request's host
}

// Exposures lists every {{env:…}} and {{secret:…}} the collection reads in
// environment s.Env, directly or through variables, with the hosts each
// would be sent to, sorted by kind and name. Hosts are worked out from the
// file's variables, the environment and s.Vars; nothing outside the file is
// read. An empty result means the collection reads nothing from outside.
func (c *Collection) Exposures(s *Scope) []Exposure {
	if s == nil {
		s = &Scope{}
	}
	byRef := map[reference]*Exposure{}
	add := func(u use, host string) {
		e := byRef[u.ref]
		if e == nil {
			kind := ExposureEnv
			if u.ref.kind == refSecret {
				kind = ExposureSecret
			}
			e = &Exposure{Kind: kind, Name: u.ref.name}
			byRef[u.ref] = e
		}
		if !slices.Contains(e.Hosts, host) {
			e.Hosts = append(e.Hosts, host)
		}
		if !slices.Contains(e.Uses, u.field) {
			e.Uses = append(e.Uses, u.field)
		}
	}
	addToken := func(u use, profile, host, request string) {
		e := byRef[u.ref]
		i := slices.IndexFunc(e.Tokens, func(t TokenExposure) bool { return t.Profile == profile && t.Host == host })
		if i < 0 {
			e.Tokens = append(e.Tokens, TokenExposure{Profile: profile, Host: host})
			i = len(e.Tokens) - 1
		}
		if t := &e.Tokens[i]; request != "" && !slices.Contains(t.Uses, request) {
			t.Uses = append(t.Uses, request)
		}
	}
	usedProfiles := map[string]bool{}
	for _, r := range c.Requests {
		requestHost := c.StaticHost(r.URL, s)
		tokenHost := UnknownHost
		name := c.ProfileFor(r)
		if name != "" {
			usedProfiles[name] = true
			if p := c.Profiles[name]; p != nil {
				tokenHost = c.StaticHost(p.TokenURL, s)
			}
		}
		for _, u := range c.uses(r, s) {
			if u.toToken {
				add(u, tokenHost)
				// The token it buys goes with the request.
				addToken(u, name, requestHost, fmt.Sprintf("request %q", r.Name))
			} else {
				add(u, requestHost)
			}
		}
	}
	files := map[string]*Exposure{}
	for _, r := range c.Requests {
		for _, f := range c.outsideFiles(r) {
			e := files[f.path]
			if e == nil {
				e = &Exposure{Kind: ExposureFile, Name: f.path}
				files[f.path] = e
			}
			if host := c.StaticHost(r.URL, s); !slices.Contains(e.Hosts, host) {
				e.Hosts = append(e.Hosts, host)
			}
			e.Uses = append(e.Uses, fmt.Sprintf("request %q: %s", r.Name, f.field))
		}
	}
	// A profile no request uses can still be walked with `keyway flow` or
	// in the TUI, against a request chosen then.
	for _, name := range c.ProfileNames {
		if usedProfiles[name] {
			continue
		}
		p := c.Profiles[name]
		tokenHost := c.StaticHost(p.TokenURL, s)
		for _, u := range c.profileUses(p, s) {
			if u.toToken {
				add(u, tokenHost)
				addToken(u, name, UnknownHost, "")
			} else {
				add(u, UnknownHost)
			}
		}
	}
	out := make([]Exposure, 0, len(byRef)+len(files))
	for _, e := range files {
		slices.Sort(e.Hosts)
		out = append(out, *e)
	}
	for _, e := range byRef {
		slices.Sort(e.Hosts)
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

// StaticHost returns the host (with its port when one is written, lower
// case) a URL template points at, worked out from the file's variables,
// environment s.Env and s.Vars only; UnknownHost when the host part depends
// on anything else or is not a valid http(s) URL.
func (c *Collection) StaticHost(template string, s *Scope) string {
	_, host := c.StaticOrigin(template, s)
	return host
}

// StaticOrigin returns the scheme ("http" or "https") and host of a URL
// template as StaticHost works them out, in one expansion: "" and
// UnknownHost when they are not known before sending.
func (c *Collection) StaticOrigin(template string, s *Scope) (scheme, host string) {
	scheme, host = c.staticOrigin(template, s)
	if scheme == "" {
		return "", UnknownHost
	}
	return scheme, host
}

// staticOrigin expands template structurally (outside values unknown) and
// reads scheme and host from the known prefix, when the host is complete.
func (c *Collection) staticOrigin(template string, s *Scope) (scheme, host string) {
	if template == "" {
		return "", ""
	}
	res := c.newResolver(s)
	res.structural = true
	if len(s.Captures) > 0 {
		res.captured = make(map[string]bool, len(s.Captures))
		for name := range s.Captures {
			res.captured[name] = true
		}
	}
	expanded, _, err := res.expand(template, "")
	if err != nil {
		return "", ""
	}
	known, complete := expanded, true
	if i := strings.Index(expanded, unknownValue); i >= 0 {
		known, complete = expanded[:i], false
	}
	scheme, rest, ok := strings.Cut(known, "://")
	if !ok {
		return "", ""
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 && !complete {
		return "", "" // the host may go on in the unknown part
	}
	if end >= 0 {
		rest = rest[:end]
	}
	u, err := authflow.ParseURL(scheme + "://" + rest)
	if err != nil {
		return "", ""
	}
	return u.Scheme, strings.ToLower(u.Host)
}

// uses lists every field of r and of its profile that reads an outside
// value, in file order.
func (c *Collection) uses(r *Request, s *Scope) []use {
	return c.usesOf(r, s, c.outsideRefs)
}

// captureUses lists every field of r and of its profile that sends a bound
// capture (Scope.CaptureLimits), in file order.
func (c *Collection) captureUses(r *Request, s *Scope) []use {
	if len(s.CaptureLimits) == 0 {
		return nil
	}
	return c.usesOf(r, s, c.boundCaptureRefs)
}

// usesOf lists the references refs finds in every field of r and of its
// profile.
func (c *Collection) usesOf(r *Request, s *Scope, refs func(string, *Scope) []reference) []use {
	ctx := fmt.Sprintf("request %q: ", r.Name)
	var out []use
	for f := range r.templates {
		for value := range f.templateStrings {
			if !hasReferences(value) {
				continue
			}
			for _, ref := range refs(value, s) {
				out = append(out, use{ref: ref, field: ctx + f.key(), pos: r.fieldPos(f.key())})
			}
		}
	}
	if name := c.ProfileFor(r); name != "" {
		if p := c.Profiles[name]; p != nil {
			out = append(out, c.profileUsesOf(p, s, refs)...)
		}
	}
	return out
}

// profileUses lists the fields of p that read an outside value. For the
// OAuth2 password grant every field goes to the token endpoint (RFC 6749
// §4.3.2); the other types' credentials go with the request itself.
func (c *Collection) profileUses(p *Profile, s *Scope) []use {
	return c.profileUsesOf(p, s, c.outsideRefs)
}

// profileUsesOf lists the references refs finds in the fields of p.
func (c *Collection) profileUsesOf(p *Profile, s *Scope, refs func(string, *Scope) []reference) []use {
	ctx := fmt.Sprintf("profile %q: ", p.Name)
	toToken := authflow.Type(p.Type).IssuesTokens()
	var out []use
	for f := range p.templates {
		if !hasReferences(f.value) {
			continue
		}
		for _, ref := range refs(f.value, s) {
			out = append(out, use{ref: ref, field: ctx + f.key(), pos: p.fieldPos(f.key()), toToken: toToken})
		}
	}
	return out
}

// outsideRefs returns the {{env:…}} and {{secret:…}} references template
// reads, directly or through variables of environment s.Env, without
// repeats. Variables set by s.Vars or s.Captures are values, not
// templates, and read nothing.
func (c *Collection) outsideRefs(template string, s *Scope) []reference {
	return c.leafRefs(template, s, false)
}

// boundCaptureRefs returns the variables template reads, directly or
// through variables, that hold a bound capture (Scope.CaptureLimits).
func (c *Collection) boundCaptureRefs(template string, s *Scope) []reference {
	return c.leafRefs(template, s, true)
}

// leafRefs walks template through the variables of environment s.Env and
// returns, without repeats, the {{env:…}} and {{secret:…}} references it
// reads or, with captures, the variables it reads that hold a bound
// capture.
func (c *Collection) leafRefs(template string, s *Scope, captures bool) []reference {
	var out []reference
	seen := map[string]bool{}
	var walk func(string)
	walk = func(t string) {
		segs, err := c.segments(t)
		if err != nil {
			return
		}
		for _, seg := range segs {
			ref := seg.ref
			switch {
			case ref == nil:
			case ref.kind == refEnv || ref.kind == refSecret:
				if !captures && !slices.Contains(out, *ref) {
					out = append(out, *ref)
				}
			case ref.kind == refVariable:
				if seen[ref.name] {
					continue
				}
				seen[ref.name] = true
				if _, ok := s.Captures[ref.name]; ok {
					if captures && len(s.CaptureLimits[ref.name]) > 0 {
						out = append(out, *ref)
					}
					continue
				}
				if _, ok := s.Vars[ref.name]; ok {
					continue
				}
				if v, ok := c.Envs[s.Env][ref.name]; ok {
					walk(v)
				} else if v, ok := c.Vars[ref.name]; ok {
					walk(v)
				}
			}
		}
	}
	walk(template)
	return out
}
