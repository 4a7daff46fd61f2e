package importer

import (
	"encoding/base64"
	"net"
	"net/url"
	"slices"
	"strings"
)

// addCurl adds the request call sends to rawURL.
func (c *Collection) addCurl(call *curlCall, rawURL string) {
	r := &Request{Notes: append([]string(nil), call.notes...), Unmapped: append([]string(nil), call.unmapped...)}
	if !strings.Contains(rawURL, "://") && !strings.HasPrefix(rawURL, "{{") {
		// curl's default scheme, unless the host says otherwise.
		rawURL = "http://" + rawURL
	}
	if strings.ContainsAny(hostPart(rawURL), "[]{}") && !strings.Contains(rawURL, "{{") {
		r.Unmapped = append(r.Unmapped, "curl expands [1-3] and {a,b} in URLs into several requests; this one was imported as written")
	}
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		// https://user:pass@host/ is Basic auth to curl; the
		// credentials leave the URL for a profile.
		if call.user == nil {
			creds := u.User.Username()
			if p, ok := u.User.Password(); ok {
				creds += ":" + p
			}
			call.user = &creds
		}
		u.User = nil
		rawURL = u.String()
	}
	body, bodyFile, contentType := call.body()
	r.URL = rawURL
	switch {
	case call.get && body != "":
		r.URL = appendQueryText(r.URL, body)
		body = ""
	case len(call.urlQuery) > 0:
	}
	for _, q := range call.urlQuery {
		r.URL = appendQueryText(r.URL, urlencodeData(q, &r.Unmapped))
	}
	r.Method = call.method
	if r.Method == "" {
		switch {
		case call.head:
			r.Method = "HEAD"
		case call.get:
			r.Method = "GET"
		case body != "" || bodyFile != "" || len(call.parts) > 0:
			r.Method = "POST"
		case call.uploadFile != "":
			r.Method = "PUT"
		default:
			r.Method = "GET"
		}
	}
	host := hostOf(r.URL)
	r.Headers = append(r.Headers, call.headers...)
	hasHeader := func(name string) bool {
		for _, h := range r.Headers {
			if strings.EqualFold(h.Key, name) {
				return true
			}
		}
		return false
	}
	isJSON := contentType == "application/json"
	switch {
	case body != "" || bodyFile != "":
		if isJSON && !hasHeader("Accept") {
			r.Headers = append(r.Headers, KV{Key: "Accept", Value: "application/json"})
		}
		if form, ok := formPairs(body); ok && !isJSON && !hasHeader("Content-Type") {
			// keyway sends a form table exactly like this, with its
			// Content-Type: the readable way to write it.
			r.Form = form
		} else {
			if !hasHeader("Content-Type") {
				r.Headers = append(r.Headers, KV{Key: "Content-Type", Value: contentType})
			}
			r.Body = body
			r.BodyFile = bodyFile
		}
	case len(call.parts) > 0:
		r.Multipart = call.parts
		// keyway writes a multipart body's Content-Type itself, with the
		// boundary (RFC 7578 §4.1); one given by hand has none.
		var kept []KV
		for _, h := range r.Headers {
			if strings.EqualFold(h.Key, "Content-Type") && strings.HasPrefix(strings.ToLower(h.Value), "multipart/") {
				r.Notes = append(r.Notes, "the Content-Type header "+quoteShort(h.Value)+" was left out: keyway writes it, with the boundary")
				continue
			}
			kept = append(kept, h)
		}
		r.Headers = kept
	case call.uploadFile != "":
		r.BodyFile = call.uploadFile
		if !hasHeader("Content-Type") {
			r.Notes = append(r.Notes, "curl -T sends no Content-Type; keyway sends one from the file's extension")
		}
	}
	if call.maxTime != "" {
		r.Timeout = strings.TrimSuffix(call.maxTime, "s") + "s"
	}
	r.Insecure = call.insecure
	r.CAFile, r.ClientCert, r.ClientKey = call.cacert, call.cert, call.key
	if call.cookie != "" && !hasHeader("Cookie") {
		r.Headers = append(r.Headers, KV{Key: "Cookie", Value: call.cookie})
	}
	c.curlCredentials(r, call, host)
	r.Query, r.URL = splitQuery(r.URL)
	c.queryKey(r, host)
	r.URL = c.urlQuerySecrets(r.URL, host)
	c.formSecrets(r, host)
	r.Name = r.Method + " " + pathOf(r.URL)
	if call.comment != "" && len(call.urls) == 1 {
		if len(call.comment) <= 60 && !strings.Contains(call.comment, "{{") {
			r.Name = call.comment
		} else {
			r.Notes = append(r.Notes, call.comment)
		}
	}
	c.Requests = append(c.Requests, r)
}

