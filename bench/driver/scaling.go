package main

import (
	"fmt"
	"os"
	"text/tabwriter"
)

// scaling prints how keyway's cost grows with the number of requests, the
// size of a response and the concurrency, each beside the loop's.
func (b *bench) scaling() error {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	row := func(label string, keyway, loop []string) error {
		kw, lp, err := pair(b.runs, b.env, b.keywayEnv, keyway, loop)
		if err != nil {
			return fmt.Errorf("%s: %w", label, err)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", label, ms(kw.wall), ms(lp.wall), ratio(kw.wall, lp.wall), mib(kw.maxRSS), mib(lp.maxRSS))
		return nil
	}
	item := func(i int) string { return fmt.Sprintf("/items/%d", i) }

	fmt.Println("\nnumber of sequential requests")
	fmt.Fprintln(w, "requests\tkeyway\tloop\tratio\tkeyway RSS\tloop RSS")
	for _, n := range []int{10, 100, 1000, 5000} {
		path, err := writeCollection(b.dir, fmt.Sprintf("n%d.toml", n), getCollection(b.base, "static", n, item))
		if err != nil {
			return err
		}
		if err := row(fmt.Sprint(n), []string{b.keyway, "run", path},
			[]string{b.loop, "-base", b.base, "-mode", "seq", "-n", fmt.Sprint(n)}); err != nil {
			return err
		}
	}

	w.Flush()
	fmt.Println("\nresponse size (one request)")
	fmt.Fprintln(w, "bytes\tkeyway\tloop\tratio\tkeyway RSS\tloop RSS")
	for _, size := range []int64{1 << 10, 1 << 20, 10 << 20, 100 << 20} {
		path, err := writeCollection(b.dir, fmt.Sprintf("size%d.toml", size),
			getCollection(b.base, "static", 1, func(int) string { return fmt.Sprintf("/bytes?n=%d", size) }))
		if err != nil {
			return err
		}
		if err := row(fmt.Sprint(size), []string{b.keyway, "run", path},
			[]string{b.loop, "-base", b.base, "-mode", "bytes", "-size", fmt.Sprint(size)}); err != nil {
			return err
		}
	}

	w.Flush()
	// A server that takes 2 ms per request: concurrency hides its latency
	// until the client or the two cores are the limit.
	const requests, latency = 400, 2
	path, err := writeCollection(b.dir, "slow.toml", getCollection(b.base, "static", requests,
		func(i int) string { return fmt.Sprintf("/slow/%d?ms=%d", i, latency) }))
	if err != nil {
		return err
	}
	fmt.Printf("\nconcurrency (%d requests, server latency %d ms each)\n", requests, latency)
	fmt.Fprintln(w, "concurrency\tkeyway\tloop\tratio\tkeyway RSS\tloop RSS")
	for _, c := range []int{1, 2, 4, 8, 16} {
		if err := row(fmt.Sprint(c), []string{b.keyway, "run", "--concurrency", fmt.Sprint(c), path},
			[]string{b.loop, "-base", b.base, "-mode", "conc", "-n", fmt.Sprint(requests), "-c", fmt.Sprint(c), "-ms", fmt.Sprint(latency)}); err != nil {
			return err
		}
	}
	return w.Flush()
}
