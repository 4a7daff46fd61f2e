package importer

import (
	"fmt"
	"path"
	"strings"
)

func init() {
	Register(Format{
		Name:    "curl",
		Summary: "curl commands, as API docs and browsers' \"Copy as cURL\" (bash or cmd) print them",
		Import:  ImportCurl,
	})
}

// ImportCurl reads one or more curl commands — on separate lines, after
// ';' or '&&', continued with '\' (or with '^' as Windows' cmd writes
// them) — and returns a request for each URL they send to.
//
// The text is parsed as a shell would parse it and never run: $NAME
// becomes {{env:NAME}}, and $(…) or backticks stay as text. Credentials
// become profiles whose secrets go to the secret store: -u (basic),
// --oauth2-bearer or an Authorization: Bearer header (bearer), an API key
// header such as X-API-Key (apikey). Cookies are secrets too.
func ImportCurl(in Input) (*Collection, error) {
	var cmds []shellCommand
	var err error
	if isCmdQuoted(in.Data) {
		cmds, err = splitCmd(in.Name, in.Data)
	} else {
		cmds, err = splitShell(in.Name, in.Data)
	}
	if err != nil {
		return nil, err
	}
	c := &Collection{Notes: []string{"Imported by keyway import curl from " + in.Name + "."}}
	var calls []*curlCall
	for _, cmd := range cmds {
		if cmd.other != "" {
			c.Unmapped = append(c.Unmapped, fmt.Sprintf("line %d: %s is not a curl command; skipped", cmd.line, firstLine(cmd.other)))
			continue
		}
		if len(cmd.args) == 0 {
			continue
		}
		if !isCurl(cmd.args[0]) {
			c.Unmapped = append(c.Unmapped, fmt.Sprintf("line %d: %s is not a curl command; skipped", cmd.line, firstLine(strings.Join(cmd.args, " "))))
			continue
		}
		calls = append(calls, parseCurl(cmd)...)
	}
	var n int
	for _, call := range calls {
		n += len(call.urls)
	}
	if n == 0 {
		return nil, &PosError{File: in.Name, Line: 1, Col: 1, Msg: "no curl command with a URL found (expected text such as: curl https://api.example.com/items)"}
	}
	for _, call := range calls {
		for _, u := range call.urls {
			c.addCurl(call, u)
		}
	}
	c.Name = hostOf(c.Requests[0].URL)
	c.shareBaseURL()
	c.DefineMissingVars("set this: the curl command used it as a {{variable}}")
	return c, nil
}

func firstLine(s string) string {
	s, _, cut := strings.Cut(s, "\n")
	if len(s) > 60 {
		s, cut = s[:60], true
	}
	if cut {
		s += "…"
	}
	return fmt.Sprintf("%q", s)
}

