package authflow

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchAPI answers every request with a small JSON body, refusing those
// without the bench token.
func benchAPI(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"bench-token","token_type":"Bearer","expires_in":3600}`)
			return
		}
		if r.Header.Get("Authorization") != "Bearer bench-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":1,"name":"item"}`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchmarkSend sends one GET per iteration with p applied through one
// client, as a run does: the cost of authflow around net/http.
func benchmarkSend(b *testing.B, p *Profile) {
	srv := benchAPI(b)
	client := NewClient()
	req := Request{Method: http.MethodGet, URL: srv.URL + "/items/1"}
	b.ReportAllocs()
	for b.Loop() {
		resp, _, err := client.Send(context.Background(), p, req, SendOptions{})
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("send: %v, %+v", err, resp)
		}
	}
}

// BenchmarkSendBearer is the hot path of `keyway run`: a static bearer
// token applied and the request sent, recorded as a flow.
func BenchmarkSendBearer(b *testing.B) {
	benchmarkSend(b, &Profile{Name: "bench", Type: TypeBearer, Token: "bench-token"})
}

// BenchmarkSendOAuth2Cached is a password-grant profile whose token is
// cached after the first send: every later send pays only the cache.
func BenchmarkSendOAuth2Cached(b *testing.B) {
	srv := benchAPI(b)
	benchmarkSend(b, &Profile{Name: "bench", Type: TypeOAuth2Password, TokenURL: srv.URL + "/token",
		Username: "u", Password: "p", ClientAuth: ClientAuthBody})
}

// BenchmarkPlainDo is the reference for the two above: the same GET with
// net/http alone.
func BenchmarkPlainDo(b *testing.B) {
	srv := benchAPI(b)
	client := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/items/1", nil)
		req.Header.Set("Authorization", "Bearer bench-token")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// BenchmarkApplyBearer measures applying a profile to a request without
// sending it: building the request and its credential step.
func BenchmarkApplyBearer(b *testing.B) {
	p := &Profile{Name: "bench", Type: TypeBearer, Token: "bench-token"}
	b.ReportAllocs()
	for b.Loop() {
		r := &sendRun{profile: p, request: Request{URL: "http://127.0.0.1/items/1"}, flow: &Flow{}}
		r.rec = &flowRecorder{flow: r.flow, redact: r.redactError}
		req, err := newHTTPRequest(context.Background(), r.request)
		if err != nil {
			b.Fatal(err)
		}
		r.applyBearer(req)
	}
}

// BenchmarkSendBearerUntraced is BenchmarkSendBearer as `keyway run` sends
// it: no flow recorded.
func BenchmarkSendBearerUntraced(b *testing.B) {
	srv := benchAPI(b)
	client := NewClient()
	p := &Profile{Name: "bench", Type: TypeBearer, Token: "bench-token"}
	req := Request{Method: http.MethodGet, URL: srv.URL + "/items/1"}
	b.ReportAllocs()
	for b.Loop() {
		resp, _, err := client.Send(context.Background(), p, req, SendOptions{Untraced: true})
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("send: %v, %+v", err, resp)
		}
	}
}
