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

// redirectPolicy follows redirects of the user's request, each as a step,
// and strips credentials before any hop to another origin. current is the
// index of the step for the hop in progress.
func (r *sendRun) redirectPolicy(current *int) func(*http.Request, []*http.Request) error {
	return func(next *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("authflow: stopped after %d redirects", maxRedirects)
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
		if stripCredentials(next, via, r.profile) {
			credentials = "removed: another origin (scheme, host or port)"
			// A 307 or 308 sends the body again (RFC 9110 §15.4.8): a
			// secret in it would reach the other origin.
			if bodyHoldsSecret(next, r.secrets()) {
				return fmt.Errorf("authflow: not following the %s redirect to %s: it would send the request body, which holds a credential, to another origin", status, originOf(next.URL))
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
// on another port, and forwards custom headers — such as an API key header
// — everywhere; a query string comes from the Location header, which may
// echo the key. It reports whether anything had to be protected.
func stripCredentials(next *http.Request, via []*http.Request, p *Profile) bool {
	origin := originOf(via[0].URL)
	cross := originOf(next.URL) != origin
	for _, v := range via[1:] {
		cross = cross || originOf(v.URL) != origin
	}
	if !cross {
		return false
	}
	for _, name := range []string{"Authorization", "Proxy-Authorization", "Cookie", "Cookie2"} {
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
	removeQuerySecrets(next.URL, keyParam, p.Secrets())
	return true
}

// removeQuerySecrets deletes from u's query the API-key parameter (when
// keyParam is set) and any parameter whose value is one of the secrets,
// which a server may have echoed into the Location header.
func removeQuerySecrets(u *url.URL, keyParam string, secrets []string) {
	if u.RawQuery == "" {
		return
	}
	q := u.Query()
	changed := keyParam != "" && q.Has(keyParam)
	if keyParam != "" {
		q.Del(keyParam)
	}
	for k, vs := range q {
		for _, v := range vs {
			if v != "" && slices.Contains(secrets, v) {
				q.Del(k)
				changed = true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
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
	return NewRedactor(secrets...).Redact(string(data)) != string(data)
}
