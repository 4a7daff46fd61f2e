package authflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// newHTTPRequest builds the request to send from req, checking what Go's
// client would otherwise reject late or, for CR/LF in a header, what would
// split the request (RFC 9110 §5.5).
func newHTTPRequest(ctx context.Context, req Request) (*http.Request, error) {
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if !ValidToken(method) {
		return nil, fmt.Errorf("method %q is not a valid HTTP method", Printable(method))
	}
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	// NewRequestWithContext parses the URL (the one parse per send) and
	// returns url.Parse's error as is.
	httpReq, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		if urlErr := (*url.Error)(nil); errors.As(err, &urlErr) {
			return nil, urlParseError(err)
		}
		return nil, fmt.Errorf("building the request: %w", err)
	}
	u := httpReq.URL
	if err := checkSendableURL(u); err != nil {
		return nil, err
	}
	// Go writes the query to the request line as it is: a space would end
	// the request target there (RFC 9112 §3.2) and let the rest pose as
	// the protocol version. collections percent-encodes it; a caller that
	// did not is refused (the query is not quoted: it may hold a key).
	if strings.IndexByte(u.RawQuery, ' ') >= 0 {
		return nil, errors.New("the URL's query holds a space, which would end the request line's target (RFC 9112 §3.2); percent-encode it as %20")
	}
	for name, values := range req.Header {
		if err := CheckHeaderName(name); err != nil {
			return nil, err
		}
		for _, v := range values {
			if err := CheckHeaderValue(v); err != nil {
				return nil, fmt.Errorf("header %s: %w", name, err)
			}
		}
		if http.CanonicalHeaderKey(name) == "Host" {
			httpReq.Host = req.Header.Get(name)
			continue
		}
		httpReq.Header[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
	}
	// The recording transport would add these to a clone of the request;
	// set here, on a request keyway owns, they spare that clone.
	setDefaultHeaders(httpReq)
	return httpReq, nil
}

// send sends the user's request, following redirects, and reads the
// response body within the limits. Each hop is a step. A 401 or 403 fails
// the last one (credentialsRefused) unless retry says that keyway will send
// the request again with a new token (RFC 6750 §3.1): then the next send
// is the one that counts.
func (r *sendRun) send(ctx context.Context, req *http.Request, title string, retry func(*Response) bool) (*Response, error) {
	timeout := r.client.timeout(r.request.Timeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	why, rfc := whySend(r.profile)
	settings := tlsSettings{insecure: r.request.Insecure || r.profile.Insecure, files: r.request.TLS.Or(r.profile.TLS)}
	r.warnClearText(req.URL, credentialsName(r.profile))
	current := noStep
	if r.rec.on() {
		fields := []Field{{Label: "request", Value: req.Method + " " + req.URL.String()}}
		fields = append(fields, transportWarnings(req.URL, settings, credentialsName(r.profile))...)
		current = r.rec.begin(Step{
			Title:  title,
			Why:    why,
			RFC:    rfc,
			Fields: fields,
		})
	}
	base, err := r.client.transportFor(settings)
	if err != nil {
		r.rec.fail(current, err, transportHint(settings))
		return nil, err
	}
	client := &http.Client{
		Transport:     &recordingTransport{base: base},
		CheckRedirect: r.redirectPolicy(&current),
	}
	if r.rec.on() {
		// Each hop's exchange goes to the step current names then.
		hooks := &exchangeHooks{done: func(ex *Exchange) { r.flow.Steps[current].Exchange = ex }}
		ctx = withExchangeHooks(ctx, hooks)
	}
	start := time.Now()
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		hint, err := describeTransportError(err, timeout, r.secrets())
		r.rec.fail(current, err, hint)
		return nil, err
	}
	body, size, readErr := readBody(resp.Body, resp.ContentLength, r.client.bodyLimit())
	resp.Body.Close()
	out := &Response{
		Proto:      resp.Proto,
		Status:     resp.Status,
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       body,
		Size:       size,
		Truncated:  size > int64(len(body)) || readErr != nil,
		Duration:   time.Since(start),
	}
	if readErr != nil {
		hint, err := describeBodyError(readErr, size, resp.ContentLength, timeout)
		r.rec.fail(current, err, hint)
		return out, err
	}
	refusedHint, refused := "", error(nil)
	if retry == nil || !retry(out) {
		refusedHint, refused = credentialsRefused(r.profile, out)
	}
	r.rec.end(current, func(s *Step) {
		s.Fields = append(s.Fields, Field{Label: "status", Value: resp.Status})
		if challenge := resp.Header.Values("WWW-Authenticate"); len(challenge) > 0 {
			s.Fields = append(s.Fields, Field{Label: "WWW-Authenticate", Value: strings.Join(challenge, ", ")})
		}
		if out.Truncated {
			s.Fields = append(s.Fields, Field{Label: "body", Value: fmt.Sprintf("%d bytes, first %d kept", size, len(body))})
		}
		if refused != nil {
			s.Status = StepFailed
			s.Err = r.redactError(refused)
			s.Hint = refusedHint
		} else if note := refusedNote(r.profile, resp.StatusCode); note != "" {
			s.Fields = append(s.Fields, Field{Label: "note", Value: note})
		}
	})
	return out, nil
}

