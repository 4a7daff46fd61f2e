package authflow

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// settledGoroutines waits until at most want goroutines run, and returns
// the stacks of the others when they never finish. It waits, rather than
// counting once, because a closed connection's goroutines end a moment
// after Close returns; the bound is generous and only a real leak hits it.
func settledGoroutines(want int) (int, string) {
	var n int
	for range 500 {
		if n = runtime.NumGoroutine(); n <= want {
			return n, ""
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	return n, string(buf[:runtime.Stack(buf, true)])
}

// TestNoGoroutineLeftAfterCancel cancels a request whose server never
// answers, then a token request that never answers, and checks that every
// goroutine keyway started ends.
func TestNoGoroutineLeftAfterCancel(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile func(url string) *Profile
	}{
		{"request", func(string) *Profile { return &Profile{Type: TypeBearer, Token: "t0k3n"} }},
		{"token request", func(url string) *Profile {
			return &Profile{Type: TypeOAuth2Password, TokenURL: url + "/token", Username: "u", Password: "p4ss"}
		}},
		{"slow body", func(string) *Profile { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			release := make(chan struct{})
			arrived := make(chan struct{}, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.name == "slow body" {
					w.Write([]byte(strings.Repeat("x", 1024)))
					w.(http.Flusher).Flush()
				}
				arrived <- struct{}{}
				select {
				case <-release:
				case <-r.Context().Done():
				}
			}))
			transport := http.DefaultTransport.(*http.Transport).Clone()
			c := NewClient()
			c.Transport = transport

			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, _, err := c.Send(ctx, tc.profile(srv.URL), Request{URL: srv.URL + "/slow"}, SendOptions{})
				done <- err
			}()
			<-arrived
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Fatalf("Send after cancel: %v, want context.Canceled", err)
			}
			close(release)
			srv.Close()
			transport.CloseIdleConnections()
			if n, stacks := settledGoroutines(before); stacks != "" {
				t.Fatalf("%d goroutines still running, %d before:\n%s", n, before, firstStacks(stacks, 8))
			}
		})
	}
}

// firstStacks keeps the first n goroutine stacks of a dump.
func firstStacks(dump string, n int) string {
	parts := strings.SplitN(dump, "\n\n", n+1)
	if len(parts) > n {
		parts = append(parts[:n], "… and more")
	}
	return strings.Join(parts, "\n\n")
}
