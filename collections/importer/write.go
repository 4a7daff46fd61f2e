package importer

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/edit"
	"github.com/pelletier/go-toml/v2"
)

// StoreFunc puts a secret's value in the user's secret store under name,
// bound to hosts when there are any (the hosts the input sent it to). It
// returns ErrSecretTaken, storing nothing, when the store holds
// another value under that name: Write then tries the next free name.
type StoreFunc func(name, value string, hosts []string) error

// ErrSecretTaken is what a StoreFunc returns for a name the user's store
// already keeps another value under. An imported file must not replace
// a secret the user keeps: a curl command handed to them could otherwise
// swap their API token for the attacker's, and their own collections
// would then act as the attacker's account.
var ErrSecretTaken = errors.New("the secret store keeps another value under that name")

// Result is what Write produced.
type Result struct {
	// TOML is the collection file.
	TOML []byte
	// Secrets lists the secrets handed to the store, in the order found:
	// their names and what each is, never their values.
	Secrets []Secret
	// Unmapped lists, one line each, what could not be mapped.
	Unmapped []string
}

// Write turns c into the TOML of a collection: ordered as the source was,
// a comment wherever the user should look, and every secret replaced by
// its {{secret:NAME}} reference. Each secret's value is handed to store
// first; when store fails nothing is written and the error says which
// secret (by name). A nil store is refused when c holds secrets, so that
// no caller can drop one by accident.
//
// Any literal occurrence of a secret's value elsewhere in c (a token that
// was also in a cookie, say) is replaced by the reference too.
func Write(c *Collection, store StoreFunc) (*Result, error) {
	c = c.withoutSecretValues()
	w, err := renderValid(c)
	if err != nil {
		return nil, err
	}
	// Only the secrets the file still refers to are stored: a request
	// left out takes its own with it.
	var secrets []Secret
	for _, s := range c.secrets {
		if bytes.Contains(w.buf.Bytes(), []byte("{{secret:"+s.Name+"}}")) {
			secrets = append(secrets, s)
		}
	}
	if len(secrets) > 0 && store == nil {
		return nil, fmt.Errorf("the import found %d secret(s) and has nowhere to store them", len(secrets))
	}
	listed := make([]Secret, len(secrets))
	out := w.buf.Bytes()
	for i, s := range secrets {
		name, err := storeUnder(store, s, func(name string) bool {
			return bytes.Contains(out, []byte("{{secret:"+name+"}}"))
		})
		if err != nil {
			return nil, err
		}
		if name != s.Name {
			// The reference is the exact text "{{secret:NAME}}", closed by
			// its braces: no other name's reference contains it.
			out = bytes.ReplaceAll(out, []byte("{{secret:"+s.Name+"}}"), []byte("{{secret:"+name+"}}"))
		}
		listed[i] = Secret{Name: name, Where: s.Where, Hosts: s.Hosts}
	}
	return &Result{TOML: out, Secrets: listed, Unmapped: c.AllUnmapped()}, nil
}

// storeUnder stores s under its name, or under the first of name-2,
// name-3, … that the file does not use and the store does not keep
// another value under; it returns the name used.
func storeUnder(store StoreFunc, s Secret, inFile func(string) bool) (string, error) {
	for n := 1; ; n++ {
		name := s.Name
		if n > 1 {
			if name = s.Name + "-" + strconv.Itoa(n); inFile(name) {
				continue
			}
		}
		err := store(name, s.Value, s.Hosts)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, ErrSecretTaken) || n >= 100 {
			return "", fmt.Errorf("storing secret %q: %w", name, err)
		}
	}
}