// whySend explains the request's step for the profile's method: what the
// server does with these credentials on every request, how it refuses
// them, and what a redirect to another origin drops. Each is a constant,
// so a send builds no text.
func whySend(p *Profile) (why, rfc string) {
	switch {
	case p.Type == TypeBasic:
		return whySendBasic, "RFC 7617 §2; RFC 9110 §11.6.2"
	case p.Type == TypeBearer:
		return whySendBearer, "RFC 6750 §2.1, §3"
	case p.Type == TypeAPIKey && apiKeyIn(p) == InQuery:
		return whySendAPIKeyQuery, "RFC 9110 §15.5.2, §15.5.4"
	case p.Type == TypeAPIKey:
		return whySendAPIKey, "RFC 9110 §15.5.2, §15.5.4"
	case strings.HasPrefix(string(p.Type), "oauth2"):
		return whySendOAuth2, "RFC 6750 §2.1, §3.1"
	}
	return whySendWithout, "RFC 9110 §9, §15.4"
}

// The explanations of the request's step, one per method.
const (
	whyRedirectsAt = " Redirects are followed (at most " + maxRedirectsText + "); one that leads to another " +
		"origin (scheme, host or port) goes on without "
	whySendBasic = "Basic has no session and no token: the same user-id and password go with every request, " +
		"and the server checks them each time. Without them, or with a wrong pair, it answers 401 with a " +
		"challenge, WWW-Authenticate: Basic realm=\"…\", naming the protection space they are for." +
		whyRedirectsAt + "the Authorization header."
	whySendBearer = "The token goes in the Authorization header, and the server checks it: its signature and " +
		"expiry when it is a JWT, or by asking the server that issued it. A token it does not accept is " +
		"refused with 401 and WWW-Authenticate: Bearer error=\"invalid_token\"; one without the needed scope " +
		"with 403 and error=\"insufficient_scope\"." + whyRedirectsAt + "the Authorization header."
	whySendAPIKey = "The key goes with the request, where the API reads it. No standard says how a missing or " +
		"wrong key is refused: most APIs answer 401 or 403, some 404 so as not to reveal the resource." +
		whyRedirectsAt + "the key."
	whySendAPIKeyQuery = "The key goes in the URL's query, where the API reads it; the URL, and the key with it, " +
		"may be written to the logs of every server and proxy on the way. No standard says how a missing or " +
		"wrong key is refused: most APIs answer 401 or 403." + whyRedirectsAt + "the key parameter."
	whySendOAuth2 = "The access token goes in the Authorization header as a Bearer token: the API never sees " +
		"the password or the client secret. keyway reuses the token until shortly before it expires, then " +
		"refreshes it; an API that answers 401 with error=\"invalid_token\" gets one new token and one retry." +
		whyRedirectsAt + "the Authorization header."
	whySendWithout = "No profile applies: the request goes out as written, without credentials." +
		whyRedirectsAt + "cookies, Referer, or any header or query parameter holding a secret."
)

// readBody keeps at most limit bytes of body and counts, then discards,
// the rest, so that memory stays bounded however large the body is. A
// known length (-1 when unknown) is read into a buffer of exactly that
// size when it fits, and otherwise sizes the buffer once: grown by
// doubling, a 10 MiB body would allocate some 20 MiB on the way and end in
// a 16 MiB buffer.
func readBody(body io.Reader, length, limit int64) ([]byte, int64, error) {
	if length >= 0 && length < limit {
		buf := make([]byte, length)
		n, err := io.ReadFull(body, buf)
		if err == io.EOF {
			// No body at all, as a HEAD response, a 204 or a 304 has
			// whatever length it announces (RFC 9110 §8.6): not a
			// truncation, which net/http reports as ErrUnexpectedEOF.
			return buf[:0], 0, nil
		}
		if err != nil {
			return buf[:n], int64(n), err
		}
		// Read to the end, which is normally right here: it ends the
		// exchange and counts whatever a server sent past its length.
		rest, err := io.Copy(io.Discard, body)
		return buf, length + rest, err
	}
	var buf bytes.Buffer
	if length > 0 {
		// ReadFrom wants MinRead bytes free before each read, the last
		// one (which sees the end) included.
		buf.Grow(int(min(length, limit)) + bytes.MinRead)
	}
	kept, err := io.Copy(&buf, io.LimitReader(body, limit))
	if err != nil || kept < limit {
		// Short of the limit, the body ended (or failed): nothing is
		// left to count.
		return buf.Bytes(), kept, err
	}
	rest, err := io.Copy(io.Discard, body)
	return buf.Bytes(), kept + rest, err
}

// secrets returns every secret known so far in this send.
func (r *sendRun) secrets() []string {
	return append(append(r.profile.Secrets(), r.flow.Secrets...), r.request.Secrets...)
}

// refusedNote explains a 401 or 403 to a learner, by credential type.
func refusedNote(p *Profile, status int) string {
	switch {
	case status == http.StatusForbidden:
		return "403: the credentials were accepted but do not allow this request (RFC 9110 §15.5.4); a token may lack a scope."
	case status != http.StatusUnauthorized:
		return ""
	}
	switch p.Type {
	case TypeBasic:
		return "401: the server refused the user-id and password (RFC 7617 §2); check them."
	case TypeBearer:
		return "401: the server refused the token (RFC 6750 §3.1); it may have expired — get a new one."
	case TypeAPIKey:
		return "401: the server refused the API key; check its value and where it goes (in, name)."
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return "401: the server refused the access token (RFC 6750 §3.1)."
	}
	return "401: this request needs credentials: choose a profile (RFC 9110 §11.6.1)."
}
