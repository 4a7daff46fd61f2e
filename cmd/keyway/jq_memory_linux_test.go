//go:build linux

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestChildKeyway is keyway's main when TestRunawayJQKeepsMemoryBounded
// starts this test binary as a child process: the child's peak memory is
// then its own, not the test run's.
func TestChildKeyway(t *testing.T) {
	args := os.Getenv("KEYWAY_TEST_CHILD_ARGS")
	if args == "" {
		t.Skip("only as a child of TestRunawayJQKeepsMemoryBounded")
	}
	os.Exit(execute(strings.Split(args, "\n"), stdio{in: os.Stdin, out: os.Stdout, err: os.Stderr}))
}

// TestRunawayJQKeepsMemoryBounded runs keyway, as its own process, on jq
// expressions that build values without end — the doubling
// string (before: 4.2 GB and "fatal error: out of memory", no report),
// an endless array, a 1 GB repetition — and builtins that expand a value
// in one step (a 10 GB join, tojson and flatten of 2^30 shared strings),
// four at a time, beside a request that passes. Each fails its assertion with what stopped it, the process
// exits 1 with its report written, and its peak resident memory (from the
// kernel's rusage) stays under 1 GiB.
func TestRunawayJQKeepsMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few hundred MiB")
	}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"a":1}`))
	}))
	defer api.Close()
	src := "name = \"runaway\"\n[vars]\nbase = \"" + api.URL + "\"\n"
	runaway := []string{
		`reduce range(40) as $i ("x"; . + .) | length > 0`,
		`[range(1e9)] | length > 0`,
		`[limit(1e8; repeat(1))] | length > 0`,
		`"x" * 1e9 | length > 0`,
		// One builtin step that expands a value: 10 GB joined, the 2^30
		// strings of arrays that share structure written as JSON or
		// flattened.
		`("x" * 100000000) as $s | [range(100) | ""] | join($s) | length > 0`,
		`reduce range(30) as $i ("x"; [., .]) | tojson | length > 0`,
		`reduce range(28) as $i ("x"; [., .]) | flatten | length > 0`,
	}
	for i, expr := range append(runaway, ".a == 1") {
		src += "[[request]]\nname = \"r" + string(rune('0'+i)) + "\"\nurl = \"{{base}}/\"\n[request.expect]\njq = ['" + expr + "']\n"
	}
	path := writeFile(t, "runaway.toml", src)
	reportPath := filepath.Join(t.TempDir(), "report.json")

	cmd := exec.Command(os.Args[0], "-test.run=^TestChildKeyway$")
	cmd.Env = append(os.Environ(), "KEYWAY_TEST_CHILD_ARGS="+strings.Join([]string{"run", path, "--concurrency", "4", "--report", "json:" + reportPath}, "\n"))
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != exitFailed {
		t.Fatalf("child: %v, want exit 1\n%s", err, out)
	}
	usage := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	peak := usage.Maxrss << 10 // KiB on Linux
	t.Logf("peak resident memory %d MiB", peak>>20)
	if peak >= 1<<30 {
		t.Errorf("peak resident memory %d MiB, want under 1024 MiB", peak>>20)
	}

	data, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatalf("no report: %v\n%s", err, out)
	}
	var rep struct {
		Summary struct{ Passed, Failed int }
		Results []struct {
			Name       string
			Assertions []struct {
				Passed bool
				Actual string
			}
		}
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Passed != 1 || rep.Summary.Failed != len(runaway) {
		t.Fatalf("summary %+v, want 1 passed and %d failed\n%s", rep.Summary, len(runaway), out)
	}
	for _, r := range rep.Results {
		if r.Name == "r"+string(rune('0'+len(runaway))) {
			continue
		}
		a := r.Assertions[len(r.Assertions)-1]
		if a.Passed || !strings.Contains(a.Actual, "jq expression stopped: it") && !strings.Contains(a.Actual, "still running after 5s; stopped") {
			t.Errorf("%s: assertion %+v, want it stopped", r.Name, a)
		}
	}
}