// renderValid writes c and checks the TOML as keyway check would. A
// request keyway would refuse (a URL it cannot send, a header it cannot
// write) is left out, with a line in Unmapped saying why, so that what an
// import writes always loads. A problem outside requests is an importer's
// bug: an error.
func renderValid(c *Collection) (*writer, error) {
	for range 5 {
		w := &writer{}
		w.collection(c)
		bad, badVars, err := w.check(c)
		if err != nil {
			return nil, err
		}
		if len(bad) == 0 && len(badVars) == 0 {
			return w, nil
		}
		for v, msg := range badVars {
			// A variable keyway refuses (a cycle, say) is asked for
			// instead, which no cycle can hold.
			c.Unmapped = append(c.Unmapped, fmt.Sprintf("the value of variable %q was left out: %s", v.Name, msg))
			v.Value = "{{prompt:" + v.Name + "}}"
			v.Note = "set this: the imported value could not be used"
		}
		var kept []*Request
		for i, r := range c.Requests {
			if msg, ok := bad[i]; ok {
				c.Unmapped = append(c.Unmapped, fmt.Sprintf("request %q was left out: %s", r.Name, msg))
				continue
			}
			kept = append(kept, r)
		}
		c.Requests = kept
	}
	return nil, errors.New("the import could not be written as a valid collection")
}

// check loads what w wrote and returns, by index in c.Requests, the
// requests keyway check refuses, and the variables it refuses.
func (w *writer) check(c *Collection) (map[int]string, map[*Var]string, error) {
	const name = "import.toml"
	var problems []*collections.Error
	loaded, err := collections.Parse(name, w.buf.Bytes())
	if err != nil {
		problems = errorList(err)
	} else {
		envs := append([]string{""}, loaded.EnvNames...)
		for _, env := range envs {
			problems = append(problems, errorList(loaded.Check(&collections.Scope{Env: env}))...)
		}
	}
	bad := map[int]string{}
	badVars := map[*Var]string{}
	for _, p := range problems {
		if isFileProblem(p.Msg) {
			// A TLS or body file is the user's, relative to where the
			// collection will be: not the import's to judge.
			continue
		}
		if v := w.varLines[p.Pos.Line]; v != nil {
			badVars[v] = p.Msg
			continue
		}
		i := w.requestAt(p.Pos.Line)
		if i < 0 {
			return nil, nil, fmt.Errorf("the import wrote a collection keyway refuses (%s); please report this", p.Msg)
		}
		if _, seen := bad[i]; !seen {
			bad[i] = p.Msg
		}
	}
	return bad, badVars, nil
}

func isFileProblem(msg string) bool {
	for _, k := range []string{": ca_file:", ": client_cert:", ": client_key:", ": body_file:"} {
		if strings.Contains(msg, k) {
			return true
		}
	}
	if strings.Contains(msg, ": multipart.") {
		for _, k := range []string{"file", "folder", "device", "MiB"} {
			if strings.Contains(msg, k) {
				return true
			}
		}
	}
	return false
}

func errorList(err error) []*collections.Error {
	if err == nil {
		return nil
	}
	var list collections.ErrorList
	if errors.As(err, &list) {
		return list
	}
	var one *collections.Error
	if errors.As(err, &one) {
		return []*collections.Error{one}
	}
	return []*collections.Error{{Msg: err.Error()}}
}

// requestAt returns the index of the request written at line, or -1.
func (w *writer) requestAt(line int) int {
	at := -1
	for i, start := range w.requestLines {
		if line >= start {
			at = i
		}
	}
	return at
}

