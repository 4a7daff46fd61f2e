package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

func init() {
	Register(Format{
		Name:    "http",
		Summary: ".http and .rest files of VS Code's REST Client and JetBrains' HTTP Client",
		Import:  ImportHTTP,
	})
}

// ImportHTTP reads a .http or .rest file — VS Code REST Client's or
// JetBrains HTTP Client's dialect — and returns its requests in order.
// Requests are separated by ### (the text after it names the request in
// JetBrains' dialect; # @name does in both), file variables (@name =
// value) become vars, and {{name}} is already keyway's syntax. Beside a
// file with a folder, JetBrains' http-client.env.json gives environments
// and http-client.private.env.json their secret values.
func ImportHTTP(in Input) (*Collection, error) {
	if i := invalidUTF8(in.Data); i >= 0 {
		line, col := lineCol(in.Data, i)
		return nil, &PosError{File: in.Name, Line: line, Col: col, Msg: "the file is not UTF-8 text; save it as UTF-8"}
	}
	p := &httpParser{name: in.Name, c: &Collection{}, stem: fileStem(in.Name)}
	p.c.Notes = []string{"Imported by keyway import http from " + in.Name + "."}
	if err := p.parse(string(in.Data)); err != nil {
		return nil, err
	}
	p.captures()
	if len(p.c.Requests) == 0 {
		return nil, &PosError{File: in.Name, Line: 1, Col: 1, Msg: "no request found (expected a request line such as: GET https://api.example.com/items)"}
	}
	if in.ReadFile != nil {
		if err := p.environments(in.ReadFile); err != nil {
			return nil, err
		}
	}
	p.c.Name = p.stem
	p.c.UseURLVars()
	p.c.DefineMissingVars("set this: the file used it as a {{variable}}")
	return p.c, nil
}

func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

func fileStem(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if base == "." || base == "/" || name == "stdin" || name == "-" {
		return "http"
	}
	return strings.TrimSuffix(base, path.Ext(base))
}

