package run

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ParseShard reads a shard as written on the command line, "I/N": the
// I-th of N shards, counting from 1.
func ParseShard(s string) (Shard, error) {
	index, total, found := strings.Cut(s, "/")
	if !found {
		return Shard{}, fmt.Errorf("--shard %q: write the shard as I/N, such as 2/3 (the second of three), or auto", s)
	}
	i, errI := count(index)
	n, errN := count(total)
	if errI != nil || errN != nil {
		return Shard{}, fmt.Errorf("--shard %q: write the shard as I/N with whole numbers, such as 2/3", s)
	}
	shard := Shard{Index: i, Total: n}
	if err := shard.check(); err != nil {
		return Shard{}, fmt.Errorf("--shard %q: %w", s, err)
	}
	return shard, nil
}

// String writes the shard as ParseShard reads it.
func (s Shard) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Total) }

// check reports a shard outside 1 ≤ Index ≤ Total.
func (s Shard) check() error {
	switch {
	case s.Total < 1:
		return fmt.Errorf("there must be at least one shard, not %d", s.Total)
	case s.Index < 1 || s.Index > s.Total:
		return fmt.Errorf("shard %d does not exist: shards count from 1 to %d", s.Index, s.Total)
	}
	return nil
}

// maxShards bounds the numbers read, far above any CI matrix, so that a
// stray digit cannot ask for a billion shards.
const maxShards = 100_000

// count reads a non-negative whole number of at most maxShards, in ASCII
// digits only (no sign, no space).
func count(s string) (int, error) {
	if s == "" || len(s) > len(strconv.Itoa(maxShards)) || strings.Trim(s, "0123456789") != "" {
		return 0, errors.New("not a whole number")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > maxShards {
		return 0, errors.New("out of range")
	}
	return n, nil
}

// ciShardVariables are the variables CI systems set on each job of a
// parallel matrix, with the base their index counts from.
var ciShardVariables = []struct {
	system, index, total string
	zeroBased            bool
}{
	// GitLab CI, `parallel: N`: CI_NODE_INDEX counts from 1.
	{"GitLab CI", "CI_NODE_INDEX", "CI_NODE_TOTAL", false},
	// CircleCI, `parallelism: N`: CIRCLE_NODE_INDEX counts from 0.
	{"CircleCI", "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", true},
	// Buildkite, `parallelism: N`: BUILDKITE_PARALLEL_JOB counts from 0.
	{"Buildkite", "BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT", true},
}

// ShardFromCI reads the shard of `--shard auto` from the variables of the
// CI system the run is in, through lookup (os.LookupEnv), and says where it
// found it. With none of them set it returns the zero Shard — the whole
// run — and a note saying so. A variable set to something else than a
// shard of the matrix is an error naming it.
func ShardFromCI(lookup func(string) (string, bool)) (Shard, string, error) {
	for _, ci := range ciShardVariables {
		index, hasIndex := lookup(ci.index)
		total, hasTotal := lookup(ci.total)
		switch {
		case !hasIndex && !hasTotal:
			continue
		case !hasTotal:
			return Shard{}, "", fmt.Errorf("--shard auto: %s is set but %s is not", ci.index, ci.total)
		case !hasIndex:
			return Shard{}, "", fmt.Errorf("--shard auto: %s is set but %s is not", ci.total, ci.index)
		}
		n, err := count(strings.TrimSpace(total))
		if err != nil || n < 1 {
			return Shard{}, "", fmt.Errorf("--shard auto: %s=%q is not a number of jobs (a whole number from 1)", ci.total, total)
		}
		i, err := count(strings.TrimSpace(index))
		first, last := 1, n
		if ci.zeroBased {
			first, last = 0, n-1
		}
		if err != nil || i < first || i > last {
			return Shard{}, "", fmt.Errorf("--shard auto: %s=%q is not a job index from %d to %d (%s counts from %d)", ci.index, index, first, last, ci.system, first)
		}
		shard := Shard{Index: i + 1 - first, Total: n}
		return shard, fmt.Sprintf("--shard auto: shard %s, from %s's %s=%d and %s=%d", shard, ci.system, ci.index, i, ci.total, n), nil
	}
	return Shard{}, "--shard auto: no CI shard variables are set (CI_NODE_INDEX, CIRCLE_NODE_INDEX, BUILDKITE_PARALLEL_JOB); running the whole selection", nil
}