// isCurl reports a command word naming curl: curl, curl.exe, /usr/bin/curl.
func isCurl(word string) bool {
	base := path.Base(strings.ReplaceAll(word, `\`, "/"))
	base = strings.TrimSuffix(strings.ToLower(base), ".exe")
	return base == "curl"
}

// curlData is one -d/--data*/--json argument.
type curlData struct {
	option string // long name
	value  string
}

// curlCall is what one curl invocation (or one part of it between
// --next) sends.
type curlCall struct {
	line       int
	method     string
	urls       []string
	headers    []KV
	data       []curlData
	urlQuery   []string
	parts      []Part
	get, head  bool
	insecure   bool
	user       *string
	bearer     string
	cookie     string
	cacert     string
	cert, key  string
	maxTime    string
	uploadFile string
	unmapped   []string
	notes      []string
	comment    string
}

// parseCurl reads a curl command's options, as curl does: short options
// may be grouped (-sSL) and take their argument attached (-XPOST) or as
// the next word; "--" ends the options; --next starts a new request.
func parseCurl(cmd shellCommand) []*curlCall {
	call := &curlCall{line: cmd.line, notes: cmd.notes, comment: cmd.comment}
	calls := []*curlCall{call}
	args := cmd.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			call.urls = append(call.urls, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			call.urls = append(call.urls, a)
			continue
		}
		if strings.HasPrefix(a, "--") {
			name := a[2:]
			opt, ok := curlOptions()[name]
			if !ok {
				if o, isBool := curlOptions()[strings.TrimPrefix(name, "no-")]; isBool && strings.HasPrefix(name, "no-") && !o.arg {
					continue
				}
				call.unmapped = append(call.unmapped, "unknown option "+a+" was left out")
				continue
			}
			var arg string
			if opt.arg {
				if i+1 >= len(args) {
					call.unmapped = append(call.unmapped, "option "+a+" has no value; left out")
					continue
				}
				i++
				arg = args[i]
			}
			if name == "next" {
				call = &curlCall{line: cmd.line}
				calls = append(calls, call)
				continue
			}
			call.option(opt, a, arg)
			continue
		}
		// A group of short options: each letter an option; one that takes
		// an argument takes the rest of the word, or the next word.
		for j := 1; j < len(a); j++ {
			long, ok := curlShort()[a[j]]
			if !ok {
				call.unmapped = append(call.unmapped, "unknown option -"+string(a[j])+" was left out")
				continue
			}
			opt := curlOptions()[long]
			var arg string
			if opt.arg {
				if j+1 < len(a) {
					arg = a[j+1:]
				} else if i+1 < len(args) {
					i++
					arg = args[i]
				} else {
					call.unmapped = append(call.unmapped, "option -"+string(a[j])+" has no value; left out")
					break
				}
			}
			if long == "next" {
				call = &curlCall{line: cmd.line}
				calls = append(calls, call)
				break
			}
			call.option(opt, "-"+string(a[j]), arg)
			if opt.arg {
				break
			}
		}
	}
	return calls
}

// option applies one option to the call.
func (call *curlCall) option(opt curlOption, written, arg string) {
	switch opt.usage {
	case quiet:
		return
	case unmapped:
		msg := "option " + written + " has no keyway setting; left out"
		switch {
		case opt.arg && harmlessArgs[opt.long]:
			msg = "option " + written + " " + quoteShort(arg) + " has no keyway setting; left out"
		case opt.arg:
			// --proxy user:pw@host, --proxy-user, --pass, --tlspassword,
			// --proxy-header "Proxy-Authorization: …", --variable: the
			// value may be a credential, and this line goes to stderr.
			msg = "option " + written + " has no keyway setting; left out (its value is not shown: it may hold a credential)"
		}
		call.unmapped = append(call.unmapped, msg)
		return
	}
	switch opt.long {
	case "request":
		call.method = strings.ToUpper(arg)
	case "header":
		call.header(arg)
	case "data", "data-ascii", "data-raw", "data-binary", "data-urlencode", "json":
		call.data = append(call.data, curlData{option: opt.long, value: arg})
	case "url-query":
		call.urlQuery = append(call.urlQuery, arg)
	case "form", "form-string":
		call.form(opt.long, arg)
	case "get":
		call.get = true
	case "head":
		call.head = true
	case "user":
		call.user = &arg
	case "oauth2-bearer":
		call.bearer = arg
	case "cookie":
		if !strings.Contains(arg, "=") {
			call.unmapped = append(call.unmapped, "cookies read from the file "+quoteShort(arg)+" were left out")
			return
		}
		if call.cookie != "" {
			call.cookie += "; "
		}
		call.cookie += arg
	case "user-agent":
		call.headers = append(call.headers, KV{Key: "User-Agent", Value: arg})
	case "referer":
		arg = strings.TrimSuffix(strings.TrimSuffix(arg, ";auto"), "auto")
		if arg != "" {
			call.headers = append(call.headers, KV{Key: "Referer", Value: arg})
		}
	case "insecure":
		call.insecure = true
	case "cacert":
		call.cacert = arg
	case "cert":
		// --cert FILE:PASSWORD: keyway reads unencrypted keys only.
		if file, _, ok := strings.Cut(arg, ":"); ok && !isWindowsPath(arg) {
			call.unmapped = append(call.unmapped, "the client certificate's password was left out (keyway reads unencrypted keys)")
			arg = file
		}
		call.cert = arg
	case "key":
		call.key = arg
	case "url":
		call.urls = append(call.urls, arg)
	case "max-time":
		call.maxTime = arg
	case "upload-file":
		call.uploadFile = arg
	case "compressed", "location", "basic":
		// keyway's client asks for gzip and decodes it, and follows
		// redirects (without credentials to another host) by itself.
	}
}

func isWindowsPath(s string) bool {
	return len(s) > 2 && s[1] == ':' && (s[2] == '\\' || s[2] == '/')
}

// harmlessArgs are the unmapped options whose value names no credential
// (a host to resolve, a range, a file's path), and so may be quoted in
// the line saying that it was left out.
var harmlessArgs = map[string]bool{
	"resolve": true, "connect-to": true, "range": true, "continue-at": true, "request-target": true,
	"proto": true, "proto-redir": true, "proto-default": true, "cert-type": true, "key-type": true,
	"unix-socket": true, "abstract-unix-socket": true, "noproxy": true, "capath": true, "crlfile": true,
	"netrc-file": true, "config": true, "hsts": true, "alt-svc": true, "header-file": true,
	"ftp-method": true, "ftp-port": true, "pinnedpubkey": true, "proxy-cacert": true, "proxy-capath": true,
	"proxy-crlfile": true, "proxy-cert-type": true, "proxy-key-type": true, "tlsauthtype": true,
	"proxy-tlsauthtype": true, "upload-flags": true,
}

// quoteShort quotes s for a message, cut at 40 bytes.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// header records -H "Name: value". "Name;" sends an empty header; "Name:"
// removes one curl would add, which keyway does not add anyway;
// "@file" reads headers from a file.
func (call *curlCall) header(arg string) {
	if strings.HasPrefix(arg, "@") {
		call.unmapped = append(call.unmapped, "headers read from the file "+quoteShort(arg[1:])+" were left out")
		return
	}
	name, value, ok := strings.Cut(arg, ":")
	if !ok {
		if n, found := strings.CutSuffix(strings.TrimSpace(arg), ";"); found {
			call.headers = append(call.headers, KV{Key: n, Value: ""})
			return
		}
		call.unmapped = append(call.unmapped, "the header "+quoteShort(arg)+" has no ':'; left out")
		return
	}
	name = strings.TrimSpace(name)
	value = strings.TrimSpace(value)
	if value == "" {
		return // curl: remove an internal header
	}
	if !isHeaderName(name) {
		call.unmapped = append(call.unmapped, "the header name "+quoteShort(name)+" is not a valid name; left out")
		return
	}
	if strings.ContainsAny(value, "\r\n") {
		call.unmapped = append(call.unmapped, "the header "+name+" holds a line break; left out")
		return
	}
	call.headers = append(call.headers, KV{Key: name, Value: value})
}

// isHeaderName reports an RFC 9110 §5.6.2 token.
func isHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// form records one -F part: name=value, name=@file (a file upload),
// name=<file (a field whose value is the file's content), with
// ;type=… after it.
func (call *curlCall) form(option, arg string) {
	name, value, ok := strings.Cut(arg, "=")
	if !ok {
		call.unmapped = append(call.unmapped, "the form part "+quoteShort(arg)+" has no '='; left out")
		return
	}
	p := Part{Name: name}
	if option == "form" && (strings.HasPrefix(value, "@") || strings.HasPrefix(value, "<")) {
		file := value[1:]
		if f, attrs, found := strings.Cut(file, ";"); found {
			file = f
			for _, a := range strings.Split(attrs, ";") {
				if t, ok := strings.CutPrefix(strings.TrimSpace(a), "type="); ok {
					p.ContentType = t
				}
			}
		}
		p.File = file
		if value[0] == '<' {
			call.unmapped = append(call.unmapped, "the form field "+quoteShort(name)+" takes its value from the file "+quoteShort(file)+": sent as a file part")
		}
	} else {
		if option == "form" {
			if v, attrs, found := strings.Cut(value, ";type="); found {
				value, p.ContentType = v, attrs
			}
		}
		p.Value = value
	}
	call.parts = append(call.parts, p)
}

// body returns what -d and friends send: the pieces joined with '&'
// (--json pieces are joined with nothing, as curl does), and the
// Content-Type curl would add.
func (call *curlCall) body() (text, file, contentType string) {
	var b strings.Builder
	isJSON := false
	for i, d := range call.data {
		if i > 0 && d.option != "json" {
			b.WriteByte('&')
		}
		v := d.value
		switch d.option {
		case "data", "data-ascii", "data-binary", "json":
			if strings.HasPrefix(v, "@") {
				if len(call.data) == 1 && v != "@-" {
					file = v[1:]
					if d.option == "data" || d.option == "data-ascii" {
						call.notes = append(call.notes, "curl -d @file leaves out the file's line breaks; keyway sends the file as it is")
					}
				} else {
					call.unmapped = append(call.unmapped, "the body read from "+quoteShort(v)+" was left out")
				}
				continue
			}
			if d.option == "json" {
				isJSON = true
			}
		case "data-urlencode":
			v = urlencodeData(v, &call.unmapped)
		}
		b.WriteString(v)
	}
	contentType = "application/x-www-form-urlencoded"
	if isJSON {
		contentType = "application/json"
	}
	return b.String(), file, contentType
}

// urlencodeData encodes a --data-urlencode argument as curl does:
// "content", "=content", "name=content" encode content; "@file" and
// "name@file" read a file, which is left out.
func urlencodeData(v string, unmapped *[]string) string {
	if i := strings.IndexAny(v, "=@"); i >= 0 {
		if v[i] == '@' {
			*unmapped = append(*unmapped, "the urlencoded data read from "+quoteShort(v[i+1:])+" was left out")
			return v[:i]
		}
		if i == 0 {
			return curlEscape(v[1:])
		}
		return v[:i] + "=" + curlEscape(v[i+1:])
	}
	return curlEscape(v)
}

// curlEscape percent-encodes all but RFC 3986's unreserved characters
// and writes a space as '+', as curl's --data-urlencode does.
func curlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			b.WriteByte('+')
			continue
		}
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
