package run

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

// benchRequests is how many requests each benchmarked run sends.
const benchRequests = 100

// benchCollection returns a collection of n bearer-authenticated GETs, each
// with a status, a header and a jq assertion, against base.
func benchCollection(b *testing.B, n int) *collections.Collection {
	var src strings.Builder
	src.WriteString(`
name = "Bench"
version = 1
default_profile = "token"
[profile.token]
type = "bearer"
token = "bench-token"
`)
	for i := range n {
		fmt.Fprintf(&src, `
[[request]]
name = "item %d"
url = "{{base_url}}/items/%d"
[request.expect]
status = 200
headers = { Content-Type = "json" }
jq = [".id == %d"]
`, i, i, i)
	}
	return parse(b, src.String())
}

// benchServer answers /items/N with {"id": N}, requiring the bearer token.
func benchServer(b *testing.B) string {
	srv := serve(b, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer bench-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id": %s}`, strings.TrimPrefix(r.URL.Path, "/items/"))
	})
	return srv.URL
}

// plainCollection returns n bearer-authenticated GETs with no assertions:
// the shape of bench/'s end-to-end workload, where only the engine's own
// cost per request is measured.
func plainCollection(b *testing.B, n int) *collections.Collection {
	var src strings.Builder
	src.WriteString("name = \"Bench\"\nversion = 1\ndefault_profile = \"token\"\n" +
		"[profile.token]\ntype = \"bearer\"\ntoken = \"bench-token\"\n")
	for i := range n {
		fmt.Fprintf(&src, "[[request]]\nname = \"item %d\"\nurl = \"{{base_url}}/items/%d\"\n", i, i)
	}
	return parse(b, src.String())
}

func benchmarkRun(b *testing.B, concurrency int) {
	benchmarkRunOf(b, benchCollection(b, benchRequests), Options{Concurrency: concurrency})
}

// benchmarkRunOf runs c with the bench server's options and those of
// tune: its Concurrency, Untraced and KeepExchange.
func benchmarkRunOf(b *testing.B, c *collections.Collection, tune Options) {
	base := benchServer(b)
	opts := options(base)
	opts.Concurrency, opts.Untraced, opts.KeepExchange = tune.Concurrency, tune.Untraced, tune.KeepExchange
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Run(context.Background(), c, opts)
		if err != nil || rep.Summary.Passed != benchRequests {
			b.Fatalf("run: %v, %+v", err, rep.Summary)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRequests), "ns/request")
}

// BenchmarkRunSequential replays 100 requests one after another through one
// shared client, the `keyway run` hot path.
func BenchmarkRunSequential(b *testing.B) { benchmarkRun(b, 1) }

// BenchmarkRunSequentialPlain replays 100 requests without assertions:
// the engine's cost per request beside BenchmarkPlainHTTPLoop's.
func BenchmarkRunSequentialPlain(b *testing.B) {
	benchmarkRunOf(b, plainCollection(b, benchRequests), Options{})
}

// BenchmarkRunSequentialUntraced is BenchmarkRunSequentialPlain as
// `keyway run` sends it, recording no flows.
func BenchmarkRunSequentialUntraced(b *testing.B) {
	benchmarkRunOf(b, plainCollection(b, benchRequests), Options{Untraced: true})
}

// BenchmarkRunSequentialKeepExchange is BenchmarkRunSequentialUntraced
// with an HTML report asked for: each result keeps its exchange, masked.
func BenchmarkRunSequentialKeepExchange(b *testing.B) {
	benchmarkRunOf(b, plainCollection(b, benchRequests), Options{Untraced: true, KeepExchange: report.ExchangeBodyLimit})
}

// BenchmarkRunConcurrent8 replays the same 100 requests, 8 at a time.
func BenchmarkRunConcurrent8(b *testing.B) { benchmarkRun(b, 8) }

// BenchmarkPlainHTTPLoop is the reference of issue 4: the same 100 GETs
// with net/http alone, to compare BenchmarkRunSequential against.
func BenchmarkPlainHTTPLoop(b *testing.B) {
	base := benchServer(b)
	client := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		for i := range benchRequests {
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/items/%d", base, i), nil)
			req.Header.Set("Authorization", "Bearer bench-token")
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRequests), "ns/request")
}

// BenchmarkPlan measures working out the dependencies of 100 requests, done
// once per run.
func BenchmarkPlan(b *testing.B) {
	c := benchCollection(b, benchRequests)
	positions, _ := selectRequests(c, nil, nil)
	scope := &collections.Scope{}
	b.ReportAllocs()
	for b.Loop() {
		plan(c, positions, scope)
	}
}

// BenchmarkJQAssertion evaluates one short assertion on a small body: what
// each request of a run pays for bounding jq's time and memory.
func BenchmarkJQAssertion(b *testing.B) {
	code, err := compileJQ(".id == 42")
	if err != nil {
		b.Fatal(err)
	}
	input := map[string]any{"id": 42}
	b.ReportAllocs()
	for b.Loop() {
		if out, err := jqOutputs(context.Background(), code, input, maxOutputs); err != nil || len(out) != 1 || out[0] != true {
			b.Fatalf("%v %v", out, err)
		}
	}
}