func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func lineCol(data []byte, offset int) (int, int) {
	line, col := 1, 1
	for i := 0; i < offset && i < len(data); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

type httpParser struct {
	name string
	stem string
	c    *Collection
	// pending are variables REST Client takes from another request's
	// response ({{login.response.body.$.token}}), mapped after parsing.
	pending []pendingCapture
}

type pendingCapture struct {
	variable, request, part, path string
	line                          int
}

// httpBlock is one request's lines, between ### separators.
type httpBlock struct {
	title string // the text after ###
	lines []httpLine
}

type httpLine struct {
	n    int // 1-based line number
	text string
}

// The patterns are compiled on first use, not at every start of keyway.
var (
	httpVarLine    = lazyRegexp(`^@([^\s=]+)\s*=\s*(.*)$`)
	httpNameDirect = lazyRegexp(`^(?:#|//)\s*@name\s*=?\s*(.+)$`)
	httpDirective  = lazyRegexp(`^(?:#|//)\s*@([A-Za-z][\w-]*)`)
	// httpRequestVar is REST Client's {{login.response.body.$.token}}:
	// a value from another request's exchange.
	httpRequestVar = lazyRegexp(`^\{\{\s*([\w-]+)\.(request|response)\.(.*?)\s*\}\}$`)
	// httpStatusTest and httpGlobalSet find the commonest lines of a
	// JetBrains response handler.
	httpStatusTest = lazyRegexp(`response\.status\s*={2,3}\s*([1-5][0-9]{2})\b`)
	httpGlobalSet  = lazyRegexp(`client\.global\.set\(\s*["']([\w.-]+)["']\s*,\s*response\.body\.([\w.\[\]]+)\s*\)`)
	httpMethods    = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"}
)

func (p *httpParser) parse(text string) error {
	text = strings.TrimPrefix(text, "\uFEFF")
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	blocks := []*httpBlock{{}}
	for i, l := range lines {
		if strings.HasPrefix(l, "###") {
			blocks = append(blocks, &httpBlock{title: strings.TrimSpace(strings.TrimLeft(l, "#"))})
			continue
		}
		b := blocks[len(blocks)-1]
		b.lines = append(b.lines, httpLine{n: i + 1, text: l})
	}
	for _, b := range blocks {
		if err := p.block(b); err != nil {
			return err
		}
	}
	return nil
}

// block reads one request: comments and variables, the request line
// (METHOD URL HTTP/VERSION, the method and version optional), query lines
// continued with ? or &, headers up to a blank line, then the body.
func (p *httpParser) block(b *httpBlock) error {
	r := &Request{Name: b.title}
	i := 0
	// Before the request line: comments, directives, variables.
	for ; i < len(b.lines); i++ {
		l := strings.TrimSpace(b.lines[i].text)
		switch {
		case l == "":
		case httpVarLine().MatchString(l):
			m := httpVarLine().FindStringSubmatch(l)
			p.fileVar(m[1], strings.TrimSpace(m[2]), b.lines[i].n, r)
		case strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//"):
			p.comment(l, r)
		default:
			goto requestLine
		}
	}
	return nil
requestLine:
	line := b.lines[i]
	if err := p.requestLine(line, r); err != nil {
		return err
	}
	i++
	// Query continuation lines (REST Client): ?a=1 or &b=2, indented.
	for ; i < len(b.lines); i++ {
		l := strings.TrimSpace(b.lines[i].text)
		if !strings.HasPrefix(l, "?") && !strings.HasPrefix(l, "&") {
			break
		}
		r.URL += l
	}
	// Headers, up to the first blank line.
	for ; i < len(b.lines); i++ {
		hl := b.lines[i]
		l := strings.TrimSpace(hl.text)
		if l == "" {
			i++
			break
		}
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "//") {
			p.comment(l, r)
			continue
		}
		if strings.HasPrefix(l, "<") || strings.HasPrefix(l, "{") || strings.HasPrefix(l, "[") {
			// A body right after the headers, without the blank line.
			break
		}
		name, value, ok := strings.Cut(hl.text, ":")
		name = strings.TrimSpace(name)
		if !ok || !isHeaderName(name) {
			col := 1 + len(hl.text) - len(strings.TrimLeft(hl.text, " \t"))
			return &PosError{File: p.name, Line: hl.n, Col: col, Msg: "a header line needs \"Name: value\" (leave a blank line before the body)"}
		}
		r.Headers = append(r.Headers, KV{Key: name, Value: p.template(strings.TrimSpace(value), r)})
	}
	p.body(b.lines[i:], r)
	p.credentials(r)
	r.Query, r.URL = splitQuery(r.URL)
	// ?api_key=… and form fields named password or client_secret go to
	// the secret store, as in a curl command.
	host := hostOf(p.c.expandVars(r.URL))
	p.c.queryKey(r, host)
	p.c.formSecrets(r, host)
	if r.Name == "" {
		r.Name = r.Method + " " + pathOf(r.URL)
	}
	p.c.Requests = append(p.c.Requests, r)
	return nil
}

func (p *httpParser) requestLine(line httpLine, r *Request) error {
	fields := strings.Fields(line.text)
	col := 1 + len(line.text) - len(strings.TrimLeft(line.text, " \t"))
	if len(fields) == 0 {
		return nil
	}
	if strings.EqualFold(fields[0], "curl") {
		return &PosError{File: p.name, Line: line.n, Col: col, Msg: "a curl command inside a .http file is not read; import it with keyway import curl"}
	}
	method := "GET"
	if isMethodToken(fields[0]) && len(fields) > 1 {
		method, fields = strings.ToUpper(fields[0]), fields[1:]
	}
	if len(fields) > 1 && strings.HasPrefix(strings.ToUpper(fields[len(fields)-1]), "HTTP/") {
		fields = fields[:len(fields)-1]
	}
	if len(fields) != 1 {
		return &PosError{File: p.name, Line: line.n, Col: col, Msg: "a request line is METHOD URL [HTTP/VERSION]; this one has spaces in its URL"}
	}
	u := fields[0]
	if !strings.Contains(u, "://") && !strings.HasPrefix(u, "{{") {
		if strings.HasPrefix(u, "/") {
			return &PosError{File: p.name, Line: line.n, Col: col + strings.Index(line.text[col-1:], u), Msg: "the URL " + quoteShort(u) + " has no host; write it in full or as {{host}}" + u}
		}
		u = "http://" + u
	}
	r.Method = method
	if parsed, err := url.Parse(u); err == nil && parsed.User != nil {
		// https://user:pass@host/ sends Basic credentials: they leave the
		// URL for a profile, the password for the secret store, as in
		// REST Client's "Authorization: Basic user:password".
		user := parsed.User.Username()
		if password, ok := parsed.User.Password(); ok {
			r.Headers = append(r.Headers, KV{Key: "Authorization", Value: "Basic " + user + ":" + password})
		}
		parsed.User = nil
		u = parsed.String()
	}
	r.URL = p.template(u, r)
	return nil
}

