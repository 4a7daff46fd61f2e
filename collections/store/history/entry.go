package history

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/report"
)

// Entry is one response kept in the history, with the request that led to
// it, every text masked (see Record).
type Entry struct {
	// ID tells entries apart (for marking one to compare): the time and
	// random bytes, unique across processes.
	ID string `json:"id"`
	// Time is when the response arrived.
	Time time.Time `json:"time"`
	// Request and Folder name the request in the collection, as it was
	// named when sent.
	Request string `json:"request"`
	Folder  string `json:"folder,omitempty"`
	Method  string `json:"method"`
	// URL is the URL as sent, masked.
	URL string `json:"url"`
	// Status is the response's status code; 0 when none arrived.
	Status int `json:"status"`
	// DurationNS is the request's time in nanoseconds.
	DurationNS int64 `json:"duration_ns"`
	// Passed says whether its expectations held.
	Passed bool `json:"passed"`
	// Error is why the request failed, masked; empty when it did not.
	Error string `json:"error,omitempty"`
	// Credentials names the profile whose credentials went with the
	// request ("alice-basic (basic)"); they are not in Sent's headers.
	Credentials string `json:"credentials,omitempty"`
	// Sent is the request as resolved; Received the response, nil when
	// none arrived.
	Sent     Message  `json:"sent"`
	Received *Message `json:"received,omitempty"`
}

// Duration is DurationNS as a time.Duration.
func (e Entry) Duration() time.Duration { return time.Duration(e.DurationNS) }

// Message is one HTTP message of an entry.
type Message struct {
	// StartLine is "GET URL" or "HTTP/1.1 200 OK".
	StartLine string `json:"start_line"`
	// Headers are sorted by name, one per value.
	Headers []Header `json:"headers,omitempty"`
	// HeadersLeft counts the header fields not kept.
	HeadersLeft int `json:"headers_left,omitempty"`
	// Body is the start of the body, masked then cut to BodyLimit.
	Body string `json:"body,omitempty"`
	// BodySize counts every byte of the body.
	BodySize int64 `json:"body_size"`
	// Cut says Body is less than the whole body.
	Cut bool `json:"cut,omitempty"`
	// Binary says the body is not text and was not kept.
	Binary bool `json:"binary,omitempty"`
}

// Header is one header field.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Record returns the entry for one send: res as collections/run made it
// with run.Options.KeepExchange = BodyLimit (res.Exchange masked and cut
// as a report's), masked again with secrets — the send's final list,
// which may hold values it learnt after the exchange was kept (a captured
// secret) — and with the values of credential headers masked whatever
// they hold (see maskCredentialHeader). at is when the response arrived.
func Record(at time.Time, res report.Result, secrets []string) Entry {
	r := authflow.NewRedactor(secrets...)
	e := Entry{
		ID:         newID(at),
		Time:       at.UTC(),
		Request:    res.Name,
		Folder:     res.Folder,
		Method:     res.Method,
		URL:        r.Redact(res.URL),
		Status:     res.Status,
		DurationNS: int64(res.Duration),
		Passed:     res.Passed,
		Error:      r.Redact(res.Error),
	}
	if e.Method == "" {
		e.Method = "GET"
	}
	if ex := res.Exchange; ex != nil {
		e.Credentials = ex.Credentials
		e.Sent = message(r, ex.Request)
		if ex.Response != nil {
			m := message(r, *ex.Response)
			e.Received = &m
		}
	} else {
		e.Sent = Message{StartLine: e.Method + " " + e.URL}
	}
	return e
}

// message converts a report message, masking it with r: its texts are
// already cut (Redact reads their cut marks), and a body kept with a
// larger limit than BodyLimit is cut to it, masked first.
func message(r *authflow.Redactor, m report.Message) Message {
	out := Message{
		StartLine:   r.Redact(m.StartLine),
		HeadersLeft: m.HeadersLeft,
		Body:        r.RedactCut(m.Body, BodyLimit),
		BodySize:    m.BodySize,
		Cut:         m.Cut || len(m.Body) > BodyLimit,
		Binary:      m.Binary,
	}
	for _, h := range m.Headers {
		out.Headers = append(out.Headers, Header{Name: r.Redact(h.Name), Value: maskCredentialHeader(h.Name, r.Redact(h.Value))})
	}
	return out
}

// maskCredentialHeader masks the value of a header that carries
// credentials or a session whatever it holds, since the value need not be
// a secret keyway knows (a Cookie typed into the collection, a session a
// server set): Authorization and Proxy-Authorization keep their scheme
// (RFC 9110 §11.4: credentials = auth-scheme [ 1*SP token68 / params ]);
// Cookie and Set-Cookie keep each cookie's name and Set-Cookie its
// attributes (RFC 6265 §4.1.1, §4.2.1), so a user can still tell which
// session a response set. Other headers are returned as they are.
func maskCredentialHeader(name, value string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		scheme, rest, found := strings.Cut(strings.TrimSpace(value), " ")
		if !found || strings.TrimSpace(rest) == "" {
			return authflow.Mask
		}
		return scheme + " " + authflow.Mask
	case "cookie", "cookie2":
		pairs := strings.Split(value, ";")
		for i, p := range pairs {
			pairs[i] = maskCookiePair(p)
		}
		return strings.Join(pairs, ";")
	case "set-cookie", "set-cookie2":
		pair, attrs, found := strings.Cut(value, ";")
		if found {
			return maskCookiePair(pair) + ";" + attrs
		}
		return maskCookiePair(pair)
	}
	return value
}

// maskCookiePair masks the value of one "name=value".
func maskCookiePair(pair string) string {
	name, _, found := strings.Cut(pair, "=")
	if !found {
		return authflow.Mask
	}
	return name + "=" + authflow.Mask
}

// newID returns a unique id for an entry made at at.
func newID(at time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return at.UTC().Format("20060102T150405.000000000") + "-" + hex.EncodeToString(b[:])
}
