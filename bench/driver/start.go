package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The start-up targets of issue 4, measured on the built binary:
//   - the TUI's first frame, from exec until `keyway demo` has drawn its
//     tab bar on a terminal, under 100 ms;
//   - the whole binary's package initialisation, as
//     GODEBUG=inittrace=1 `keyway --version` reports it, under 2 ms.

// startRows adds the start-up targets to the table (keyway alone: the
// loop has no terminal UI, and its start is not the point).
func (b *bench) startRows(w io.Writer, only string) error {
	rows := []struct {
		name, target string
		limit        time.Duration
		measure      func() (time.Duration, error)
	}{
		{"TUI first frame (keyway demo, 120×40)", "<100 ms", 100 * time.Millisecond, b.firstFrame},
		{"package init, whole binary (keyway --version)", "<2 ms", 2 * time.Millisecond, b.packageInit},
	}
	for _, r := range rows {
		if only != "" && !strings.Contains(r.name, only) {
			continue
		}
		fmt.Fprintf(os.Stderr, "running %s\n", r.name)
		d, err := r.measure()
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		met := "yes"
		if d >= r.limit {
			met = "NO"
		}
		fmt.Fprintf(w, "%s\t%.2f ms\t-\t-\t-\t-\t-\t-\t-\t%s\t%s\n", r.name, float64(d)/float64(time.Millisecond), r.target, met)
	}
	return nil
}

// frameSize is the terminal the first frame is drawn on.
const frameSize = "stty rows 40 cols 120"

// firstFrame returns the median time `keyway demo` takes to draw its first
// frame on a pseudo-terminal made by script(1), less the time the same
// pipeline takes to print the marker from the shell, so that only keyway's
// part is counted.
func (b *bench) firstFrame() (time.Duration, error) {
	if _, err := exec.LookPath("script"); err != nil {
		return 0, errors.New("script(1) is not installed (Debian package bsdutils)")
	}
	var keyway, shell []time.Duration
	for range b.runs {
		k, err := untilOnScreen(frameSize+"; exec "+b.keyway+" demo", "Explore")
		if err != nil {
			return 0, fmt.Errorf("keyway demo: %w", err)
		}
		s, err := untilOnScreen(frameSize+"; exec printf Explore", "Explore")
		if err != nil {
			return 0, fmt.Errorf("baseline: %w", err)
		}
		keyway, shell = append(keyway, k), append(shell, s)
	}
	return max(median(keyway)-median(shell), 0), nil
}

// untilOnScreen runs command in a pseudo-terminal and returns how long it
// took for marker to appear in its output; the command is then stopped.
func untilOnScreen(command, marker string) (time.Duration, error) {
	cmd := exec.Command("script", "-qfec", command, "/dev/null")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer stopScript(cmd)
	found := make(chan time.Duration, 1)
	go func() {
		var seen bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := out.Read(buf)
			seen.Write(buf[:n])
			if bytes.Contains(seen.Bytes(), []byte(marker)) {
				found <- time.Since(start)
				return
			}
			if err != nil {
				close(found)
				return
			}
		}
	}()
	select {
	case d, ok := <-found:
		if !ok {
			return 0, fmt.Errorf("%q never appeared", marker)
		}
		return d, nil
	case <-time.After(10 * time.Second):
		return 0, fmt.Errorf("%q did not appear within 10 s", marker)
	}
}

// packageInit returns the median, over runs starts, of the whole binary's
// package initialisation time: the sum of the clock times
// GODEBUG=inittrace=1 prints for each package.
func (b *bench) packageInit() (time.Duration, error) {
	var totals []time.Duration
	for range b.runs {
		cmd := exec.Command(b.keyway, "--version")
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return 0, err
		}
		total, err := sumInitClock(stderr.String())
		if err != nil {
			return 0, err
		}
		totals = append(totals, total)
	}
	return median(totals), nil
}

// sumInitClock adds up the "N ms clock" of every inittrace line, such as
// "init net/http @4.9 ms, 0.070 ms clock, 4712 bytes, 49 allocs".
func sumInitClock(trace string) (time.Duration, error) {
	var total float64
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(trace))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 7 || fields[0] != "init" || fields[6] != "clock," {
			continue
		}
		ms, err := strconv.ParseFloat(fields[4], 64)
		if err != nil {
			return 0, fmt.Errorf("inittrace line %q: %w", sc.Text(), err)
		}
		total += ms
		lines++
	}
	if lines == 0 {
		return 0, errors.New("GODEBUG=inittrace=1 printed no init line")
	}
	return time.Duration(total * float64(time.Millisecond)), nil
}

// stopScript ends script(1) and the command it runs. The command is in a
// session of its own, out of reach of a signal to script's process group,
// and would be stopped only by the hangup of its terminal — which a shell
// under nohup, or a CI runner that ignores SIGHUP, passes on as ignored:
// every frame measured then left a `keyway demo` behind, redrawing into a
// closed terminal. script forwards SIGTERM to the command (util-linux ≥
// 2.35), which keyway quits on; SIGKILL is the fallback.
func stopScript(cmd *exec.Cmd) {
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}