// withoutSecretValues returns a copy of c in which every literal
// occurrence of a secret value (of 8 bytes or more: a shorter one would
// match ordinary text) outside a {{reference}} is its reference.
func (c *Collection) withoutSecretValues() *Collection {
	var pairs []string
	for _, s := range c.secrets {
		if len(s.Value) >= minSecretMatch {
			pairs = append(pairs, s.Value, "{{secret:"+s.Name+"}}")
		}
	}
	out := *c
	out.Profiles = make([]*Profile, len(c.Profiles))
	out.Requests = make([]*Request, len(c.Requests))
	r := strings.NewReplacer(pairs...)
	fix := func(s string) string {
		if len(pairs) == 0 {
			return s
		}
		return replaceOutsideRefs(s, r)
	}
	fixKVs := func(kvs []KV) []KV {
		o := make([]KV, len(kvs))
		for i, kv := range kvs {
			o[i] = KV{Key: kv.Key, Value: fix(kv.Value)}
		}
		return o
	}
	fixVars := func(vs []Var) []Var {
		o := make([]Var, len(vs))
		for i, v := range vs {
			o[i] = Var{Name: v.Name, Value: fix(v.Value), Note: v.Note}
		}
		return o
	}
	out.Vars = fixVars(c.Vars)
	out.Envs = make([]Env, len(c.Envs))
	for i, e := range c.Envs {
		out.Envs[i] = Env{Name: e.Name, Vars: fixVars(e.Vars), Note: e.Note}
	}
	for i, p := range c.Profiles {
		q := *p
		q.Fields = make([]Field, len(p.Fields))
		for j, f := range p.Fields {
			switch v := f.Value.(type) {
			case string:
				f.Value = fix(v)
			case []KV:
				f.Value = fixKVs(v)
			}
			q.Fields[j] = f
		}
		out.Profiles[i] = &q
	}
	for i, rq := range c.Requests {
		q := *rq
		q.URL = fix(q.URL)
		q.Body = fix(q.Body)
		q.Headers = fixKVs(q.Headers)
		q.Query = fixKVs(q.Query)
		q.Form = fixKVs(q.Form)
		q.Multipart = make([]Part, len(rq.Multipart))
		for j, part := range rq.Multipart {
			part.Value = fix(part.Value)
			q.Multipart[j] = part
		}
		out.Requests[i] = &q
	}
	return &out
}

// minSecretMatch is the shortest secret value looked for elsewhere.
const minSecretMatch = 8

// replaceOutsideRefs applies r to the text of s between its {{…}}
// references, leaving the references whole.
func replaceOutsideRefs(s string, r *strings.Replacer) string {
	var b strings.Builder
	for {
		open := strings.Index(s, "{{")
		if open < 0 {
			b.WriteString(r.Replace(s))
			return b.String()
		}
		end := strings.Index(s[open:], "}}")
		if end < 0 {
			b.WriteString(r.Replace(s))
			return b.String()
		}
		b.WriteString(r.Replace(s[:open]))
		b.WriteString(s[open : open+end+2])
		s = s[open+end+2:]
	}
}

type writer struct {
	buf bytes.Buffer
	// requestLines holds the line each request starts on (its comments
	// included), in order.
	requestLines []int
	// varLines maps the line of each variable written to the variable.
	varLines map[int]*Var
}

func (w *writer) printf(format string, args ...any) { fmt.Fprintf(&w.buf, format, args...) }

// comment writes text as comment lines, one per line of text; control
// characters (escape sequences from the input) become spaces.
func (w *writer) comment(text string) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(cleanComment(line), " ")
		if line == "" {
			w.printf("#\n")
			continue
		}
		w.printf("# %s\n", line)
	}
}

func cleanComment(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return ' '
		}
		return r
	}, s)
}

func (w *writer) collection(c *Collection) {
	for _, n := range c.Notes {
		w.comment(n)
	}
	if len(c.secrets) > 0 {
		w.comment("Secrets found in the input are in your secret store, never in this file:")
		for _, s := range c.secrets {
			w.comment(fmt.Sprintf("  %s (%s)", s.Name, s.Where))
		}
	}
	for _, u := range c.Unmapped {
		w.comment("Not imported: " + u)
	}
	if c.Name != "" {
		w.printf("name = %s\n", value(c.Name))
	}
	w.printf("version = %d\n", collections.FormatVersion)
	if c.DefaultProfile != "" {
		w.printf("default_profile = %s\n", value(c.DefaultProfile))
	}
	if len(c.Vars) > 0 {
		w.printf("\n[vars]\n")
		w.vars(c.Vars)
	}
	for _, e := range c.Envs {
		w.printf("\n")
		if e.Note != "" {
			w.comment(e.Note)
		}
		w.printf("[env.%s]\n", key(e.Name))
		w.vars(e.Vars)
	}
	for _, p := range c.Profiles {
		w.profile(p)
	}
	seen := map[string]bool{}
	for _, r := range c.Requests {
		name := r.Name
		if strings.TrimSpace(name) == "" {
			method := r.Method
			if method == "" {
				method = "GET"
			}
			name = method + " " + r.URL
		}
		unique := name
		for n := 2; seen[unique]; n++ {
			unique = name + " (" + strconv.Itoa(n) + ")"
		}
		seen[unique] = true
		w.request(r, unique)
	}
}

