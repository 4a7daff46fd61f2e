// Command driver runs keyway's end-to-end benchmarks: it starts
// bench/server, writes the benchmark collections, runs each workload with
// `keyway` and with bench/loop alternately, and prints the medians, the
// ratio keyway/loop, peak memory and whether each target is met.
//
//	driver -keyway BIN -loop BIN -server BIN [-runs 5] [-scaling] [-only NAME] [-keyway-env GOGC=200]
//	driver -write DIR -base http://ADDR    (only write the collections, for profiling)
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	keyway := flag.String("keyway", "", "keyway binary")
	loop := flag.String("loop", "", "bench/loop binary")
	server := flag.String("server", "", "bench/server binary")
	runs := flag.Int("runs", 5, "runs of each command per workload")
	scaling := flag.Bool("scaling", false, "also measure how cost grows with requests, response size and concurrency")
	only := flag.String("only", "", "run only workloads whose name contains this")
	write := flag.String("write", "", "only write the collections to this folder, for a server at -base, and exit (for profiling)")
	base := flag.String("base", "", "with -write: the server's base URL")
	keywayEnv := flag.String("keyway-env", "", "NAME=VALUE added to keyway's environment only, e.g. GOGC=200 to try a GC setting")
	flag.Parse()
	if *write != "" {
		b := &bench{base: *base, dir: *write}
		if _, err := b.workloads(); err != nil {
			fmt.Fprintln(os.Stderr, "driver:", err)
			os.Exit(1)
		}
		return
	}
	if *keyway == "" || *loop == "" || *server == "" {
		fmt.Fprintln(os.Stderr, "driver: -keyway, -loop and -server are required")
		os.Exit(2)
	}
	var extra []string
	if *keywayEnv != "" {
		extra = []string{*keywayEnv}
	}
	if err := run(*keyway, *loop, *server, *runs, *scaling, *only, extra); err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
}

func run(keyway, loop, server string, runs int, scaling bool, only string, keywayEnv []string) error {
	addr, stop, err := startServer(server)
	if err != nil {
		return err
	}
	defer stop()
	base := "http://" + addr
	dir, err := os.MkdirTemp("", "keyway-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b := &bench{keyway: keyway, loop: loop, base: base, dir: dir, runs: runs, keywayEnv: keywayEnv,
		env: []string{"BENCH_TOKEN=" + staticToken, "BENCH_PASSWORD=" + password, "BENCH_CLIENT_SECRET=" + clientSecret}}

	workloads, err := b.workloads()
	if err != nil {
		return err
	}
	fmt.Printf("medians of %d runs; wall and CPU (user+sys) times; peak RSS is the largest of the runs\n\n", runs)
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "workload\tkeyway wall\tloop wall\tratio\tkeyway CPU\tloop CPU\tCPU ratio\tkeyway RSS\tloop RSS\ttarget\tmet")
	for _, wl := range workloads {
		if only != "" && !strings.Contains(wl.name, only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "running %s\n", wl.name)
		kw, lp, err := pair(runs, b.env, b.keywayEnv, wl.keyway, wl.loop)
		if err != nil {
			return fmt.Errorf("%s: %w", wl.name, err)
		}
		met := "yes"
		if !wl.met(kw, lp) {
			met = "NO"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", wl.name,
			ms(kw.wall), ms(lp.wall), ratio(kw.wall, lp.wall),
			ms(kw.cpu), ms(lp.cpu), ratio(kw.cpu, lp.cpu),
			mib(kw.maxRSS), mib(lp.maxRSS), wl.target, met)
	}
	if err := b.startRows(w, only); err != nil {
		return err
	}
	w.Flush()
	if scaling {
		return b.scaling()
	}
	return nil
}

// bench holds what every workload needs.
type bench struct {
	keyway, loop, base, dir string
	runs                    int
	env, keywayEnv          []string
}

// workload is one line of the table: the same work done by keyway and
// the loop, and the target for it.
type workload struct {
	name         string
	keyway, loop []string
	target       string
	met          func(kw, lp stats) bool
}

func (b *bench) workloads() ([]workload, error) {
	item := func(i int) string { return fmt.Sprintf("/items/%d", i) }
	files := map[string]string{
		"seq.toml":   getCollection(b.base, "static", 1000, item),
		"one.toml":   getCollection(b.base, "static", 1, item),
		"token.toml": getCollection(b.base, "oauth", 100, item),
		"cc.toml":    getCollection(b.base, "service", 100, item),
		"big.toml":   bigCollection(b.base, 10_000),
		"bytes.toml": getCollection(b.base, "static", 1, func(int) string { return fmt.Sprintf("/bytes?n=%d", 100<<20) }),
	}
	paths := map[string]string{}
	for name, content := range files {
		path, err := writeCollection(b.dir, name, content)
		if err != nil {
			return nil, err
		}
		paths[name] = path
	}
	within := func(limit float64) func(kw, lp stats) bool {
		return func(kw, lp stats) bool { return float64(kw.wall) <= limit*float64(lp.wall) }
	}
	return []workload{
		{
			name:   "1,000 sequential bearer GETs",
			keyway: []string{b.keyway, "run", paths["seq.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "seq", "-n", "1000"},
			target: "≤1.2×, <25 MiB",
			met: func(kw, lp stats) bool {
				return within(1.2)(kw, lp) && kw.maxRSS < 25<<20
			},
		},
		{
			name:   "cold start, one request",
			keyway: []string{b.keyway, "run", paths["one.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "seq", "-n", "1"},
			target: "≤3×",
			met:    within(3),
		},
		{
			name:   "password grant + 100 GETs",
			keyway: []string{b.keyway, "run", paths["token.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "token", "-n", "100"},
			target: "≤1.3×",
			met:    within(1.3),
		},
		{
			name:   "client credentials + 100 GETs",
			keyway: []string{b.keyway, "run", paths["cc.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "cc", "-n", "100"},
			target: "≤1.3×",
			met:    within(1.3),
		},
		{
			name:   "1,000 GETs, concurrency 8",
			keyway: []string{b.keyway, "run", "--concurrency", "8", paths["seq.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "conc", "-n", "1000", "-c", "8"},
			target: "≥80% of loop throughput (≤1.25×)",
			met:    within(1.25),
		},
		{
			name:   "load + check 10,000 requests",
			keyway: []string{b.keyway, "check", paths["big.toml"]},
			loop:   []string{b.loop, "-mode", "load", "-file", paths["big.toml"]},
			target: "<100 ms",
			met:    func(kw, _ stats) bool { return kw.wall < 100*time.Millisecond },
		},
		{
			name:   "one 100 MB response",
			keyway: []string{b.keyway, "run", paths["bytes.toml"]},
			loop:   []string{b.loop, "-base", b.base, "-mode", "bytes", "-size", fmt.Sprint(100 << 20)},
			target: "<64 MiB",
			met:    func(kw, _ stats) bool { return kw.maxRSS < 64<<20 },
		},
	}, nil
}

// startServer starts bench/server and returns the address it printed.
func startServer(bin string) (string, func(), error) {
	cmd := exec.Command(bin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("server printed no address: %w", err)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(line), stop, nil
}

func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func mib(n int64) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}
