package demoapi

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestHealthAndIndex(t *testing.T) {
	h, _ := newDemo(t)
	if a := get(t, h, "/health"); a.Status != http.StatusOK || a.JSON["status"] != "ok" {
		t.Fatalf("/health: %d %s", a.Status, a.Body)
	}
	a := get(t, h, "/")
	for _, want := range []string{"POST /oauth/token", "GET  /me", Username + " / " + Password, APIKey, "access tokens live 1m0s"} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("index lacks %q:\n%s", want, a.Body)
		}
	}
	if a := get(t, h, "/nowhere"); a.Status != http.StatusNotFound {
		t.Errorf("/nowhere: %d", a.Status)
	}
}

func TestSlow(t *testing.T) {
	h, _ := newDemo(t)
	if a := get(t, h, "/slow?ms=0"); a.Status != http.StatusOK || a.JSON["slept_ms"] != 0.0 {
		t.Fatalf("/slow?ms=0: %d %s", a.Status, a.Body)
	}
	for _, bad := range []string{"-1", "x", "60001", "1.5"} {
		if a := get(t, h, "/slow?ms="+bad); a.Status != http.StatusBadRequest {
			t.Errorf("/slow?ms=%s: %d", bad, a.Status)
		}
	}
}

func TestSlowStopsWhenTheClientCancels(t *testing.T) {
	h, _ := newDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/slow?ms=60000", nil)
	rec := httptest.NewRecorder()
	// With the context already done this returns at once; were it to
	// ignore the context, the test would hang a minute and fail its
	// deadline.
	h.ServeHTTP(rec, r)
	if rec.Body.Len() != 0 {
		t.Fatalf("answered a request that was cancelled: %s", rec.Body)
	}
}

