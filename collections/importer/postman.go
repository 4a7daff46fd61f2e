package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/keyway-cli/keyway/authflow"
)

func init() {
	Register(Format{
		Name:    "postman",
		Summary: "a Postman collection v2.1 (or v2.0) JSON export; --environment adds Postman environment exports",
		Import:  ImportPostman,
	})
}

// postmanFormat names what ImportPostman expects, in its errors.
const postmanFormat = "a Postman collection v2.1 export"

// ImportPostman reads a Postman collection export (v2.1, or v2.0) and the
// Postman environment exports in in.Environments. Folders become request
// folders ("a/b" for nested ones); collection variables become [vars];
// each environment an [env.NAME]; auth at the collection, folder and
// request level becomes profiles, inherited as Postman inherits it.
// Credentials and secret-typed environment values go to the secret store.
// Scripts are never run: a request's note says so, and the commonest test,
// pm.response.to.have.status(N), becomes expect.status.
func ImportPostman(in Input) (*Collection, error) {
	var pc pmCollection
	if err := decodeJSON(in.Name, in.Data, &pc, postmanFormat); err != nil {
		return nil, err
	}
	if err := checkPostmanVersion(in.Name, &pc); err != nil {
		return nil, err
	}
	p := &pmImport{c: &Collection{Name: pc.Info.Name}, vars: map[string]int{}, dynamic: map[string]bool{}, byAuth: map[string]string{}}
	p.c.Notes = append(p.c.Notes, "Imported by keyway import postman from "+in.Name+".")
	p.c.Notes = append(p.c.Notes, descriptionLines(string(pc.Info.Description))...)
	for _, v := range pc.Variable {
		if v.Disabled {
			continue
		}
		name := VarName(v.name())
		p.vars[name] = len(p.c.Vars)
		p.c.AddVar(name, p.template(string(v.Value)), strings.Join(descriptionLines(string(v.Desc)), " "))
	}
	for _, f := range in.Environments {
		if err := p.environment(f); err != nil {
			return nil, err
		}
	}
	p.c.Unmapped = append(p.c.Unmapped, p.scriptsAbove("the collection", pc.Event)...)

	inherited := ""
	if pc.Auth != nil && pc.Auth.Type != "inherit" {
		ref, note := p.profile(pc.Auth, "")
		if note != "" {
			p.c.Unmapped = append(p.c.Unmapped, "the collection's auth: "+note)
		}
		if ref != "none" {
			p.c.DefaultProfile = ref
		}
	}
	p.items(pc.Item, nil, inherited)
	if len(p.c.Requests) == 0 {
		p.c.Notes = append(p.c.Notes, "The Postman collection holds no request.")
	}
	p.c.DefineMissingVars("Used by the requests but not defined in the export: set it here, in an environment, or with --var.")
	return p.c, nil
}

// checkPostmanVersion refuses what is not a collection v2: a v1 export (its
// requests at the root) or another kind of JSON.
func checkPostmanVersion(file string, pc *pmCollection) error {
	switch {
	case pc.V1Requests != nil || pc.V1Order != nil:
		return &PosError{File: file, Line: 1, Col: 1, Msg: "this is a Postman collection v1 export, which keyway does not read: in Postman, export the collection again as Collection v2.1"}
	case strings.Contains(pc.Info.Schema, "/v1."):
		return &PosError{File: file, Line: 1, Col: 1, Msg: "this is a Postman collection v1 (its schema says so), which keyway does not read: export it again as Collection v2.1"}
	case pc.Info.Schema == "" && pc.Item == nil:
		return &PosError{File: file, Line: 1, Col: 1, Msg: "not " + postmanFormat + ": it has neither info.schema nor item (in Postman: Export, Collection v2.1)"}
	}
	return nil
}