// isMethodToken reports a request method: the known ones in any case,
// others (a WebDAV PROPFIND) in upper case.
func isMethodToken(s string) bool {
	for _, m := range httpMethods {
		if strings.EqualFold(s, m) {
			return true
		}
	}
	return s == strings.ToUpper(s) && isHeaderName(s) && !strings.Contains(s, ".")
}

// comment handles a comment line: # @name sets the request's name,
// other directives are listed, plain text becomes a note.
func (p *httpParser) comment(l string, r *Request) {
	if m := httpNameDirect().FindStringSubmatch(l); m != nil {
		r.Name = strings.TrimSpace(m[1])
		return
	}
	if m := httpDirective().FindStringSubmatch(l); m != nil {
		r.Unmapped = append(r.Unmapped, "the directive @"+m[1]+" has no keyway setting")
		return
	}
	text := strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(l, "//"), "#"))
	if text != "" {
		r.Notes = append(r.Notes, text)
	}
}

// body reads the body lines: text, or "< ./file" for a file's content;
// a JetBrains response handler (> {% … %} or > file.js) and response
// reference (<> file) end it.
func (p *httpParser) body(lines []httpLine, r *Request) {
	var body []string
	for k := 0; k < len(lines); k++ {
		l := lines[k].text
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "<> "):
			continue
		case strings.HasPrefix(t, "> "), t == ">" || strings.HasPrefix(t, ">{%"):
			script := []string{t}
			// The script runs up to its closing %}.
			if strings.Contains(t, "{%") && !strings.Contains(t, "%}") {
				for k++; k < len(lines); k++ {
					script = append(script, lines[k].text)
					if strings.Contains(lines[k].text, "%}") {
						break
					}
				}
			}
			p.handlerScript(strings.Join(script, "\n"), r)
			continue
		case len(body) == 0 && (strings.HasPrefix(t, "< ") || strings.HasPrefix(t, "<@ ")):
			file := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "<@"), "<"))
			r.BodyFile = file
			if strings.HasPrefix(t, "<@") {
				r.Unmapped = append(r.Unmapped, "the body file's {{variables}} are not replaced by keyway")
			}
			continue
		}
		body = append(body, l)
	}
	text := strings.TrimRight(strings.Join(body, "\n"), "\n\t ")
	if text != "" && r.BodyFile == "" {
		r.Body = p.template(text, r)
	}
}

// handlerScript reads what keyway can of a JetBrains response handler,
// which it never runs: the commonest lines, a status test and
// client.global.set("name", response.body.path), become expect.status
// and a capture; the script is listed either way.
func (p *httpParser) handlerScript(script string, r *Request) {
	var translated []string
	if m := httpStatusTest().FindStringSubmatch(script); m != nil && r.Status == 0 {
		r.Status, _ = strconv.Atoi(m[1]) // three digits, by the pattern
		translated = append(translated, "expect.status = "+m[1])
	}
	for _, m := range httpGlobalSet().FindAllStringSubmatch(script, -1) {
		if expr, ok := jsonPathToJQ("$." + m[2]); ok && isVariableName(m[1]) {
			r.Capture = append(r.Capture, KV{Key: m[1], Value: expr})
			translated = append(translated, "capture "+m[1])
		}
	}
	msg := "a response handler script was not run (keyway runs no scripts: use expect and capture)"
	if len(translated) > 0 {
		msg += "; read from it: " + strings.Join(translated, ", ")
	}
	r.Unmapped = append(r.Unmapped, msg)
}

