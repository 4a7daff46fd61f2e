#!/usr/bin/env bash
# Runs keyway's end-to-end benchmarks against a plain net/http loop on a
# loopback server and prints medians, ratios and peak memory; then the
# start-up targets (the TUI's first frame on a pseudo-terminal made by
# script(1), the whole binary's package init) and, unless -only is given,
# the TUI keypress benchmark.
#
#   bash bench/run.sh [-runs N] [-scaling] [-only NAME]
#
# Extra arguments go to bench/driver. Peak memory comes from GNU time
# (/usr/bin/time, Debian package `time`) when it is installed, and is left
# out otherwise; nothing else (no hyperfine) is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/keyway" ./cmd/keyway
go build -o "$bin/loop" ./bench/loop
go build -o "$bin/server" ./bench/server
go build -o "$bin/driver" ./bench/driver
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
"$bin/driver" -keyway "$bin/keyway" -loop "$bin/loop" -server "$bin/server" "$@"

# The TUI's keypress target: one scroll key and a full frame over a 10 MB
# JSON response, in process (a terminal adds nothing keyway controls).
if [[ " $* " != *" -only "* ]]; then
	echo
	echo "TUI keypress + frame on a 10 MB JSON response (target < 16 ms), 5 runs:"
	go test -run '^$' -bench 'ResponseKeypress' -count 5 ./tui/ | grep '^Benchmark'
fi