// pmImport is one import in progress.
type pmImport struct {
	c *Collection
	// vars maps a variable name to its index in c.Vars.
	vars map[string]int
	// dynamic holds the Postman dynamic variables ({{$guid}}) met, by
	// the keyway variable that stands for them.
	dynamic map[string]bool
	// byAuth maps an auth setting (authKey) to its profile.
	byAuth map[string]string
	// pending are folder descriptions for the next request.
	pending []string
}

// items maps a list of items under folder, whose requests inherit the
// profile inherited ("" for the collection's default).
func (p *pmImport) items(items []pmItem, folder []string, inherited string) {
	for i := range items {
		it := &items[i]
		if it.isFolder() {
			sub := append(append([]string(nil), folder...), it.Name)
			profile := p.inherit(it.Auth, inherited, strings.Join(sub, "/"), func(note string) {
				p.c.Unmapped = append(p.c.Unmapped, fmt.Sprintf("folder %q auth: %s", strings.Join(sub, "/"), note))
			})
			// A folder's description is written above its first request.
			if d := descriptionLines(string(it.Description)); len(d) > 0 {
				p.pending = append(p.pending, append([]string{"Folder " + strings.Join(sub, "/") + ":"}, d...)...)
			}
			p.c.Unmapped = append(p.c.Unmapped, p.scriptsAbove(fmt.Sprintf("folder %q", strings.Join(sub, "/")), it.Event)...)
			p.items(it.Item, sub, profile)
			// An empty folder's description goes to the top.
			p.c.Notes = append(p.c.Notes, p.pending...)
			p.pending = nil
			continue
		}
		p.request(it, strings.Join(folder, "/"), inherited)
	}
}

// inherit returns the profile of an item with auth a below one that uses
// inherited: Postman's "inherit" (or no auth at all) keeps the parent's,
// "noauth" sends none, anything else is the item's own.
func (p *pmImport) inherit(a *pmAuth, inherited, where string, unmapped func(string)) string {
	if a == nil || a.Type == "inherit" || a.Type == "" {
		return inherited
	}
	ref, note := p.profile(a, where)
	if note != "" {
		unmapped(note)
	}
	if ref == "none" && p.c.DefaultProfile == "" && inherited == "" {
		return ""
	}
	if ref == p.c.DefaultProfile {
		return ""
	}
	return ref
}

func (p *pmImport) request(it *pmItem, folder, inherited string) {
	r := &Request{Name: it.Name, Folder: folder, Method: "GET"}
	pr := it.Request
	r.URL, r.Query = p.url(r, pr.URL)
	if !sendableURL(r.URL) {
		p.c.Unmapped = append(p.c.Unmapped, fmt.Sprintf("request %q: its URL is not an http or https URL with a host; the request was left out", it.Name))
		return
	}
	p.c.Requests = append(p.c.Requests, r)
	r.Notes = append(p.pending, descriptionLines(string(it.Description))...)
	p.pending = nil
	if m := strings.ToUpper(strings.TrimSpace(pr.Method)); m != "" {
		if authflow.ValidToken(m) {
			r.Method = m
		} else {
			r.Unmapped = append(r.Unmapped, "its method is not an HTTP method (RFC 9110 §9.1); GET is written instead")
		}
	}
	r.Notes = append(r.Notes, descriptionLines(string(pr.Description))...)
	for _, h := range pr.Header {
		if h.Disabled || strings.TrimSpace(h.Key) == "" {
			continue
		}
		value := p.template(string(h.Value))
		if authflow.CheckHeaderName(h.Key) != nil || authflow.CheckHeaderValue(value) != nil {
			r.Unmapped = append(r.Unmapped, "a header whose name is not a token or whose value holds a control character (RFC 9110 §5); left out")
			continue
		}
		r.Headers = append(r.Headers, KV{Key: h.Key, Value: value})
	}
	if pr.Body != nil && !pr.Body.Disabled {
		p.body(r, pr.Body)
	}
	p.c.credentialsInPlace(r, hostOf(p.c.expandVars(r.URL)))
	where := strings.TrimPrefix(folder+"/"+it.Name, "/")
	r.Profile = p.inherit(pr.Auth, inherited, where, func(note string) {
		r.Unmapped = append(r.Unmapped, "auth: "+note)
	})
	p.scripts(r, it.Event)
}