// captures maps REST Client's request variables to captures: @token =
// {{login.response.body.$.token}} becomes, on request "login",
// [request.capture] token = ".token". Only JSON bodies with a plain path
// map (keyway captures with jq on the JSON body); the rest is listed.
func (p *httpParser) captures() {
	for _, pc := range p.pending {
		var target *Request
		for _, r := range p.c.Requests {
			if r.Name == pc.request {
				target = r
			}
		}
		expr, ok := "", false
		if pc.part == "response" {
			if path, isBody := strings.CutPrefix(pc.path, "body."); isBody {
				expr, ok = jsonPathToJQ(path)
			}
		}
		if target == nil || !ok {
			p.c.Unmapped = append(p.c.Unmapped, fmt.Sprintf("line %d: @%s takes {{%s.%s.%s}}: keyway captures from a request's JSON body only; add a capture by hand", pc.line, pc.variable, pc.request, pc.part, pc.path))
			p.c.AddVar(pc.variable, "{{prompt:"+pc.variable+"}}", "set this: the file took it from request "+pc.request)
			continue
		}
		target.Capture = append(target.Capture, KV{Key: pc.variable, Value: expr})
	}
}

// jsonPathToJQ turns a plain JSONPath ($.a.b, $.items[0].id, $) into jq
// (.a.b, .items[0].id, .); anything else (filters, wildcards) is not
// mapped.
func jsonPathToJQ(path string) (string, bool) {
	path = strings.TrimSpace(path)
	if path == "*" || path == "$" {
		return ".", true
	}
	rest, ok := strings.CutPrefix(path, "$.")
	if !ok || rest == "" {
		return "", false
	}
	var b strings.Builder
	for _, seg := range strings.Split(rest, ".") {
		name, index, hasIndex := strings.Cut(seg, "[")
		if !isJQName(name) {
			return "", false
		}
		b.WriteString("." + name)
		for hasIndex {
			var digits string
			digits, index, _ = strings.Cut(index, "]")
			if digits == "" || strings.Trim(digits, "0123456789") != "" {
				return "", false
			}
			b.WriteString("[" + digits + "]")
			if index == "" {
				break
			}
			if index, hasIndex = strings.CutPrefix(index, "["); !hasIndex {
				return "", false
			}
		}
	}
	return b.String(), true
}

func isJQName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// fileVar handles @name = value. A value that looks like a credential
// (by its name) goes to the secret store.
func (p *httpParser) fileVar(name, value string, line int, r *Request) {
	v := VarName(name)
	if m := httpRequestVar().FindStringSubmatch(value); m != nil {
		p.pending = append(p.pending, pendingCapture{variable: v, request: m[1], part: m[2], path: m[3], line: line})
		return
	}
	value = p.template(value, r)
	if looksSecret(v) && value != "" && !strings.Contains(value, "{{") {
		value = p.c.Secret(p.stem+"/"+v, value, "the file variable @"+name)
	}
	p.c.AddVar(v, value, "")
}

// looksSecret reports a variable whose name says it holds a credential.
func looksSecret(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"token", "secret", "password", "passwd", "apikey", "api_key", "api-key", "credential", "private"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "key" || strings.HasSuffix(n, "_key") || strings.HasSuffix(n, "-key")
}

// template turns the file's {{…}} into keyway's: {{name}} stays,
// {{$processEnv NAME}} and {{$dotenv NAME}} become {{env:NAME}}, and
// other system variables ({{$guid}}, {{$timestamp}}, {{$random.uuid}})
// have no keyway equivalent: they are listed and broken up.
func (p *httpParser) template(s string, r *Request) string {
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
		end := strings.Index(s[open:], "}}")
		inner := ""
		if end >= 0 {
			inner = strings.TrimSpace(s[open+2 : open+end])
		}
		fields := strings.Fields(inner)
		switch {
		case end < 0:
		case len(fields) == 2 && (fields[0] == "$processEnv" || fields[0] == "$dotenv") && validEnvName(strings.TrimPrefix(fields[1], "%")):
			b.WriteString("{{env:" + strings.TrimPrefix(fields[1], "%") + "}}")
			s = s[open+end+2:]
			continue
		case strings.HasPrefix(inner, "$env.") && validEnvName(inner[5:]):
			b.WriteString("{{env:" + inner[5:] + "}}")
			s = s[open+end+2:]
			continue
		case isVariableName(inner):
			b.WriteString("{{" + inner + "}}")
			s = s[open+end+2:]
			continue
		case strings.HasPrefix(inner, "$"):
			r.Unmapped = append(r.Unmapped, "the dynamic variable {{"+inner+"}} has no keyway equivalent; set it by hand")
		default:
			r.Unmapped = append(r.Unmapped, "{{"+inner+"}} is not a variable keyway can read; set it by hand")
		}
		// Not a reference keyway reads: the first brace and a space, and
		// the scan goes on from the second brace.
		b.WriteString("{ ")
		s = s[open+1:]
	}
	return b.String()
}