// curlCredentials turns what carries credentials into a profile (the
// first of -u, --oauth2-bearer, an Authorization header, an API key
// header) and every other credential into a secret reference.
func (c *Collection) curlCredentials(r *Request, call *curlCall, host string) {
	label := hostLabel(host)
	var headers []KV
	for _, h := range r.Headers {
		lower := strings.ToLower(h.Key)
		switch {
		case lower == "authorization" && r.Profile == "":
			if c.authorizationProfile(r, h.Value, host, label) {
				continue
			}
			h.Value = c.secretHeader(h.Value, host, "authorization", "the Authorization header")
		case isAPIKeyHeader(lower) && r.Profile == "":
			r.Profile = c.AddProfile(&Profile{Name: label + "-key", Type: "apikey", Fields: []Field{
				{Key: "in", Value: "header"},
				{Key: "name", Value: h.Key},
				{Key: "value", Value: c.secretValue(h.Value, host, strings.ToLower(h.Key), "the "+h.Key+" header")},
			}})
			continue
		case isCredentialHeader(lower):
			h.Value = c.secretHeader(h.Value, host, lower, "the "+h.Key+" header")
		}
		headers = append(headers, h)
	}
	r.Headers = headers
	switch {
	case call.user != nil && r.Profile == "":
		user, password, hasPassword := cutOutsideRefs(*call.user, ':')
		p := &Profile{Name: label + "-basic", Type: "basic"}
		switch {
		case !hasPassword:
			// curl asks for the password; so does keyway.
			password = "{{prompt:Password for " + strings.NewReplacer("{", "", "}", "").Replace(user) + "}}"
		case password == "" && user != "":
			// -u KEY: (Stripe's style): the user-id is the secret.
			user = c.secretValue(user, host, "api-key", "the API key sent as the Basic user-id")
		default:
			password = c.secretValue(password, host, user, "the Basic password")
		}
		p.Fields = []Field{{Key: "username", Value: user}, {Key: "password", Value: password}}
		r.Profile = c.AddProfile(p)
	case call.user != nil:
		r.Unmapped = append(r.Unmapped, "-u was left out: the request's credentials come from its headers")
	case call.bearer != "" && r.Profile == "":
		r.Profile = c.bearerProfile(call.bearer, host, label)
	}
}

// formSecrets stores the values of form fields whose names say they
// hold a credential — password, client_secret, refresh_token, api_key
// (looksSecret) — as secrets: a token request copied from API docs
// (-d grant_type=password -d password=…) must not leave the password in
// the collection.
func (c *Collection) formSecrets(r *Request, host string) {
	if len(r.Form) == 0 && r.Body != "" {
		// A form body written with its own Content-Type (browsers'
		// "Copy as cURL", a .http file) becomes the form table, which
		// sends the same bytes, when a field holds a credential.
		ct := slices.IndexFunc(r.Headers, func(h KV) bool { return strings.EqualFold(h.Key, "Content-Type") })
		if pairs, ok := formPairs(r.Body); ok && ct >= 0 && strings.EqualFold(strings.TrimSpace(r.Headers[ct].Value), "application/x-www-form-urlencoded") &&
			slices.ContainsFunc(pairs, func(kv KV) bool { return looksSecret(kv.Key) }) {
			r.Form, r.Body = pairs, ""
			r.Headers = slices.Delete(slices.Clone(r.Headers), ct, ct+1)
		}
	}
	for i, kv := range r.Form {
		if looksSecret(kv.Key) && kv.Value != "" {
			r.Form[i].Value = c.secretValue(kv.Value, host, kv.Key, "the "+kv.Key+" form field")
		}
	}
	if len(r.Form) == 0 && r.Body != "" {
		// A form body the table would send differently (a "/" left
		// unescaped, as people type it) stays text, with each credential
		// replaced where it stands.
		r.Body = c.secretPairs(r.Body, host, func(name, _ string) bool { return looksSecret(name) }, "form field")
	}
}