// url maps a request's URL: the text as typed when Postman kept it, else
// built from its parts; the query comes from the parts, which say which
// parameters are disabled (left out). Path variables (:id) become {{id}}.
func (p *pmImport) url(r *Request, u pmURL) (string, []KV) {
	raw := u.Raw
	if raw == "" {
		raw = joinURL(u)
	}
	raw, _, _ = strings.Cut(raw, "#")
	base, rawQuery, hasQuery := strings.Cut(raw, "?")
	base = p.pathVariables(r, base, u.Variable)
	var query []KV
	var flags []string
	add := func(key string, value *string) {
		key = p.template(unescapeQuery(key))
		if value == nil {
			flags = append(flags, key)
			return
		}
		query = append(query, KV{Key: key, Value: p.template(unescapeQuery(*value))})
	}
	if u.Query != nil {
		for _, q := range u.Query {
			if q.Disabled || q.Key == nil {
				continue
			}
			add(*q.Key, q.Value)
		}
	} else if hasQuery {
		for _, pair := range strings.Split(rawQuery, "&") {
			if pair == "" {
				continue
			}
			k, v, ok := strings.Cut(pair, "=")
			if !ok {
				add(k, nil)
				continue
			}
			add(k, &v)
		}
	}
	base = p.template(base)
	if !strings.Contains(base, "://") && !strings.HasPrefix(base, "{{") {
		// Postman sends a URL typed without a scheme over http.
		base = "http://" + base
	}
	if len(flags) > 0 {
		base += "?" + strings.Join(flags, "&")
	}
	return base, query
}

// sendableURL reports whether u is a URL keyway can send to: one that
// starts with a variable (its value decides), or an http or https URL
// with a host and no control character.
func sendableURL(u string) bool {
	if strings.HasPrefix(u, "{{") {
		return true
	}
	if strings.ContainsFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return false
	}
	plain := variableRef().ReplaceAllString(u, "x")
	parsed, err := url.Parse(plain)
	return err == nil && (parsed.Scheme == "http" || parsed.Scheme == "https") && parsed.Host != ""
}

