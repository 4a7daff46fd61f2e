package run

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"
)

// TestNoGoroutineLeftAfterCancelledRun cancels a concurrent run while
// several requests are in flight and checks that every goroutine the run
// started (scheduler, senders, connections) ends. It waits for the count to
// settle, because closed connections' goroutines end a moment after Close;
// only a real leak exhausts the wait.
func TestNoGoroutineLeftAfterCancelledRun(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	arrived := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	src := "name = \"Leak\"\nversion = 1\n"
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		src += "[[request]]\nname = \"" + name + "\"\nurl = \"{{base_url}}/" + name + "\"\n"
	}
	c := parse(t, src)
	transport := http.DefaultTransport.(*http.Transport).Clone()
	opts := options(srv.URL)
	opts.Concurrency = 4
	opts.Client.Transport = transport
	go func() {
		for range 4 {
			<-arrived
		}
		cancel() // ctrl+c with four requests in flight
	}()
	rep := mustRun(t, ctx, c, opts)
	if len(rep.Results) != 0 {
		t.Errorf("%d results; cancelled requests are not counted", len(rep.Results))
	}
	srv.Close()
	transport.CloseIdleConnections()
	n := runtime.NumGoroutine()
	for i := 0; i < 500 && n > before; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	if n > before {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines left, %d before the run:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
