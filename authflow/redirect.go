package authflow

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// maxRedirects is how many redirects a request follows before keyway stops
// (the same bound as Go's client and most browsers' minimum).
const maxRedirects = 10

// maxRedirectsText is maxRedirects in words of the flow's explanations.
const maxRedirectsText = "10"

// redirectPolicy follows redirects of the user's request, each as a step,
// and strips credentials before any hop to another origin. current is the
// index of the step for the hop in progress.
func (r *sendRun) redirectPolicy(current *int) func(*http.Request, []*http.Request) error {
	return func(next *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		status := ""
		if prev := next.Response; prev != nil {
			status = prev.Status
			// Finish the previous hop now, so that its exchange is
			// complete before its step ends (Go's client would read and
			// close this body only after CheckRedirect returns).
			io.CopyN(io.Discard, prev.Body, RecordLimit)
			prev.Body.Close()
		}
		r.rec.end(*current, func(s *Step) {
			s.Fields = append(s.Fields, Field{Label: "status", Value: status})
		})
		credentials := "kept (same origin)"
		if secrets := r.secrets(); stripCredentials(next, via, r.profile, secrets) {
			credentials = "removed: another origin (scheme, host or port)"
			// A 307 or 308 sends the body again (RFC 9110 §15.4.8): a
			// secret in it would reach the other origin.
			if bodyHoldsSecret(next, secrets) {
				return &RedirectRefusedError{Status: status, Origin: originOf(next.URL), Reason: "it would send the request body, which holds a credential, to another origin"}
			}
			// What stripping cannot remove — a secret the Location header
			// put in the path — must not leave either: a secret bound to
			// one host is never sent to another.
			if holdsSecret(next.URL.String(), secrets) {
				return &RedirectRefusedError{Status: status, Origin: originOf(next.URL), Reason: "its URL holds a credential"}
			}
		}
		*current = r.rec.begin(Step{
			Title: "Follow the redirect",
			Why: "The server answered " + status + " with a Location header, so the request goes there. " +
				"Credentials go only to the origin they were meant for.",
			RFC: "RFC 9110 §15.4",
			Fields: []Field{
				{Label: "request", Value: next.Method + " " + next.URL.String()},
				{Label: "credentials", Value: credentials},
			},
		})
		return nil
	}
}

// stripCredentials removes every credential from next when it, or any hop
// before it, left the origin of the first request (RFC 6454 §4: scheme, host
// and port). Go's client keeps Authorization and cookies for the same host
// on another port, forwards custom headers — such as an API key header or
// X-Token = "{{env:KEY}}" — everywhere, and sets Referer to the previous
// URL, query (and so a query API key) included; a query string comes from
// the Location header, which may echo the key. So on such a hop every
// header and query parameter that holds one of secrets (in any form the
// redactor knows) goes, as do Referer and the credential headers. It
// reports whether anything had to be protected.
func stripCredentials(next *http.Request, via []*http.Request, p *Profile, secrets []string) bool {
	origin := originOf(via[0].URL)
	cross := originOf(next.URL) != origin
	for _, v := range via[1:] {
		cross = cross || originOf(v.URL) != origin
	}
	if !cross {
		return false
	}
	// Referer (RFC 9110 §10.1.3) would carry the previous URL's query.
	for _, name := range []string{"Authorization", "Proxy-Authorization", "Cookie", "Cookie2", "Referer"} {
		next.Header.Del(name)
	}
	keyParam := ""
	if p.Type == TypeAPIKey {
		if apiKeyIn(p) == InHeader {
			next.Header.Del(p.KeyName)
		}
		if apiKeyIn(p) == InQuery {
			keyParam = p.KeyName
		}
	}
	red := NewRedactor(secrets...)
	for name, values := range next.Header {
		if red.Redact(name) != name || slices.ContainsFunc(values, func(v string) bool { return red.Redact(v) != v }) {
			delete(next.Header, name)
		}
	}
	removeQuerySecrets(next.URL, keyParam, red)
	return true
}

// removeQuerySecrets deletes from u's query the API-key parameter (when
// keyParam is set) and any parameter whose name or value holds a secret,
// which a server may have echoed into the Location header. The other
// parameters are kept byte for byte, in their order: a signed URL's
// signature covers the query as written.
func removeQuerySecrets(u *url.URL, keyParam string, red *Redactor) {
	if u.RawQuery == "" {
		return
	}
	params := strings.Split(u.RawQuery, "&")
	kept := params[:0]
	for _, param := range params {
		rawName, rawValue, _ := strings.Cut(param, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			value = rawValue
		}
		if (keyParam != "" && name == keyParam) || red.Redact(param) != param ||
			red.Redact(name) != name || red.Redact(value) != value {
			continue
		}
		kept = append(kept, param)
	}
	u.RawQuery = strings.Join(kept, "&")
}

// holdsSecret reports whether text contains one of secrets in any form the
// redactor knows.
func holdsSecret(text string, secrets []string) bool {
	return NewRedactor(secrets...).Redact(text) != text
}

// originOf returns the origin of u: scheme, host and port, with the port
// made explicit so that http://h and http://h:80 are the same origin.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// bodyHoldsSecret reports whether the body a redirect would send again
// contains one of the secrets, in any form the redactor knows.
func bodyHoldsSecret(next *http.Request, secrets []string) bool {
	if next.GetBody == nil || next.ContentLength == 0 || len(secrets) == 0 {
		return false
	}
	body, err := next.GetBody()
	if err != nil {
		return true // cannot tell: do not send it
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, RecordLimit+1))
	if err != nil || len(data) > RecordLimit {
		return true
	}
	return holdsSecret(string(data), secrets)
}

// RedirectRefusedError is a redirect to another origin that keyway did not
// follow because the next hop would still carry a credential that
// stripping cannot remove (a request body sent again by a 307 or 308, or a
// secret in the new URL's path). Nothing was sent to Origin.
type RedirectRefusedError struct {
	Status string // the redirect's status line, such as "307 Temporary Redirect"
	Origin string // scheme://host:port the redirect led to
	Reason string // what would have carried the credential
}

// Error says which redirect was not followed and why.
func (e *RedirectRefusedError) Error() string {
	origin := e.Origin
	if scheme, host, ok := strings.Cut(origin, "://"); ok {
		origin = scheme + "://" + DisplayHost(host)
	}
	return fmt.Sprintf("not following the %s redirect to %s: %s", e.Status, origin, e.Reason)
}