// secretPairs replaces, in form-encoded text (a body, a URL's query), the
// value of each pair whose name isSecret accepts with a reference to a
// secret holding it as written, so that the same bytes are sent while the
// file holds no credential. Text that is not name=value pairs is left.
func (c *Collection) secretPairs(text, host string, isSecret func(name, value string) bool, what string) string {
	pairs := strings.Split(text, "&")
	changed := false
	for i, pair := range pairs {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || v == "" || strings.Contains(v, "{{") {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil || !isSecret(name, v) {
			continue
		}
		pairs[i] = k + "=" + c.secretValue(v, host, name, "the "+name+" "+what)
		changed = true
	}
	if !changed {
		return text
	}
	return strings.Join(pairs, "&")
}

// queryKey turns an API key in the query (?api_key=…) into an apikey
// profile, or a secret when the request has a profile already.
func (c *Collection) queryKey(r *Request, host string) {
	var kept []KV
	for _, kv := range r.Query {
		if queryCredential(kv.Key, kv.Value) {
			value := c.secretValue(kv.Value, host, kv.Key, "the "+kv.Key+" query parameter")
			if r.Profile == "" {
				r.Profile = c.AddProfile(&Profile{Name: hostLabel(host) + "-key", Type: "apikey", Fields: []Field{
					{Key: "in", Value: "query"}, {Key: "name", Value: kv.Key}, {Key: "value", Value: value},
				}})
				continue
			}
			kv.Value = value
		}
		kept = append(kept, kv)
	}
	r.Query = kept
}

// urlQuerySecrets replaces the API keys and tokens of a query splitQuery
// left in the URL (one the table would send differently) where they stand.
func (c *Collection) urlQuerySecrets(raw, host string) string {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	query, fragment, hasFragment := strings.Cut(query, "#")
	query = c.secretPairs(query, host, queryCredential, "query parameter")
	if hasFragment {
		query += "#" + fragment
	}
	return base + "?" + query
}

// queryCredential reports a query parameter that carries an API key or
// token: its name says so, and its value is long enough to be one
// (?key=1 is a page key, not a credential).
func queryCredential(name, value string) bool {
	switch strings.ToLower(name) {
	case "api_key", "apikey", "api-key", "access_token", "auth_token", "token", "key":
		return len(value) >= 8
	}
	return false
}

// authorizationProfile maps "Bearer TOKEN" and "Basic BASE64" to a
// profile, and reports whether it did.
func (c *Collection) authorizationProfile(r *Request, value, host, label string) bool {
	scheme, cred, _ := strings.Cut(strings.TrimSpace(value), " ")
	cred = strings.TrimSpace(cred)
	switch strings.ToLower(scheme) {
	case "bearer":
		if cred == "" {
			return false
		}
		r.Profile = c.bearerProfile(cred, host, label)
		return true
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return false
		}
		user, password, ok := strings.Cut(string(raw), ":")
		if !ok || !isPrintable(user) || !isPrintable(password) {
			return false
		}
		user, _ = literalText(user)
		r.Profile = c.AddProfile(&Profile{Name: label + "-basic", Type: "basic", Fields: []Field{
			{Key: "username", Value: user},
			{Key: "password", Value: c.secretValue(password, host, user, "the Basic password")},
		}})
		return true
	}
	return false
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

func (c *Collection) bearerProfile(token, host, label string) string {
	return c.AddProfile(&Profile{Name: label + "-bearer", Type: "bearer", Fields: []Field{
		{Key: "token", Value: c.secretValue(token, host, "token", "the bearer token")},
	}})
}

// secretValue returns the reference to write for a credential sent to
// host: value itself when it already is one ($TOKEN in the command
// became {{env:TOKEN}}), else a new secret named host/key and bound to
// host.
func (c *Collection) secretValue(value, host, key, where string) string {
	if strings.Contains(value, "{{") {
		return value
	}
	return c.SecretFor(host, host+"/"+key, value, where)
}

// secretHeader stores a credential header's value as a secret, keeping a
// scheme word in front ("Token abc" → "Token {{secret:…}}").
func (c *Collection) secretHeader(value, host, kind, where string) string {
	if strings.Contains(value, "{{") {
		return value
	}
	if scheme, cred, ok := strings.Cut(value, " "); ok && kind == "authorization" && isHeaderName(scheme) {
		return scheme + " " + c.secretValue(cred, host, kind, where)
	}
	return c.secretValue(value, host, kind, where)
}

// isAPIKeyHeader reports a header that carries an API key by its name.
func isAPIKeyHeader(lower string) bool {
	switch lower {
	case "x-api-key", "api-key", "apikey", "x-apikey", "x-api-token", "x-auth-token", "x-access-token",
		"private-token", "x-token", "x-auth-key", "x-functions-key", "ocp-apim-subscription-key",
		"x-goog-api-key", "x-rapidapi-key", "x-figma-token", "x-shopify-access-token", "x-vault-token",
		"x-consul-token", "x-algolia-api-key", "x-postmark-server-token", "dd-api-key", "x-key":
		return true
	}
	return strings.HasSuffix(lower, "-api-key") || strings.HasSuffix(lower, "-apikey")
}

// isCredentialHeader reports a header whose value is a credential.
func isCredentialHeader(lower string) bool {
	return lower == "authorization" || lower == "cookie" || lower == "proxy-authorization" || isAPIKeyHeader(lower) || isSecretHeader(lower)
}

// credentialsInPlace stores the credentials written literally in r's
// headers, query and form (see isCredentialHeader, queryCredential,
// looksSecret) as secrets bound to host, each replaced where it stands:
// for a format whose own credentials (an auth block) become the profile,
// what its requests carry by hand must not reach the file either.
func (c *Collection) credentialsInPlace(r *Request, host string) {
	for i, h := range r.Headers {
		if lower := strings.ToLower(h.Key); isCredentialHeader(lower) {
			r.Headers[i].Value = c.secretHeader(h.Value, host, lower, "the "+h.Key+" header")
		}
	}
	for i, kv := range r.Query {
		if queryCredential(kv.Key, kv.Value) {
			r.Query[i].Value = c.secretValue(kv.Value, host, kv.Key, "the "+kv.Key+" query parameter")
		}
	}
	r.URL = c.urlQuerySecrets(r.URL, host)
	c.formSecrets(r, host)
}

// isSecretHeader reports another header whose name says it holds a
// credential: the value goes to the secret store.
func isSecretHeader(lower string) bool {
	for _, word := range []string{"token", "secret", "password", "session", "api-key", "apikey", "credential", "signature"} {
		if strings.Contains(lower, word) {
			return true
		}
	}
	return lower == "x-csrftoken" || lower == "x-xsrf-token"
}

// cutOutsideRefs cuts s at the first sep not inside a {{reference}}.
func cutOutsideRefs(s string, sep byte) (before, after string, found bool) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			depth++
			i++
		case strings.HasPrefix(s[i:], "}}") && depth > 0:
			depth--
			i++
		case s[i] == sep && depth == 0:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// hostPart returns the authority of a URL written as text.
func hostPart(raw string) string {
	rest := raw
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// hostOf returns the host (and port) a URL is sent to.
func hostOf(raw string) string {
	h := hostPart(raw)
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	h = strings.ToLower(h)
	if h == "" || strings.Contains(h, "{{") {
		return "imported"
	}
	return h
}

// hostLabel names profiles after a host: the name under the public
// suffix (api.github.com → github), "local" for loopback addresses.
func hostLabel(host string) string {
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.Trim(name, "[]")
	if ip := net.ParseIP(name); ip != nil || name == "localhost" {
		return "local"
	}
	labels := strings.Split(name, ".")
	switch {
	case len(labels) >= 3 && len(labels[len(labels)-2]) <= 3 && len(labels[len(labels)-1]) == 2:
		// example.co.uk
		return VarName(labels[len(labels)-3])
	case len(labels) >= 2:
		return VarName(labels[len(labels)-2])
	}
	return VarName(name)
}

// pathOf returns a URL's path, for a request's name.
func pathOf(raw string) string {
	rest := raw
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	} else if strings.HasPrefix(rest, "{{") {
		if i := strings.Index(rest, "}}"); i >= 0 {
			rest = rest[i+2:]
			if !strings.HasPrefix(rest, "/") {
				rest = "/" + rest
			}
			rest = "x" + rest
		}
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}

// appendQueryText adds encoded pairs to a URL's query, before a fragment.
func appendQueryText(raw, pairs string) string {
	fragment := ""
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw, fragment = raw[:i], raw[i:]
	}
	switch {
	case !strings.Contains(raw, "?"):
		raw += "?"
	case !strings.HasSuffix(raw, "?") && !strings.HasSuffix(raw, "&"):
		raw += "&"
	}
	return raw + pairs + fragment
}

// formPairs splits an application/x-www-form-urlencoded body into
// pairs when keyway's form table would send exactly these bytes again
// (each name and value as url.QueryEscape writes it).
func formPairs(body string) ([]KV, bool) {
	if body == "" {
		return nil, false
	}
	var kvs []KV
	for _, pair := range strings.Split(body, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" {
			return nil, false
		}
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || url.QueryEscape(dk) != k || url.QueryEscape(dv) != v {
			return nil, false
		}
		if strings.Contains(dk+dv, "{{") {
			return nil, false
		}
		kvs = append(kvs, KV{Key: dk, Value: dv})
	}
	return kvs, true
}

// splitQuery moves a URL's query into a table when keyway's query table
// sends the same bytes again, so that the parameters read one a line.
func splitQuery(raw string) ([]KV, string) {
	base, query, ok := strings.Cut(raw, "?")
	if !ok || strings.Contains(query, "#") || strings.Contains(base, "#") {
		return nil, raw
	}
	kvs, ok := formPairs(query)
	if !ok {
		return nil, raw
	}
	return kvs, base
}

// shareBaseURL writes the origin all requests share as {{base_url}},
// when there are several: what a person does to switch servers later.
func (c *Collection) shareBaseURL() {
	if len(c.Requests) < 2 {
		return
	}
	origin := ""
	for _, r := range c.Requests {
		u, err := url.Parse(r.URL)
		if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil {
			return
		}
		o := u.Scheme + "://" + u.Host
		if origin != "" && o != origin {
			return
		}
		origin = o
	}
	ref := c.AddVar("base_url", origin, "")
	for _, r := range c.Requests {
		r.URL = ref + strings.TrimPrefix(r.URL, origin)
	}
}
