package authflow

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// RecordLimit is how many bytes of each request and response body an
// Exchange keeps; the full size is still counted.
const RecordLimit = 64 << 10

// userAgent is sent when the caller sets none, so that the recorded request
// shows every header that crossed the wire.
const userAgent = "keyway"

// recordingTransport wraps a base transport and records every exchange as
// it crossed the wire. It never changes the caller's request: it works on a
// clone (the http.RoundTripper contract). Because it sets Accept-Encoding
// itself, Go's transport does not decompress transparently; the recorder
// does, so that the recorded body, the caller's body and the size limits
// all see the decompressed bytes.
type recordingTransport struct {
	base http.RoundTripper
}

// exchangeHooks receive the exchanges of requests sent with a context made
// by withExchangeHooks. sent is called once the response headers arrived
// (or the request failed); done once the response body was read to its end
// or closed. Either may be nil.
type exchangeHooks struct {
	sent func(ex *Exchange)
	done func(ex *Exchange)
}

type exchangeHooksKey struct{}

func withExchangeHooks(ctx context.Context, h *exchangeHooks) context.Context {
	return context.WithValue(ctx, exchangeHooksKey{}, h)
}

// RoundTrip implements http.RoundTripper.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if needsDefaultHeaders(req) {
		// Requests keyway did not build (x/oauth2's token request) are
		// changed on a clone, as the RoundTripper contract asks.
		req = req.Clone(req.Context())
		setDefaultHeaders(req)
	}
	hooks, _ := req.Context().Value(exchangeHooksKey{}).(*exchangeHooks)
	if hooks == nil {
		// Nobody records this exchange (SendOptions.Untraced): the body
		// is decoded as for one that is, and nothing else is done.
		resp, err := t.base.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		if isGzip(resp) {
			decodeGzip(resp)
		}
		return resp, nil
	}
	ex := &Exchange{Request: recordRequest(req)}
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		ex.Err = err
		ex.Duration = time.Since(start)
		call(hooks.sent, ex)
		call(hooks.done, ex)
		return nil, err
	}
	// The protocol is negotiated on the connection (ALPN may pick HTTP/2,
	// RFC 9113 §3.2), so the request's version is known only now: the
	// request went out in the response's version.
	if resp.Proto != "" {
		ex.Request.Proto = resp.Proto
	}
	ex.Response = &RecordedResponse{
		Proto:      resp.Proto,
		Status:     resp.Status,
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		BodySize:   -1,
	}
	if isGzip(resp) {
		// The exchange keeps the header as it crossed the wire; only the
		// caller's copy loses the encoding. Copying only here saves a
		// header copy on every other response.
		ex.Response.Header = resp.Header.Clone()
		decodeGzip(resp)
	}
	ex.Duration = time.Since(start)
	call(hooks.sent, ex)
	resp.Body = &recordingBody{body: resp.Body, ex: ex, start: start, done: hooks.done}
	return resp, nil
}

// needsDefaultHeaders reports whether setDefaultHeaders would change req.
func needsDefaultHeaders(req *http.Request) bool {
	return req.Header.Get("User-Agent") == "" || (req.Header.Get("Accept-Encoding") == "" && req.Method != http.MethodHead)
}

// setDefaultHeaders names keyway as the user agent and asks for gzip, when
// the request does not say otherwise, so that the recorded request shows
// every header that crossed the wire.
func setDefaultHeaders(req *http.Request) {
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", userAgent)
	}
	if req.Header.Get("Accept-Encoding") == "" && req.Method != http.MethodHead {
		req.Header.Set("Accept-Encoding", "gzip")
	}
}

// isGzip reports whether resp's body is gzip-encoded (RFC 9110 §8.4.1.3).
func isGzip(resp *http.Response) bool {
	return strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip")
}

// decodeGzip makes resp's body decompress as it is read and its header say
// so, as Go's transport does when it asked for gzip itself.
func decodeGzip(resp *http.Response) {
	resp.Body = &gzipBody{raw: resp.Body}
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentLength = -1
	resp.Uncompressed = true
}

func call(f func(*Exchange), ex *Exchange) {
	if f != nil {
		f(ex)
	}
}

// recordRequest copies what will be sent. Bodies are read through GetBody,
// which every request keyway builds has, so the real body is left alone.
// Its header is recorded as is rather than copied: req is either
// RoundTrip's own clone or a request keyway built for this one hop, and
// nothing changes either once sent (a redirect's next hop, or a retry,
// gets a header map of its own).
func recordRequest(req *http.Request) RecordedRequest {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	rec := RecordedRequest{
		Method:   req.Method,
		URL:      req.URL.String(),
		Proto:    "HTTP/1.1", // until the response says which version was used
		Host:     host,
		Header:   req.Header,
		BodySize: max(req.ContentLength, 0),
	}
	if req.GetBody != nil && req.ContentLength != 0 {
		if body, err := req.GetBody(); err == nil {
			var buf bytes.Buffer
			n, _ := io.Copy(&buf, io.LimitReader(body, RecordLimit))
			rest, _ := io.Copy(io.Discard, body)
			body.Close()
			rec.Body, rec.BodySize = buf.Bytes(), n+rest
		}
	}
	return rec
}

// recordingBody keeps the first RecordLimit bytes of a response body in
// the exchange as the caller reads it, and counts the rest.
type recordingBody struct {
	body  io.ReadCloser
	ex    *Exchange
	start time.Time
	done  func(*Exchange)

	mu   sync.Mutex
	size int64
	once sync.Once
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.mu.Lock()
	resp := b.ex.Response
	if keep := min(int64(n), RecordLimit-int64(len(resp.Body))); keep > 0 {
		resp.Body = append(resp.Body, p[:keep]...)
	}
	b.size += int64(n)
	b.mu.Unlock()
	switch {
	case err == io.EOF:
		b.finish(nil, true)
	case err != nil:
		b.finish(err, false)
	}
	return n, err
}

func (b *recordingBody) Close() error {
	err := b.body.Close()
	b.finish(nil, false)
	return err
}

// finish completes the exchange once: its duration, its body size (known
// only when the body was read to the end) and any error while reading.
func (b *recordingBody) finish(readErr error, complete bool) {
	b.once.Do(func() {
		b.mu.Lock()
		resp := b.ex.Response
		resp.Truncated = b.size > int64(len(resp.Body))
		if complete {
			resp.BodySize = b.size
		}
		if readErr != nil {
			b.ex.Err = readErr
		}
		b.ex.Duration = time.Since(b.start)
		b.mu.Unlock()
		call(b.done, b.ex)
	})
}

// gzipBody decompresses a gzip response body (RFC 9110 §8.4.1.3). The
// gzip header is read on the first Read, not in RoundTrip, so that a slow
// body does not hold up the response headers.
type gzipBody struct {
	raw io.ReadCloser
	zr  *gzip.Reader
	err error
}

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.zr == nil && g.err == nil {
		g.zr, g.err = gzip.NewReader(g.raw)
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.zr.Read(p)
}

func (g *gzipBody) Close() error { return g.raw.Close() }
