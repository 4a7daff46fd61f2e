package run

import (
	"os"
	"strings"
	"testing"
)

func TestParseShard(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{in: "1/1", want: Shard{1, 1}},
		{in: "2/3", want: Shard{2, 3}},
		{in: "3/3", want: Shard{3, 3}},
		{in: "0/3", err: `--shard "0/3": shard 0 does not exist: shards count from 1 to 3`},
		{in: "4/3", err: `--shard "4/3": shard 4 does not exist: shards count from 1 to 3`},
		{in: "1/0", err: `--shard "1/0": there must be at least one shard, not 0`},
		{in: "x/y", err: `--shard "x/y": write the shard as I/N with whole numbers, such as 2/3`},
		{in: "-1/3", err: `with whole numbers`},
		{in: "+1/3", err: `with whole numbers`},
		{in: " 1/3", err: `with whole numbers`},
		{in: "1/3/5", err: `with whole numbers`},
		{in: "1/999999999999999999999", err: `with whole numbers`},
		{in: "2", err: `--shard "2": write the shard as I/N, such as 2/3 (the second of three), or auto`},
		{in: "", err: `write the shard as I/N`},
	} {
		got, err := ParseShard(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseShard(%q) = %v, %v; want error %s", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// FuzzParseShard: any text is either refused or a shard that exists, and
// that reads back the same once written.
func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/1", "2/3", "0/3", "4/3", "x/y", "1/0", "100000/100000", "07/09", "1//2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		shard, err := ParseShard(s)
		if err != nil {
			return
		}
		if shard.Index < 1 || shard.Index > shard.Total || shard.Total > maxShards {
			t.Fatalf("ParseShard(%q) = %v", s, shard)
		}
		if again, err := ParseShard(shard.String()); err != nil || again != shard {
			t.Fatalf("ParseShard(%q) = %v, but %q reads back as %v, %v", s, shard, shard.String(), again, err)
		}
	})
}

// clearCIShardVariables unsets the variables ShardFromCI reads, for the
// test, whatever CI runs the tests.
func clearCIShardVariables(t *testing.T) {
	for _, ci := range ciShardVariables {
		for _, name := range []string{ci.index, ci.total} {
			t.Setenv(name, "") // restores the value after the test
			os.Unsetenv(name)
		}
	}
}

// TestShardFromCI sets each CI system's variables as its jobs see them and
// checks the shard read: GitLab counts from 1, CircleCI and Buildkite
// from 0.
func TestShardFromCI(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Shard
		note string
		err  string
	}{
		{name: "none", want: Shard{}, note: "no CI shard variables are set"},
		{name: "GitLab first", env: map[string]string{"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"}, want: Shard{1, 3},
			note: "--shard auto: shard 1/3, from GitLab CI's CI_NODE_INDEX=1 and CI_NODE_TOTAL=3"},
		{name: "GitLab last", env: map[string]string{"CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "3"}, want: Shard{3, 3}},
		{name: "CircleCI first", env: map[string]string{"CIRCLE_NODE_INDEX": "0", "CIRCLE_NODE_TOTAL": "4"}, want: Shard{1, 4},
			note: "--shard auto: shard 1/4, from CircleCI's CIRCLE_NODE_INDEX=0 and CIRCLE_NODE_TOTAL=4"},
		{name: "CircleCI last", env: map[string]string{"CIRCLE_NODE_INDEX": "3", "CIRCLE_NODE_TOTAL": "4"}, want: Shard{4, 4}},
		{name: "Buildkite", env: map[string]string{"BUILDKITE_PARALLEL_JOB": "1", "BUILDKITE_PARALLEL_JOB_COUNT": "2"}, want: Shard{2, 2},
			note: "Buildkite's BUILDKITE_PARALLEL_JOB=1 and BUILDKITE_PARALLEL_JOB_COUNT=2"},
		{name: "GitLab index 0", env: map[string]string{"CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "3"},
			err: `--shard auto: CI_NODE_INDEX="0" is not a job index from 1 to 3 (GitLab CI counts from 1)`},
		{name: "CircleCI index past the end", env: map[string]string{"CIRCLE_NODE_INDEX": "4", "CIRCLE_NODE_TOTAL": "4"},
			err: `--shard auto: CIRCLE_NODE_INDEX="4" is not a job index from 0 to 3 (CircleCI counts from 0)`},
		{name: "Buildkite count not a number", env: map[string]string{"BUILDKITE_PARALLEL_JOB": "0", "BUILDKITE_PARALLEL_JOB_COUNT": "two"},
			err: `--shard auto: BUILDKITE_PARALLEL_JOB_COUNT="two" is not a number of jobs (a whole number from 1)`},
		{name: "total zero", env: map[string]string{"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "0"},
			err: `--shard auto: CI_NODE_TOTAL="0" is not a number of jobs (a whole number from 1)`},
		{name: "index alone", env: map[string]string{"CIRCLE_NODE_INDEX": "1"},
			err: `--shard auto: CIRCLE_NODE_INDEX is set but CIRCLE_NODE_TOTAL is not`},
		{name: "total alone", env: map[string]string{"CI_NODE_TOTAL": "2"},
			err: `--shard auto: CI_NODE_TOTAL is set but CI_NODE_INDEX is not`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearCIShardVariables(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			got, note, err := ShardFromCI(os.LookupEnv)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want || !strings.Contains(note, tc.note) {
				t.Errorf("= %v, %q, %v; want %v and a note with %q", got, note, err, tc.want, tc.note)
			}
		})
	}
}