func (w *writer) vars(vs []Var) {
	for i, v := range vs {
		if v.Note != "" {
			w.comment(v.Note)
		}
		if w.varLines == nil {
			w.varLines = map[int]*Var{}
		}
		w.varLines[bytes.Count(w.buf.Bytes(), []byte("\n"))+1] = &vs[i]
		w.printf("%s = %s\n", key(v.Name), value(v.Value))
	}
}

func (w *writer) profile(p *Profile) {
	w.printf("\n")
	for _, n := range p.Notes {
		w.comment(n)
	}
	for _, u := range p.Unmapped {
		w.comment("Not imported: " + u)
	}
	w.printf("[profile.%s]\n", key(p.Name))
	w.printf("type = %s\n", value(p.Type))
	for _, f := range p.Fields {
		w.printf("%s = %s\n", key(f.Key), value(f.Value))
	}
}

// inlineLimit is the longest table written inline, as { k = "v", … }; a
// longer one gets its own [request.headers] section, a line per entry.
const inlineLimit = 80

func (w *writer) request(r *Request, name string) {
	w.printf("\n")
	w.requestLines = append(w.requestLines, bytes.Count(w.buf.Bytes(), []byte("\n"))+1)
	for _, n := range r.Notes {
		w.comment(n)
	}
	for _, u := range r.Unmapped {
		w.comment("Not imported: " + u)
	}
	w.printf("[[request]]\n")
	w.printf("name = %s\n", value(name))
	if r.Folder != "" {
		w.printf("folder = %s\n", value(r.Folder))
	}
	method := r.Method
	if method == "" {
		method = "GET"
	}
	w.printf("method = %s\n", value(method))
	w.printf("url = %s\n", value(r.URL))
	if r.Profile != "" {
		w.printf("profile = %s\n", value(r.Profile))
	}
	var sections []func()
	table := func(k string, kvs []KV) {
		if len(kvs) == 0 {
			return
		}
		if s := inlineTable(kvs); len(k)+3+len(s) <= inlineLimit && !strings.Contains(s, "\n") {
			w.printf("%s = %s\n", k, s)
			return
		}
		sections = append(sections, func() {
			w.printf("\n[request.%s]\n", k)
			for _, kv := range kvs {
				w.printf("%s = %s\n", key(kv.Key), value(kv.Value))
			}
		})
	}
	table("headers", r.Headers)
	table("query", r.Query)
	switch {
	case r.Body != "":
		w.printf("body = %s\n", text(r.Body))
	case len(r.Form) > 0:
		table("form", r.Form)
	case r.BodyFile != "":
		w.printf("body_file = %s\n", value(r.BodyFile))
	case len(r.Multipart) > 0:
		sections = append(sections, func() { w.multipartTable(r.Multipart) })
	}
	if r.Timeout != "" {
		w.printf("timeout = %s\n", value(r.Timeout))
	}
	if r.Insecure {
		w.comment("TLS certificates are not verified for this request, as the source asked.")
		w.printf("insecure = true\n")
	}
	if r.CAFile != "" {
		w.printf("ca_file = %s\n", value(r.CAFile))
	}
	if r.ClientCert != "" {
		w.printf("client_cert = %s\n", value(r.ClientCert))
	}
	if r.ClientKey != "" {
		w.printf("client_key = %s\n", value(r.ClientKey))
	}
	if len(r.Tags) > 0 {
		w.printf("tags = %s\n", value(r.Tags))
	}
	if r.Status != 0 {
		w.printf("expect = { status = %d }\n", r.Status)
	}
	for _, s := range sections {
		s()
	}
	if len(r.Capture) > 0 {
		w.printf("\n[request.capture]\n")
		for _, kv := range r.Capture {
			w.printf("%s = %s\n", key(kv.Key), value(kv.Value))
		}
	}
}

