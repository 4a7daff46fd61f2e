package authflow

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRecordedRequestSaysHTTP2: over HTTP/2 the recorded request names the
// version really used, not HTTP/1.1.
func TestRecordedRequestSaysHTTP2(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Proto))
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := NewClient()
	c.Transport = srv.Client().Transport
	resp, flow, err := send(t, c, nil, Request{URL: srv.URL + "/v"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "HTTP/2.0" {
		t.Fatalf("server saw %q; the test needs HTTP/2", resp.Body)
	}
	ex := lastStep(flow).Exchange
	if ex.Request.Proto != "HTTP/2.0" || ex.Response.Proto != "HTTP/2.0" {
		t.Errorf("recorded protos = %q, %q", ex.Request.Proto, ex.Response.Proto)
	}
	if line, _, _ := strings.Cut(ex.RawRequest(), "\r\n"); line != "GET /v HTTP/2.0" {
		t.Errorf("request line = %q", line)
	}
}
