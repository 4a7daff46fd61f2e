package collections

import (
	"bytes"
	"encoding/json"
	"errors"
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
	req := authflow.Request{Method: r.Method, Timeout: r.Timeout, Insecure: r.Insecure, TLS: r.TLS.resolve(c.Path)}
	if len(r.Headers) > 0 || r.HasJSON || len(r.Form) > 0 || r.BodyFile != "" || len(r.Multipart) > 0 {
		// Only then are headers set: a run holds its prepared requests
		// until each is sent, and most GETs have none.
		req.Header = http.Header{}
	}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	var rawURL string
	var query []string
	for f := range r.templates {
		var err error
		switch f.group {
		case fieldURL:
			rawURL, err = c.requestURL(res, r, f.value)
		case fieldQuery:
			var v string
			if v, err = requestField(res, r, f.key(), f.value); err == nil {
				query = append(query, url.QueryEscape(f.name)+"="+url.QueryEscape(v))
			}
		case fieldHeaders:
			err = requestHeader(res, r, f, req.Header)
		// A loaded request has one body at most; one built by hand
		// sends its json, else its form, else its body, as it always has.
		case fieldBody:
			if !r.HasJSON && len(r.Form) == 0 {
				req.Body, err = requestBody(res, r, f.value)
			}
		case fieldJSON:
			if r.HasJSON {
				req.Body, err = c.requestJSON(res, r, f.json, req.Header)
			}
		case fieldForm:
			var v string
			if r.HasJSON {
				break
			}
			if v, err = requestField(res, r, f.key(), f.value); err == nil {
				req.Body = formPair(req.Body, f.name, v)
				setDefaultHeader(req.Header, "Content-Type", "application/x-www-form-urlencoded")
			}
		case fieldMultipart:
			// Resolved with the files they are sent beside (fileBody).
		}
		if err != nil {
			return req, err
		}
	}
	if len(query) > 0 {
		rawURL = appendQuery(rawURL, strings.Join(query, "&"))
	}
	req.URL = rawURL
	return req, nil
}

// requestURL resolves r's url and checks that it can be sent (authflow's
// syntax: absolute, http or https, with a host).
func (c *Collection) requestURL(res *resolver, r *Request, template string) (string, error) {
	rawURL, err := requestField(res, r, fieldURL, template)
	if err != nil {
		return "", err
	}
	if err := checkFragmentFromSecret(rawURL, res.secrets); err != nil {
		return "", requestFailure(res, r, fieldURL, err)
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
		return "", requestFailure(res, r, fieldURL, err)
	}
	// A password in the URL's user-info (RFC 3986 §3.2.1, deprecated but
	// still sent) is a credential like any other: mask it.
	if u.User != nil {
		if password, ok := u.User.Password(); ok && password != "" {
			res.addSecret(password)
		}
	}
	return rawURL, nil
}

// errSecretFragment is checkFragmentFromSecret's refusal. It names no
// value: the value is a credential.
var errSecretFragment = errors.New(`a value from the environment or a secret holds "#", which would start the URL's fragment: the server would never get what follows it, and the query would be put between its two parts, where no mask finds it; percent-encode it as %23, or send it in the query table or a header`)

// checkFragmentFromSecret refuses a URL in which a secret value (from the
// environment, the secret store, a prompt or a bound capture) brought a
// "#". A value inserted into a URL keeps the meaning of its characters
// (docs/collections.md, "Values in URLs"), and "#" means a fragment, which
// a client never sends (RFC 9110 §4.2.1): the request would silently lose
// the rest of the value, and keyway inserts the query table and a query
// API key before the fragment, so that the value is shown in two pieces
// that the redactor, which masks whole values, cannot recognise.
func checkFragmentFromSecret(rawURL string, secrets []string) error {
	for _, secret := range secrets {
		if strings.IndexByte(secret, '#') >= 0 && strings.Contains(rawURL, secret) {
			return errSecretFragment
		}
	}
	return nil
}

// requestHeader resolves one header of r into h, checking its name and
// value (RFC 9110 §5.1, §5.5) before anything is sent.
func requestHeader(res *resolver, r *Request, f templateField, h http.Header) error {
	field := f.key()
	if err := authflow.CheckHeaderName(f.name); err != nil {
		return requestFailure(res, r, field, err)
	}
	v, err := requestField(res, r, field, f.value)
	if err != nil {
		return err
	}
	if err := authflow.CheckHeaderValue(v); err != nil {
		return requestFailure(res, r, field, err)
	}
	h.Add(f.name, v)
	return nil
}

// requestBody resolves a raw body.
func requestBody(res *resolver, r *Request, template string) ([]byte, error) {
	body, err := requestField(res, r, fieldBody, template)
	if err != nil {
		return nil, err
	}
	return []byte(body), nil
}

// requestJSON resolves every string of a json body and encodes it.
func (c *Collection) requestJSON(res *resolver, r *Request, value any, h http.Header) ([]byte, error) {
	v, err := c.expandJSON(res, r, value)
	if err != nil {
		return nil, err
	}
	body, err := marshalJSONBody(v)
	if err != nil {
		return nil, requestFailure(res, r, fieldJSON, err)
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
	setDefaultHeader(h, "Content-Type", "application/json")
	return body, nil
}

// formPair appends one name=value pair to an
// application/x-www-form-urlencoded body, as the WHATWG URL standard
// serialises it; url.Values would sort the fields, this keeps file order.
func formPair(body []byte, name, value string) []byte {
	if len(body) > 0 {
		body = append(body, '&')
	}
	body = append(body, url.QueryEscape(name)...)
	body = append(body, '=')
	return append(body, url.QueryEscape(value)...)
}

// requestFailure positions err at field of r, masking what it quotes:
// a URL parser, for one, quotes the part it could not read, and that part
// may have come from a secret.
func requestFailure(res *resolver, r *Request, field string, err error) error {
	msg := authflow.NewRedactor(res.secrets...).Redact(fmt.Sprintf("request %q: %s: %v", r.Name, field, err))
	return &Error{Pos: r.fieldPos(field), Msg: msg, Err: err}
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
