package authflow

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestBodyLimitKeepsMemoryBounded(t *testing.T) {
	const size = 3 << 20
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), size))
	})
	c := NewClient()
	c.BodyLimit = 1000
	resp, flow, err := send(t, c, nil, Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Body) != 1000 || resp.Size != size || !resp.Truncated {
		t.Errorf("kept %d, size %d, truncated %v", len(resp.Body), resp.Size, resp.Truncated)
	}
	ex := lastStep(flow).Exchange
	if len(ex.Response.Body) != RecordLimit || ex.Response.BodySize != size || !ex.Response.Truncated {
		t.Errorf("recorded %d of %d", len(ex.Response.Body), ex.Response.BodySize)
	}
	if raw := ex.RawResponse(); !strings.HasSuffix(raw, "[… 3080192 more bytes not recorded]") {
		t.Errorf("raw response ends %q", raw[len(raw)-60:])
	}
}

func TestGzipIsDecodedBeforeTheLimit(t *testing.T) {
	const size = 1 << 20
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	zw.Write(bytes.Repeat([]byte("a"), size))
	zw.Close()
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(compressed.Bytes())
	})
	c := NewClient()
	c.BodyLimit = 4096
	resp, flow, err := send(t, c, nil, Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.got()[0].Header.Get("Accept-Encoding"); got != "gzip" {
		t.Errorf("Accept-Encoding sent = %q", got)
	}
	if string(resp.Body) != strings.Repeat("a", 4096) || resp.Size != size || !resp.Truncated {
		t.Errorf("body %.10q… (%d kept), size %d", resp.Body, len(resp.Body), resp.Size)
	}
	if resp.Header.Get("Content-Encoding") != "" {
		t.Error("decoded response still says Content-Encoding")
	}
	raw := lastStep(flow).Exchange.RawResponse()
	if !strings.Contains(raw, "Content-Encoding: gzip\r\n") || !strings.Contains(raw, "\r\n\r\naaaa") {
		t.Errorf("raw response = %.200q", raw)
	}
}

func TestTimeouts(t *testing.T) {
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow-body" {
			w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
		}
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Run("no answer", func(t *testing.T) {
		resp, flow, err := send(t, NewClient(), nil, Request{URL: srv.URL + "/never", Timeout: 50 * time.Millisecond})
		if !errors.Is(err, ErrTimeout) || resp != nil || !strings.Contains(err.Error(), "no answer within 50ms") {
			t.Fatalf("resp %v, err %v", resp, err)
		}
		if s := lastStep(flow); s.Status != StepFailed || s.Hint == "" {
			t.Errorf("last step = %+v", s)
		}
	})
	t.Run("stops mid-body", func(t *testing.T) {
		resp, _, err := send(t, NewClient(), nil, Request{URL: srv.URL + "/slow-body", Timeout: 50 * time.Millisecond})
		if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "response body incomplete") {
			t.Fatalf("err = %v", err)
		}
		if resp == nil || string(resp.Body) != "partial" || !resp.Truncated {
			t.Errorf("partial response = %+v", resp)
		}
	})
}

func TestTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
		buf.Flush()
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	resp, flow, err := send(t, NewClient(), nil, Request{URL: srv.URL})
	if !errors.Is(err, ErrTruncatedBody) || !strings.Contains(err.Error(), "after 10 of 100 bytes") {
		t.Fatalf("err = %v", err)
	}
	if resp == nil || string(resp.Body) != "0123456789" {
		t.Errorf("resp = %+v", resp)
	}
	if ex := lastStep(flow).Exchange; ex == nil || ex.Err == nil {
		t.Errorf("exchange = %+v", ex)
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, flow, err := send(t, NewClient(), nil, Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "TLS certificate not trusted") {
		t.Fatalf("err = %v", err)
	}
	// keyway run prints the error, not the step's hint: it says how too.
	if msg := err.Error(); !strings.Contains(msg, `ca_file = "PATH"`) || !strings.Contains(msg, "insecure = true") {
		t.Errorf("err = %q; want how to trust the CA", msg)
	}
	if hint := lastStep(flow).Hint; !strings.Contains(hint, "SSL_CERT_FILE") {
		t.Errorf("hint = %q", hint)
	}
	resp, _, err := send(t, NewClient(), nil, Request{URL: srv.URL, Insecure: true})
	if err != nil || string(resp.Body) != "secure" {
		t.Fatalf("insecure: resp %v, err %v", resp, err)
	}
	// The insecure clone leaves the shared transport verifying.
	if _, _, err := send(t, NewClient(), nil, Request{URL: srv.URL}); err == nil {
		t.Error("verification turned off for later requests")
	}
	c := NewClient()
	c.Transport = roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("unused") })
	if _, _, err := send(t, c, nil, Request{URL: srv.URL, Insecure: true}); !errors.Is(err, errNoTransport) {
		t.Errorf("insecure with a custom transport: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := &Profile{Type: TypeAPIKey, In: InQuery, KeyName: "key", KeyValue: "canary-query-key"}
	_, flow, err := send(t, NewClient(), p, Request{URL: "http://" + addr + "/x"})
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "canary") {
		t.Errorf("error holds the key: %v", err)
	}
	if !strings.Contains(err.Error(), "key="+Mask) {
		t.Errorf("error %q does not show the masked URL", err)
	}
	if s := lastStep(flow); !strings.Contains(s.Hint, "Nothing is listening") {
		t.Errorf("hint = %q", s.Hint)
	}
}

func TestRecordingLeavesCallerRequestAlone(t *testing.T) {
	srv := newRecordingServer(t, jsonHandler(200, "{}"))
	base := http.DefaultTransport
	rt := &recordingTransport{base: base}
	req, _ := http.NewRequest("POST", srv.URL+"/p", strings.NewReader("a=1"))
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if len(req.Header) != 0 {
		t.Errorf("caller's request changed: %v", req.Header)
	}
	if got := srv.got()[0]; got.Body != "a=1" || got.Header.Get("User-Agent") != userAgent {
		t.Errorf("server got %+v", got)
	}
}

func TestRawWireForm(t *testing.T) {
	ex := &Exchange{
		Request: RecordedRequest{
			Method: "POST", URL: "http://api.test:8080/a/b?x=1", Proto: "HTTP/1.1", Host: "api.test:8080",
			Header: http.Header{"Content-Type": {"text/plain"}, "Accept": {"*/*"}},
			Body:   []byte("hello"), BodySize: 5,
		},
		Response: &RecordedResponse{
			Proto: "HTTP/1.1", Status: "200 OK", StatusCode: 200,
			Header: http.Header{"Content-Type": {"application/octet-stream"}},
			Body:   []byte{0x89, 'P', 'N', 'G', 0}, BodySize: 2048,
		},
	}
	wantReq := "POST /a/b?x=1 HTTP/1.1\r\nHost: api.test:8080\r\nAccept: */*\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"
	if got := ex.RawRequest(); got != wantReq {
		t.Errorf("RawRequest =\n%q\nwant\n%q", got, wantReq)
	}
	wantResp := "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n[2048 bytes of binary data]"
	if got := ex.RawResponse(); got != wantResp {
		t.Errorf("RawResponse =\n%q\nwant\n%q", got, wantResp)
	}
}

// A HEAD response announces the length a GET would get and has no body
// (RFC 9110 §9.3.2), as a 204 and a 304 have none: none of them is a
// truncated body, traced or not.
func TestNoBodyWithAnnouncedLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1234")
		switch r.URL.Path {
		case "/no-content":
			w.WriteHeader(http.StatusNoContent)
		case "/not-modified":
			w.WriteHeader(http.StatusNotModified)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(srv.Close)
	for _, req := range []Request{
		{Method: http.MethodHead, URL: srv.URL + "/"},
		{URL: srv.URL + "/no-content"},
		{URL: srv.URL + "/not-modified"},
	} {
		for _, untraced := range []bool{false, true} {
			resp, _, err := NewClient().Send(context.Background(), nil, req, SendOptions{Untraced: untraced})
			if err != nil || len(resp.Body) != 0 || resp.Truncated {
				t.Errorf("%s %s (untraced %v): resp %+v, err %v", req.Method, req.URL, untraced, resp, err)
			}
		}
	}
}
