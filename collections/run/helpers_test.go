package run

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// parse loads a collection from TOML text.
func parse(t testing.TB, src string) *collections.Collection {
	t.Helper()
	c, err := collections.Parse("test.toml", []byte(src))
	if err != nil {
		t.Fatalf("parse collection: %v", err)
	}
	return c
}

// serve starts a loopback server for the test.
func serve(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// refusedURL returns the URL of a loopback port nothing listens on.
func refusedURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// options returns run options pointing {{base_url}} at url, with no
// environment variables, secret store or prompts from the machine.
func options(url string) Options {
	return Options{
		Scope: collections.Scope{
			Vars:      map[string]string{"base_url": url},
			LookupEnv: func(string) (string, bool) { return "", false },
		},
		Client: authflow.NewClient(),
	}
}

// mustRun runs c and fails the test on an error.
func mustRun(t testing.TB, ctx context.Context, c *collections.Collection, opts Options) *report.Report {
	t.Helper()
	rep, err := Run(ctx, c, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return rep
}

// names lists the names of the report's results.
func names(rep *report.Report) []string {
	out := make([]string, len(rep.Results))
	for i, r := range rep.Results {
		out[i] = r.Name
	}
	return out
}

// encodeAll returns the report as JSON, JUnit and text.
func encodeAll(t testing.TB, rep *report.Report) (jsonOut, junitOut, textOut string) {
	t.Helper()
	var j, x, txt bytes.Buffer
	if err := rep.WriteJSON(&j); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJUnit(&x); err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		if err := rep.WriteText(&txt, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := rep.WriteSummary(&txt); err != nil {
		t.Fatal(err)
	}
	return j.String(), x.String(), txt.String()
}
