package run

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// TestDemoCollectionPasses is `keyway demo --run` without the command: the
// embedded demo collection against the demo API, sequentially and
// concurrently. Every request a headless run sends must pass.
func TestDemoCollectionPasses(t *testing.T) {
	srv := httptest.NewServer(demoapi.New(demoapi.Options{}))
	t.Cleanup(srv.Close)
	c, err := collections.Parse(examples.DemoPath, examples.DemoTOML)
	if err != nil {
		t.Fatal(err)
	}
	// A headless run leaves out the requests that need a browser login.
	send, _ := examples.DemoHeadless(c)
	for _, concurrency := range []int{1, 4} {
		opts := options(srv.URL)
		opts.Concurrency = concurrency
		opts.Only = send
		rep := mustRun(t, context.Background(), c, opts)
		if rep.Summary.Failed != 0 || rep.Summary.Passed != len(send) {
			_, _, text := encodeAll(t, rep)
			t.Errorf("concurrency %d: demo run:\n%s", concurrency, text)
		}
	}
}
