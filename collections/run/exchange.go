package run

import (
	"bytes"
	"encoding/json"
	"mime"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// A run keeps each request's exchange only when a report shows it
// (Options.KeepExchange, for the HTML report). `keyway run` sends
// untraced, so the flow records no bytes; what is kept is built from what
// the run holds anyway: the request as the collection resolved it and the
// response as it came back. The credentials a profile adds at sending are
// not in it, and the report says so: they would show masked.
//
// Every text is masked with the request's redactor before it is cut to
// size (authflow.Redactor.RedactCut), so that a secret crossing a cut is
// masked whole, in whatever escaped or encoded form the server echoed it.

// prettyJSONLimit is the largest JSON body indented for reading: beyond
// it, the body is kept as it came (indenting a large body only to cut it
// would cost the run for nothing).
const prettyJSONLimit = 1 << 20

// keepExchange returns the masked, capped copy of a request's exchange
// that the report shows, each body cut to limit bytes. url is the
// request's URL already redacted; resp is nil when no response arrived.
func keepExchange(redactor *authflow.Redactor, prepared *collections.Prepared, url string, resp *authflow.Response, limit int) *report.Exchange {
	req := prepared.Request
	method := req.Method
	if method == "" {
		method = "GET"
	}
	ex := &report.Exchange{Request: report.Message{StartLine: method + " " + url, BodySize: int64(len(req.Body))}}
	ex.Request.Headers, ex.Request.HeadersLeft = keepHeaders(redactor, req.Header)
	if prepared.Files != nil {
		// A body read from files is shown by the files' names and sizes:
		// a report is shared, and the files are the user's.
		ex.Request.Body = redactor.RedactCut(prepared.Files.Describe(), limit)
	} else {
		keepBody(&ex.Request, redactor, req.Body, false, req.Header.Get("Content-Type"), limit)
	}
	if p := prepared.Profile; p != nil && p.Type != "" && p.Type != authflow.TypeNone {
		ex.Credentials = p.Name + " (" + string(p.Type) + ")"
	}
	if resp != nil {
		m := &report.Message{StartLine: redactor.Redact(resp.Proto + " " + resp.Status), BodySize: resp.Size}
		m.Headers, m.HeadersLeft = keepHeaders(redactor, resp.Header)
		keepBody(m, redactor, resp.Body, resp.Truncated, resp.Header.Get("Content-Type"), limit)
		ex.Response = m
	}
	return ex
}

// keepHeaders returns the header fields sorted by name, one per value,
// masked and cut, at most report.MaxExchangeHeaders of them, and how many
// more there were.
func keepHeaders(redactor *authflow.Redactor, h map[string][]string) ([]report.Header, int) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	var kept []report.Header
	left := 0
	for _, name := range names {
		for _, v := range h[name] {
			if len(kept) == report.MaxExchangeHeaders {
				left++
				continue
			}
			kept = append(kept, report.Header{
				Name:  redactor.RedactCut(name, report.MaxHeaderValue),
				Value: redactor.RedactCut(v, report.MaxHeaderValue),
			})
		}
	}
	return kept, left
}

// keepBody sets m's body from body: masked then cut to limit bytes, or
// marked binary. truncated says body is already only the start of a
// longer one (the client's body limit).
func keepBody(m *report.Message, redactor *authflow.Redactor, body []byte, truncated bool, contentType string, limit int) {
	if len(body) == 0 {
		m.Cut = truncated
		return
	}
	if isBinary(body[:min(len(body), limit)]) {
		m.Binary = true
		return
	}
	if !truncated && len(body) <= prettyJSONLimit && isJSON(contentType) {
		// Indenting changes only the space between tokens, never a
		// string's bytes, so it hides no secret from the redactor.
		var indented bytes.Buffer
		if json.Indent(&indented, body, "", "  ") == nil {
			body = indented.Bytes()
		}
	}
	text := string(body)
	if truncated {
		// What follows the end was not read: the end may be the start
		// of a secret, which the cut mark tells the redactor to mask.
		text += authflow.CutMark
	}
	m.Body = redactor.RedactCut(text, limit)
	m.Cut = truncated || len(text) > limit
}

// isBinary reports whether the start of a body is not text: it holds a
// NUL byte, or is not UTF-8 (a character cut at its end aside).
func isBinary(start []byte) bool {
	if bytes.IndexByte(start, 0) >= 0 {
		return true
	}
	// A character may straddle the cut: the start is text when it is
	// UTF-8 once up to UTFMax-1 bytes are dropped from its end.
	for drop := 0; drop < utf8.UTFMax && drop <= len(start); drop++ {
		if utf8.Valid(start[:len(start)-drop]) {
			return false
		}
	}
	return true
}

// isJSON reports whether a Content-Type names JSON: application/json or a
// +json type (RFC 6839 §3.1), such as application/problem+json.
func isJSON(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	return err == nil && (media == "application/json" || strings.HasSuffix(media, "+json"))
}

// redactExchange returns a copy of ex masked with r: a secret the run met
// only after this request (a token a later request used) is masked in it
// too. Its texts are already cut; Redact reads their cut marks.
func redactExchange(r *authflow.Redactor, ex *report.Exchange) *report.Exchange {
	out := *ex
	out.Request = redactMessage(r, ex.Request)
	if ex.Response != nil {
		resp := redactMessage(r, *ex.Response)
		out.Response = &resp
	}
	return &out
}

func redactMessage(r *authflow.Redactor, m report.Message) report.Message {
	m.StartLine = r.Redact(m.StartLine)
	m.Body = r.Redact(m.Body)
	headers := make([]report.Header, len(m.Headers))
	for i, h := range m.Headers {
		headers[i] = report.Header{Name: r.Redact(h.Name), Value: r.Redact(h.Value)}
	}
	m.Headers = headers
	return m
}