func TestLarge(t *testing.T) {
	h, _ := newDemo(t)
	tests := []struct {
		query string
		size  int
	}{
		{"", 1 << 20},
		{"?mb=1", 1 << 20},
		{"?mb=2", 2 << 20},
		{"?kb=1", 1 << 10},
		{"?kb=3", 3 << 10},
		{"?kb=7", 7 << 10},
		{"?kb=65", 65 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/large"+tt.query, nil))
			if rec.Code != http.StatusOK || rec.Body.Len() != tt.size || rec.Header().Get("Content-Length") != strconv.Itoa(tt.size) {
				t.Fatalf("status %d, %d bytes, Content-Length %s; want %d", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"), tt.size)
			}
			var doc struct {
				Items []struct {
					N    int    `json:"n"`
					Text string `json:"text"`
				} `json:"items"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			last := len(doc.Items) - 1
			if last < 1 || doc.Items[last].N != last {
				t.Fatalf("items are not numbered 0..%d", last)
			}
		})
	}
	for _, bad := range []string{"?mb=0", "?kb=0", "?mb=1025", "?mb=x", "?mb=1&kb=1"} {
		if a := get(t, h, "/large"+bad); a.Status != http.StatusBadRequest {
			t.Errorf("/large%s: %d", bad, a.Status)
		}
	}
}

func TestLargeStopsWhenTheClientCancels(t *testing.T) {
	h, _ := newDemo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/large?mb=1024", nil))
	if rec.Body.Len() > 64<<10 {
		t.Fatalf("sent %d bytes to a client that left", rec.Body.Len())
	}
}

func TestBinary(t *testing.T) {
	h, _ := newDemo(t)
	a := get(t, h, "/binary")
	if a.Status != http.StatusOK || a.Header.Get("Content-Type") != "image/png" || a.Header.Get("Content-Length") != strconv.Itoa(len(a.Body)) {
		t.Fatalf("/binary: %d %v", a.Status, a.Header)
	}
	img, err := png.Decode(strings.NewReader(a.Body))
	if err != nil || img.Bounds().Dx() != 256 {
		t.Fatalf("not a 256-wide PNG: %v", err)
	}
	if !bytes.Contains([]byte(a.Body), []byte{0}) {
		t.Fatal("the body holds no NUL byte: not binary enough to test a client")
	}
}

func TestRedirect(t *testing.T) {
	h, _ := newDemo(t)
	tests := []struct {
		to       string
		status   string
		want     int
		location string
	}{
		{"/health", "", 302, "/health"},
		{"/me?x=1", "307", 307, "/me?x=1"},
		{"http://127.0.0.1:9/echo", "308", 308, "http://127.0.0.1:9/echo"},
		{"http://[::1]:9/echo", "301", 301, "http://[::1]:9/echo"},
		{"https://localhost:9/", "303", 303, "https://localhost:9/"},
		{"http://127.0.0.2/", "", 302, "http://127.0.0.2/"},
		{"https://example.com/", "", 400, ""},
		{"//example.com/", "", 400, ""},
		{`/\example.com/`, "", 400, ""},
		{"http://alice@127.0.0.1/", "", 400, ""},
		{"javascript:alert(1)", "", 400, ""},
		{"ftp://127.0.0.1/", "", 400, ""},
		{"", "", 400, ""},
		{"/health", "305", 400, ""},
		{"/health", "200", 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.to+" "+tt.status, func(t *testing.T) {
			q := url.Values{"to": {tt.to}}
			if tt.status != "" {
				q.Set("status", tt.status)
			}
			a := get(t, h, "/redirect?"+q.Encode())
			if a.Status != tt.want || a.Header.Get("Location") != tt.location {
				t.Fatalf("status %d Location %q; want %d %q", a.Status, a.Header.Get("Location"), tt.want, tt.location)
			}
		})
	}
}

func FuzzAllowedRedirect(f *testing.F) {
	for _, s := range []string{"/x", "//x", "http://127.0.0.1:1/", "http://example.com", "http://[::1]/", "http://localhost./"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, to string) {
		if !allowedRedirect(to) {
			return
		}
		if strings.HasPrefix(to, "/") {
			if strings.HasPrefix(to, "//") || strings.HasPrefix(to, `/\`) {
				t.Fatalf("allowed a network-path reference %q", to)
			}
			return
		}
		u, err := url.Parse(to)
		if err != nil || u.Hostname() == "" {
			t.Fatalf("allowed %q, which has no host", to)
		}
	})
}

func TestRedirectChain(t *testing.T) {
	h, _ := newDemo(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := srv.Client().Get(srv.URL + "/redirect/chain/3")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/redirect/chain/0" {
		t.Fatalf("chain ended at %s with %d", res.Request.URL.Path, res.StatusCode)
	}
	// Go's client gives up after 10 redirects.
	if _, err := srv.Client().Get(srv.URL + "/redirect/chain/11"); err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Fatalf("11 redirects: %v", err)
	}
	for _, bad := range []string{"-1", "x", "51"} {
		if a := get(t, h, "/redirect/chain/"+bad); a.Status != http.StatusBadRequest {
			t.Errorf("/redirect/chain/%s: %d", bad, a.Status)
		}
	}
}

func TestEcho(t *testing.T) {
	h, _ := newDemo(t)
	r := httptest.NewRequest(http.MethodGet, "/echo?"+APIKeyQuery+"="+APIKey+"&page=2", nil)
	r.Header.Set("Authorization", bearer(BearerToken))
	r.Header.Set(APIKeyHeader, APIKey)
	a := serve(t, h, r)
	credentials := a.JSON["credentials"].(map[string]any)
	if credentials["authorization"] != true || credentials["api_key_header"] != true ||
		credentials["api_key_query"] != true || credentials["cookie"] != false {
		t.Fatalf("credentials %v", credentials)
	}
	if strings.Contains(a.Body, APIKey) || strings.Contains(a.Body, BearerToken) {
		t.Fatalf("/echo shows a credential: %s", a.Body)
	}
	if !strings.Contains(a.Body, `"page"`) || !strings.Contains(a.Body, `"X-Api-Key"`) {
		t.Fatalf("/echo lacks names: %s", a.Body)
	}
}

func TestEchoSeesCredentialsDroppedOnRedirect(t *testing.T) {
	// The lesson /redirect exists for: Go's client keeps a custom header
	// such as X-API-Key when it follows a redirect to another port, which
	// keyway must strip itself. Here the demo redirects to itself on
	// another origin (127.0.0.1 vs localhost) and /echo reports it.
	h, _ := newDemo(t)
	srv := httptest.NewServer(h)
	defer srv.Close()
	other := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/redirect?to="+url.QueryEscape(other+"/echo"), nil)
	req.Header.Set("Authorization", bearer(BearerToken))
	req.Header.Set(APIKeyHeader, APIKey)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Credentials map[string]bool }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body.Credentials["authorization"] || !body.Credentials["api_key_header"] {
		t.Fatalf("credentials after the redirect %v: want Authorization dropped, X-API-Key kept (Go's behaviour)", body.Credentials)
	}
}
