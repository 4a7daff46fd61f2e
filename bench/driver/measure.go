package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is one run of one command.
type sample struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	maxRSS int64         // bytes
}

// timeBin is GNU time, when installed. Peak memory must be measured by a
// small parent: Linux carries the parent's peak into the child's rusage
// across exec (the driver's own, some 20 MiB), and GNU time forks from a
// process of a few hundred kilobytes.
var timeBin, _ = exec.LookPath("/usr/bin/time")

// measure runs argv once with env added, its output discarded, and
// returns its wall time, CPU time and peak resident memory (0 when GNU
// time is not installed).
func measure(env []string, argv ...string) (sample, error) {
	var rssFile string
	if timeBin != "" {
		f, err := os.CreateTemp("", "keyway-bench-rss-")
		if err != nil {
			return sample{}, err
		}
		f.Close()
		defer os.Remove(f.Name())
		rssFile = f.Name()
		argv = append([]string{timeBin, "-f", "%M", "-o", rssFile}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%v: %w\n%s", argv, err, stderr.Bytes())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	s := sample{wall: wall, cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	if rssFile != "" {
		data, err := os.ReadFile(rssFile)
		if err != nil {
			return sample{}, err
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		if err != nil {
			return sample{}, fmt.Errorf("reading peak memory from GNU time: %w", err)
		}
		s.maxRSS = kb << 10
	}
	return s, nil
}

// stats are the medians of several samples.
type stats struct {
	wall, cpu time.Duration
	maxRSS    int64
}

func median[T int64 | time.Duration](values []T) T {
	s := slices.Clone(values)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func summarize(samples []sample) stats {
	var wall, cpu []time.Duration
	var rss []int64
	for _, s := range samples {
		wall, cpu, rss = append(wall, s.wall), append(cpu, s.cpu), append(rss, s.maxRSS)
	}
	return stats{wall: median(wall), cpu: median(cpu), maxRSS: slices.Max(rss)}
}

// pair runs keyway's command and the loop's alternately, runs times each,
// so that the machine's noise falls on both alike. keywayEnv is added to
// env for keyway's runs only.
func pair(runs int, env, keywayEnv []string, keyway, loop []string) (kw, lp stats, err error) {
	var kws, lps []sample
	for range runs {
		s, err := measure(append(slices.Clip(env), keywayEnv...), keyway...)
		if err != nil {
			return kw, lp, err
		}
		kws = append(kws, s)
		if loop == nil {
			continue
		}
		if s, err = measure(env, loop...); err != nil {
			return kw, lp, err
		}
		lps = append(lps, s)
	}
	kw = summarize(kws)
	if loop != nil {
		lp = summarize(lps)
	}
	return kw, lp, nil
}
