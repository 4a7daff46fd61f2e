// Package bench holds keyway's end-to-end benchmarks: a loopback API
// server (bench/server), a plain net/http client doing the same work as
// `keyway run` (bench/loop), and a driver (bench/driver) that runs both
// several times and prints medians, ratios and peak memory. Run them all
// with `bash bench/run.sh`; docs/performance.md records the figures.
//
// The packages hold commands only and no tests, so `go test ./...` costs
// nothing more than compiling them.
package bench
