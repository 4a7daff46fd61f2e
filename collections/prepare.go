package collections

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// Request returns the request with the given name, or nil.
func (c *Collection) Request(name string) *Request {
	for _, r := range c.Requests {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// ProfileFor returns the name of the profile r is sent with: its own
// profile, else the collection's default_profile; "" means none.
func (c *Collection) ProfileFor(r *Request) string {
	name := r.Profile
	if name == "" {
		name = c.DefaultProfile
	}
	if name == ProfileNone {
		return ""
	}
	return name
}

// Prepare resolves every reference in r and its profile against s and
// returns the request ready to send. Resolution errors are *Error values
// positioned at the field (FILE:LINE:COL: request "X": url: ...); nothing is
// sent with a reference left in it. When s limits where outside values may
// go (NoEnv, AllowHosts, or a secret store that binds secrets to hosts), a
// request that would break the limit is refused here, with an error
// wrapping ErrOutsideValue or a *HostError, before anything is sent.
//
// Prepared.Secrets (also given to authflow as Request.Secrets, so that no
// redirect carries them to another origin) holds every value read from the
// environment, the secret store or a prompt, the profile's secrets, and
// each captured value of at least MinCapturedSecretLength bytes that the
// request sends in a header or its query string.
func (c *Collection) Prepare(r *Request, s *Scope) (*Prepared, error) {
	if err := c.checkNoEnv(r, s); err != nil {
		return nil, err
	}
	res := c.newResolver(s)
	req, err := c.buildRequest(res, r)
	if err != nil {
		return nil, err
	}
	prepared := &Prepared{Request: req}
	if r.BodyFile != "" || len(r.Multipart) > 0 {
		if prepared.Files, err = c.fileBody(res, r, &prepared.Request, s); err != nil {
			return nil, err
		}
	}
	if name := c.ProfileFor(r); name != "" {
		p, err := c.resolveProfile(res, name)
		if err != nil {
			return nil, err
		}
		prepared.Profile = p
	}
	prepared.Secrets = append(res.secrets, capturedSecrets(s, req)...)
	if prepared.Profile != nil {
		prepared.Secrets = append(prepared.Secrets, profileSecrets(prepared.Profile)...)
	}
	keptLogin := prepared.Profile != nil && prepared.Profile.Type.Interactive()
	if s != nil && ((res.readOutside || keptLogin) && (len(s.AllowHosts) > 0 || res.readSecret) || res.readCapture && len(s.CaptureLimits) > 0) {
		// Only --allow-host limits environment variables; the store's
		// bindings limit secrets; captures are bound only when taken from
		// a response that held a bound value. Without any there is
		// nothing to check, and working out which value goes where is
		// most of Prepare's cost. An interactive profile's kept token is
		// read from outside the file (keptLoginLimits).
		if err := c.checkDestinations(r, s, prepared); err != nil {
			return nil, err
		}
	}
	prepared.Request.Secrets = prepared.Secrets
	return prepared, nil
}

// requestField resolves one field of r, positioning any error at it.
func requestField(res *resolver, r *Request, field, value string) (string, error) {
	v, _, err := res.expand(value, r.Name+" "+field)
	if err != nil {
		return "", &Error{Pos: r.fieldPos(field), Msg: fmt.Sprintf("request %q: %s: %v", r.Name, field, err), Err: err}
	}
	return v, nil
}

func (c *Collection) buildRequest(res *resolver, r *Request) (authflow.Request, error) {
	fail := func(field string, err error) (authflow.Request, error) {
		// A URL parser, for one, quotes the part it could not read, and
		// that part may have come from a secret.
		msg := authflow.NewRedactor(res.secrets...).Redact(fmt.Sprintf("request %q: %s: %v", r.Name, field, err))
		return authflow.Request{}, &Error{Pos: r.fieldPos(field), Msg: msg, Err: err}
	}
	req := authflow.Request{Method: r.Method, Timeout: r.Timeout, Insecure: r.Insecure, TLS: r.TLS.resolve(c.Path)}
	if len(r.Headers) > 0 || r.HasJSON || len(r.Form) > 0 || r.BodyFile != "" || len(r.Multipart) > 0 {
		// Only then are headers set: a run holds its prepared requests
		// until each is sent, and most GETs have none.
		req.Header = http.Header{}
	}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	rawURL, err := requestField(res, r, "url", r.URL)
	if err != nil {
		return req, err
	}
	if encoded := encodeURLText(rawURL); encoded != rawURL {
		rawURL = encoded
		// A secret inserted into the URL is sent percent-encoded:
		// mask that form too.
		for _, secret := range res.secrets {
			if e := encodeURLValue(secret); e != secret {
				res.addSecret(e)
			}
		}
	}
	u, err := authflow.ParseURL(rawURL)
	if err != nil {
		return fail("url", err)
	}
	// A password in the URL's user-info (RFC 3986 §3.2.1, deprecated but
	// still sent) is a credential like any other: mask it.
	if u.User != nil {
		if password, ok := u.User.Password(); ok && password != "" {
			res.addSecret(password)
		}
	}
	if len(r.Query) > 0 {
		pairs := make([]string, 0, len(r.Query))
		for _, kv := range r.Query {
			v, err := requestField(res, r, "query."+kv.Key, kv.Value)
			if err != nil {
				return req, err
			}
			pairs = append(pairs, url.QueryEscape(kv.Key)+"="+url.QueryEscape(v))
		}
		rawURL = appendQuery(rawURL, strings.Join(pairs, "&"))
	}
	req.URL = rawURL

	for _, kv := range r.Headers {
		field := "headers." + kv.Key
		if err := authflow.CheckHeaderName(kv.Key); err != nil {
			return fail(field, err)
		}
		v, err := requestField(res, r, field, kv.Value)
		if err != nil {
			return req, err
		}
		if err := authflow.CheckHeaderValue(v); err != nil {
			return fail(field, err)
		}
		req.Header.Add(kv.Key, v)
	}

	switch {
	case r.HasJSON:
		v, err := c.expandJSON(res, r, r.JSON)
		if err != nil {
			return req, err
		}
		body, err := marshalJSONBody(v)
		if err != nil {
			return fail("json", err)
		}
		// A secret in a JSON string is sent escaped (a quote as \",
		// a backslash as \\): a server that echoes the body as a string
		// escapes that form once more, past the one layer the redactor
		// reads. Mask the form keyway sent, so that its echo is found.
		for _, secret := range res.secrets {
			if escaped, err := marshalJSONBody(secret); err == nil && string(escaped[1:len(escaped)-1]) != secret {
				res.addSecret(string(escaped[1 : len(escaped)-1]))
			}
		}
		req.Body = body
		setDefaultHeader(req.Header, "Content-Type", "application/json")
	case len(r.Form) > 0:
		// application/x-www-form-urlencoded, as the WHATWG URL standard
		// serialises it; url.Values would sort the fields, this keeps file order.
		pairs := make([]string, 0, len(r.Form))
		for _, kv := range r.Form {
			v, err := requestField(res, r, "form."+kv.Key, kv.Value)
			if err != nil {
				return req, err
			}
			pairs = append(pairs, url.QueryEscape(kv.Key)+"="+url.QueryEscape(v))
		}
		req.Body = []byte(strings.Join(pairs, "&"))
		setDefaultHeader(req.Header, "Content-Type", "application/x-www-form-urlencoded")
	case r.Body != "":
		body, err := requestField(res, r, "body", r.Body)
		if err != nil {
			return req, err
		}
		req.Body = []byte(body)
	}
	return req, nil
}

// expandJSON resolves references in every string of a json body; the
// result is then encoded, so substituted values are escaped as JSON.
func (c *Collection) expandJSON(res *resolver, r *Request, v any) (any, error) {
	switch x := v.(type) {
	case string:
		return requestField(res, r, "json", x)
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			e, err := c.expandJSON(res, r, item)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) { // the same first error on every run
			e, err := c.expandJSON(res, r, x[k])
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	}
	return v, nil
}

// appendQuery adds encoded pairs to a URL's query, before any fragment.
func appendQuery(rawURL, pairs string) string {
	fragment := ""
	if i := strings.IndexByte(rawURL, '#'); i >= 0 {
		rawURL, fragment = rawURL[:i], rawURL[i:]
	}
	switch {
	case !strings.Contains(rawURL, "?"):
		rawURL += "?"
	case !strings.HasSuffix(rawURL, "?") && !strings.HasSuffix(rawURL, "&"):
		rawURL += "&"
	}
	return rawURL + pairs + fragment
}

func setDefaultHeader(h http.Header, name, value string) {
	if h.Get(name) == "" {
		h.Set(name, value)
	}
}

// marshalJSONBody encodes a json body as written: without Go's HTML
// escaping of &, < and > (\u0026…), which no API needs and which puts an
// escape layer of keyway's own under a secret that a server may escape
// again when it echoes the body (httpbin's "data"), past what the
// redactor reads.
func marshalJSONBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