// credentials maps an Authorization or API key header to a profile, as
// the curl importer does. REST Client's "Basic user:password" and "Basic
// user password" (which it encodes before sending) are read too: base64
// holds neither ':' nor a space.
func (p *httpParser) credentials(r *Request) {
	host := hostOf(p.c.expandVars(r.URL))
	for i, h := range r.Headers {
		scheme, cred, _ := strings.Cut(strings.TrimSpace(h.Value), " ")
		if !strings.EqualFold(h.Key, "Authorization") || !strings.EqualFold(scheme, "basic") || r.Profile != "" {
			continue
		}
		cred = strings.TrimSpace(cred)
		user, password, ok := cutOutsideRefs(cred, ':')
		if !ok {
			user, password, ok = strings.Cut(cred, " ")
		}
		if !ok {
			continue
		}
		password = strings.TrimSpace(password)
		r.Profile = p.c.AddProfile(&Profile{Name: hostLabel(host) + "-basic", Type: "basic", Fields: []Field{
			{Key: "username", Value: user},
			{Key: "password", Value: p.c.secretValue(password, host, user, "the Basic password")},
		}})
		r.Headers = append(r.Headers[:i:i], r.Headers[i+1:]...)
		break
	}
	p.c.curlCredentials(r, &curlCall{}, host)
}

// environments reads JetBrains' http-client.env.json (environments) and
// http-client.private.env.json (their secret values) beside the file.
func (p *httpParser) environments(read func(string) ([]byte, error)) error {
	envs := map[string]*Env{}
	var order []string
	for _, file := range []string{"http-client.env.json", "http-client.private.env.json"} {
		data, err := read(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		private := strings.Contains(file, "private")
		obj, err := parseOrderedJSON(file, data)
		if err != nil {
			return err
		}
		for _, env := range obj {
			values, ok := env.value.([]jsonMember)
			if !ok {
				p.c.Unmapped = append(p.c.Unmapped, fmt.Sprintf("%s: %q is not an object of variables; left out", file, env.key))
				continue
			}
			if env.key == "$shared" {
				for _, m := range values {
					p.envVar(nil, file, env.key, m, private)
				}
				continue
			}
			e := envs[env.key]
			if e == nil {
				e = &Env{Name: env.key}
				envs[env.key] = e
				order = append(order, env.key)
			}
			for _, m := range values {
				p.envVar(e, file, env.key, m, private)
			}
		}
	}
	for _, name := range order {
		p.c.Envs = append(p.c.Envs, *envs[name])
	}
	return nil
}

func (p *httpParser) envVar(e *Env, file, env string, m jsonMember, private bool) {
	var value string
	switch v := m.value.(type) {
	case string:
		value = v
	case float64, bool:
		value = fmt.Sprint(v)
	case jsonNumber:
		value = string(v)
	default:
		p.c.Unmapped = append(p.c.Unmapped, fmt.Sprintf("%s: %s's %q is not a plain value (an auth configuration?); left out", file, env, m.key))
		return
	}
	name := VarName(m.key)
	value, _ = literalText(value)
	if (private || looksSecret(name)) && value != "" && !strings.Contains(value, "{{") {
		value = p.c.Secret(p.stem+"/"+env+"/"+name, value, fmt.Sprintf("%s, environment %s, %s", file, env, m.key))
	}
	if e == nil {
		p.c.AddVar(name, value, "")
		return
	}
	for i := range e.Vars {
		if e.Vars[i].Name == name {
			e.Vars[i].Value = value
			return
		}
	}
	e.Vars = append(e.Vars, Var{Name: name, Value: value})
}