// multipart writes a multipart body. Until the collection format has one,
// the parts are written as a comment the user can act on.

// multipartTable writes [request.multipart]: a field as name = "value",
// a file as name = { file = "path", content_type = "…" }, a name sent
// several times with plain values as an array.
func (w *writer) multipartTable(parts []Part) {
	w.printf("\n[request.multipart]\n")
	written := map[string]bool{}
	for i, p := range parts {
		if written[p.Name] {
			continue
		}
		written[p.Name] = true
		var values []string
		repeated, plain := false, p.File == "" && p.ContentType == ""
		for _, q := range parts[i+1:] {
			if q.Name == p.Name {
				repeated = true
				plain = plain && q.File == "" && q.ContentType == ""
				values = append(values, q.Value)
			}
		}
		switch {
		case repeated && plain:
			w.printf("%s = %s\n", key(p.Name), value(append([]string{p.Value}, values...)))
			continue
		case repeated:
			w.comment("The part " + p.Name + " was sent more than once; only the first is written here.")
		}
		if p.File == "" && p.ContentType == "" {
			w.printf("%s = %s\n", key(p.Name), value(p.Value))
			continue
		}
		fields := []KV{{Key: "file", Value: p.File}}
		if p.File == "" {
			w.comment("The part " + p.Name + " had a content type keyway sends only with a file; it is sent as a plain field.")
			w.printf("%s = %s\n", key(p.Name), value(p.Value))
			continue
		}
		if p.ContentType != "" {
			fields = append(fields, KV{Key: "content_type", Value: p.ContentType})
		}
		w.printf("%s = %s\n", key(p.Name), inlineTable(fields))
	}
}

// inlineTable writes kvs as a TOML inline table.
func inlineTable(kvs []KV) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i, kv := range kvs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(key(kv.Key))
		b.WriteString(" = ")
		b.WriteString(value(kv.Value))
	}
	b.WriteString(" }")
	return b.String()
}

// key writes k as a TOML key: bare when TOML 1.0 allows it (§Keys: A-Z
// a-z 0-9 _ -), else a basic string.
func key(k string) string {
	if k != "" && strings.Trim(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == "" {
		return k
	}
	return marshalValue(k)
}

// value writes v as a TOML value on one line; a string is a basic
// string ("…").
func value(v any) string {
	switch v := v.(type) {
	case string:
		return marshalValue(v)
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = marshalValue(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []KV:
		return inlineTable(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	}
	return marshalValue(fmt.Sprint(v))
}

// text writes a body: a multi-line literal string, as a person would,
// when it has several lines and reads back the same; else a basic string.
// A one-line text with double quotes (JSON) is a literal string '…' when
// it can be, so that it reads as it is sent.
func text(s string) string {
	if enc, ok := multiline(s); ok {
		return enc
	}
	if strings.Contains(s, `"`) && !strings.ContainsAny(s, "'\n") {
		if enc := "'" + s + "'"; readsBack(enc, s) {
			return enc
		}
	}
	return marshalValue(s)
}

// readsBack reports whether go-toml, which keyway reads collections
// with, decodes the value enc as s.
func readsBack(enc, s string) bool {
	var back struct{ V string }
	return toml.Unmarshal([]byte("V = "+enc), &back) == nil && back.V == s
}

// multiline returns s as a TOML multi-line literal string (”'…”') when
// it has several lines and TOML can hold it that way: no ”' inside, no
// control character but tab and newline, and no quote at the very end.
// The text is checked by decoding it again with go-toml, which keyway
// reads collections with.
func multiline(s string) (string, bool) {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") || strings.Contains(s, "'''") || strings.HasSuffix(s, "'") {
		return "", false
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return "", false
		}
	}
	// The newline right after the opening ''' is dropped by TOML (§String),
	// so one is always written there and the text starts on its own line.
	enc := "'''\n" + s + "'''"
	return enc, readsBack(enc, s)
}

// marshalValue writes s as a TOML basic string, as keyway's own edits do.
func marshalValue(s string) string { return edit.QuoteString(s) }
