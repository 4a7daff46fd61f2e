package authflow

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RawRequest returns the request in its HTTP/1.1 wire form: the request
// line, the Host header, the other headers sorted by name, a blank line and
// the recorded body (RFC 9112 §3). A binary body is summarised as
// "[N bytes of binary data]". The text is not redacted. The request line
// names the version really used: an HTTP/2 exchange (binary frames and
// HPACK-compressed fields on the wire, RFC 9113) is rendered in this
// HTTP/1.1 text layout, which shows the same method, target, fields and
// body.
func (e *Exchange) RawRequest() string {
	r := e.Request
	target := r.URL
	if u, err := url.Parse(r.URL); err == nil {
		target = u.RequestURI()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\r\n", r.Method, target, r.Proto)
	fmt.Fprintf(&b, "Host: %s\r\n", r.Host)
	header := r.Header.Clone()
	if header == nil {
		header = http.Header{}
	}
	header.Del("Host")
	if r.BodySize > 0 && header.Get("Content-Length") == "" {
		header.Set("Content-Length", strconv.FormatInt(r.BodySize, 10))
	}
	writeHeaders(&b, header)
	b.WriteString("\r\n")
	writeBody(&b, r.Body, r.BodySize)
	return b.String()
}

// RawResponse returns the response in its HTTP/1.1 wire form: the status
// line, the headers sorted by name, a blank line and the recorded body
// (decompressed). As with RawRequest, an HTTP/2 response is rendered in
// this text layout with its real version. It returns "" when no response arrived.
func (e *Exchange) RawResponse() string {
	r := e.Response
	if r == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\r\n", r.Proto, r.Status)
	writeHeaders(&b, r.Header)
	b.WriteString("\r\n")
	size := r.BodySize
	if size < 0 {
		size = int64(len(r.Body))
		if r.Truncated {
			size = -1
		}
	}
	writeBody(&b, r.Body, size)
	return b.String()
}

func writeHeaders(b *strings.Builder, h http.Header) {
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			fmt.Fprintf(b, "%s: %s\r\n", name, v)
		}
	}
}

// writeBody writes a recorded body and notes the bytes that were not
// recorded; size is the full size, -1 when unknown.
func writeBody(b *strings.Builder, body []byte, size int64) {
	if len(body) == 0 && size <= 0 {
		return
	}
	if isBinary(body) {
		if size < 0 {
			fmt.Fprintf(b, "[more than %d bytes of binary data]", len(body))
		} else {
			fmt.Fprintf(b, "[%d bytes of binary data]", size)
		}
		return
	}
	b.Write(body)
	// CutMark right after a cut body: a secret the cut went through has
	// its start masked too (see Redactor.Redact).
	switch {
	case size < 0:
		fmt.Fprintf(b, "%s\n[… more bytes not recorded]", CutMark)
	case size > int64(len(body)):
		fmt.Fprintf(b, "%s\n[… %d more bytes not recorded]", CutMark, size-int64(len(body)))
	}
}

// isBinary reports a body that is not text: it holds a NUL byte or is not
// valid UTF-8 (a rune cut by the recording limit is allowed at the end).
func isBinary(body []byte) bool {
	if slices.Contains(body, 0) {
		return true
	}
	for i := 0; i < utf8.UTFMax && len(body) > 0 && !utf8.Valid(body); i++ {
		if i == utf8.UTFMax-1 {
			return true
		}
		body = body[:len(body)-1]
	}
	return false
}