// variableRef matches one {{reference}}. Like every table of this
// package it is built on first use, not at every start of keyway.
var variableRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{[^{}]*\}\}`) })

// joinURL builds a URL from Postman's parts, for exports without raw.
func joinURL(u pmURL) string {
	var b strings.Builder
	if u.Protocol != "" {
		b.WriteString(u.Protocol + "://")
	}
	b.WriteString(strings.Join(u.Host, "."))
	if u.Port != "" {
		b.WriteString(":" + u.Port)
	}
	if len(u.Path) > 0 {
		b.WriteString("/" + strings.Join(u.Path, "/"))
	}
	return b.String()
}

// unescapeQuery decodes a query component as Postman shows it (a%20b),
// since keyway's query table encodes what it is given; text that does not
// decode is kept as written.
func unescapeQuery(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// pathVariables turns the path segments :name of base into {{name}},
// defining name with the value Postman gives it. When the name already
// holds another value (two requests with :id = 1 and :id = 7) the value is
// written in the URL itself, as Postman would send it.
func (p *pmImport) pathVariables(r *Request, base string, vars []pmVariable) string {
	start := 0
	if i := strings.Index(base, "://"); i >= 0 {
		start = i + 3
	}
	slash := strings.Index(base[start:], "/")
	if slash < 0 {
		return base
	}
	head, path := base[:start+slash], base[start+slash:]
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if len(seg) < 2 || seg[0] != ':' {
			continue
		}
		pmName := seg[1:]
		value, known := "", false
		for _, v := range vars {
			if v.name() == pmName {
				value, known = string(v.Value), true
			}
		}
		name := VarName(pmName)
		if at, ok := p.vars[name]; ok {
			if have := p.c.Vars[at].Value; known && have != p.template(value) {
				segs[i] = value
				continue
			}
		} else {
			note := ""
			if !known || value == "" {
				note = fmt.Sprintf("The path parameter :%s (request %q): set it.", pmName, r.Name)
			}
			p.vars[name] = len(p.c.Vars)
			p.c.AddVar(name, p.template(value), note)
		}
		segs[i] = "{{" + name + "}}"
	}
	return head + strings.Join(segs, "/")
}

// contentTypes are the Content-Type Postman adds for a raw body in each
// language of its editor.
var contentTypes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"json":       "application/json",
		"xml":        "application/xml",
		"html":       "text/html",
		"javascript": "application/javascript",
		"text":       "text/plain",
	}
})

func (p *pmImport) body(r *Request, b *pmBody) {
	switch b.Mode {
	case "raw":
		if b.Raw == "" {
			return
		}
		r.Body = p.template(b.Raw)
		lang := b.language()
		if lang == "" {
			lang = "text"
		}
		if ct, ok := contentTypes()[lang]; ok {
			p.defaultHeader(r, "Content-Type", ct)
		}
	case "urlencoded":
		seen := map[string]bool{}
		dup := false
		var form []KV
		for _, f := range b.URLEncoded {
			if f.Disabled {
				continue
			}
			kv := KV{Key: p.template(f.Key), Value: p.template(string(f.Value))}
			dup = dup || seen[kv.Key]
			seen[kv.Key] = true
			form = append(form, kv)
		}
		if !dup {
			r.Form = form
			return
		}
		// A form table holds each name once; a repeated field is sent
		// as the encoded text instead.
		var parts []string
		for _, kv := range form {
			parts = append(parts, url.QueryEscape(kv.Key)+"="+url.QueryEscape(kv.Value))
		}
		r.Body = strings.Join(parts, "&")
		p.defaultHeader(r, "Content-Type", "application/x-www-form-urlencoded")
	case "formdata":
		for _, f := range b.FormData {
			if f.Disabled {
				continue
			}
			if f.Type == "file" {
				for _, src := range f.Src {
					r.Multipart = append(r.Multipart, Part{Name: f.Key, File: src, ContentType: f.ContentType})
				}
				if len(f.Src) == 0 {
					r.Unmapped = append(r.Unmapped, fmt.Sprintf("the form-data file field %q names no file", f.Key))
				}
				continue
			}
			r.Multipart = append(r.Multipart, Part{Name: p.template(f.Key), Value: p.template(string(f.Value)), ContentType: f.ContentType})
		}
	case "file":
		if b.File != nil && b.File.Src != "" {
			r.BodyFile = b.File.Src
		} else if b.File != nil && b.File.Content != "" {
			r.Body = p.template(b.File.Content)
		}
	case "graphql":
		if b.GraphQL == nil {
			return
		}
		r.Body = p.template(graphQLBody(b.GraphQL))
		p.defaultHeader(r, "Content-Type", "application/json")
	case "":
	default:
		r.Unmapped = append(r.Unmapped, fmt.Sprintf("its body of mode %q", b.Mode))
	}
}

// defaultHeader adds the header unless the request sets it already.
func (p *pmImport) defaultHeader(r *Request, name, value string) {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Key, name) {
			return
		}
	}
	r.Headers = append(r.Headers, KV{Key: name, Value: value})
}

// descriptionLines splits a description into comment lines, dropping
// blank ones at either end.
func descriptionLines(d string) []string {
	d = strings.TrimSpace(strings.ReplaceAll(d, "\r\n", "\n"))
	if d == "" {
		return nil
	}
	return strings.Split(d, "\n")
}
