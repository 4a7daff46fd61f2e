package run

import (
	"context"
	"strings"
	"testing"
)

// TestOneKeepsTheExchangeWhenAsked: with KeepExchange, One keeps the
// masked, cut copy of the request and response a report would (the TUI's
// history is built from it); without, none.
func TestOneKeepsTheExchangeWhenAsked(t *testing.T) {
	srv := serve(t, chainServer(t).ServeHTTP)
	c := parse(t, chainTOML)
	opts := options(srv.URL)
	opts.Scope.Captures = map[string]string{"token": "tok-1"}
	if out := One(context.Background(), c, c.Request("Me"), opts); out.Result.Exchange != nil {
		t.Fatal("an exchange was kept without KeepExchange")
	}
	opts.KeepExchange = 1 << 10
	out := One(context.Background(), c, c.Request("Me"), opts)
	ex := out.Result.Exchange
	if ex == nil || ex.Response == nil {
		t.Fatalf("no exchange kept with KeepExchange: %+v", out.Result)
	}
	if !strings.Contains(ex.Response.Body, "alice") || !strings.HasPrefix(ex.Request.StartLine, "GET ") {
		t.Fatalf("kept %+v / %+v", ex.Request, ex.Response)
	}
}
