package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// unsetCIShardVariables unsets the variables --shard auto reads, for the
// test, whatever CI runs the tests.
func unsetCIShardVariables(t *testing.T) {
	for _, name := range []string{"CI_NODE_INDEX", "CI_NODE_TOTAL", "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL",
		"BUILDKITE_PARALLEL_JOB", "BUILDKITE_PARALLEL_JOB_COUNT"} {
		t.Setenv(name, "") // restored after the test
		os.Unsetenv(name)
	}
}

// jsonShardReport is what the shard tests read of a JSON report.
type jsonShardReport struct {
	Shard *struct {
		Index int `json:"index"`
		Total int `json:"total"`
	} `json:"shard"`
	Summary struct{ Passed, Failed int }
	Results []struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	}
}

func readJSONReport(t *testing.T, path string) jsonShardReport {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep jsonShardReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestDemoShardsCoverTheCollection runs the demo collection as a matrix of
// three jobs would: each shard passes on its own (captures and the notes'
// POST and DELETE stay together), no request runs twice, every request
// runs once, and each report names its shard.
func TestDemoShardsCoverTheCollection(t *testing.T) {
	unsetCIShardVariables(t)
	_, whole, _ := keyway(t, "", "demo", "--run")
	total := strings.Count(whole, "\n") - 1 // the summary line
	var ran []string
	for i, shard := range []string{"1/3", "2/3", "3/3"} {
		dir := t.TempDir()
		code, out, errOut := keyway(t, "", "demo", "--run", "--shard", shard,
			"--report", "json:"+filepath.Join(dir, "r.json"), "--report", "junit:"+filepath.Join(dir, "r.xml"))
		if code != exitOK {
			t.Fatalf("shard %s: exit %d\n%s%s", shard, code, out, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		rep := readJSONReport(t, filepath.Join(dir, "r.json"))
		if rep.Shard == nil || rep.Shard.Index != i+1 || rep.Shard.Total != 3 {
			t.Errorf("shard %s: JSON shard = %+v", shard, rep.Shard)
		}
		wantLine := "shard " + shard + ": " + itoa(len(rep.Results)) + " of " + itoa(total) + " requests"
		if len(lines) < 2 || lines[len(lines)-2] != wantLine || !strings.HasSuffix(lines[len(lines)-1], " passed, 0 failed") {
			t.Errorf("shard %s: output ends\n%s\nwant %q then the summary", shard, strings.Join(lines[max(len(lines)-2, 0):], "\n"), wantLine)
		}
		for _, r := range rep.Results {
			if slices.Contains(ran, r.Name) {
				t.Errorf("%q ran in two shards", r.Name)
			}
			ran = append(ran, r.Name)
		}
		x, err := os.ReadFile(filepath.Join(dir, "r.xml"))
		if err != nil {
			t.Fatal(err)
		}
		var suites struct {
			Suite struct {
				Name string `xml:"name,attr"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(x, &suites); err != nil {
			t.Fatal(err)
		}
		if want := "keyway demo (shard " + shard + ")"; suites.Suite.Name != want {
			t.Errorf("JUnit suite name = %q, want %q", suites.Suite.Name, want)
		}
	}
	if len(ran) != total {
		t.Errorf("the shards ran %d requests, the whole run %d", len(ran), total)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

const taggedCollection = `name = "tagged"
version = 1

[vars]
base_url = "http://127.0.0.1:1"

[[request]]
name = "health"
url = "{{base_url}}/health"
tags = ["smoke"]

[[request]]
name = "me"
folder = "users"
url = "{{base_url}}/health"
tags = ["users", "smoke"]

[[request]]
name = "other"
folder = "users"
url = "{{base_url}}/health"
`

// TestRunSelectionExitCodes: a bad --shard, a --tag no request holds and
// an --only and --tag with nothing in common stop the run with exit 2
// before anything is sent; a shard left empty passes.
func TestRunSelectionExitCodes(t *testing.T) {
	unsetCIShardVariables(t)
	path := writeFile(t, "c.toml", taggedCollection)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--shard", "0/3"}, `keyway: --shard "0/3": shard 0 does not exist: shards count from 1 to 3`},
		{[]string{"--shard", "4/3"}, `keyway: --shard "4/3": shard 4 does not exist: shards count from 1 to 3`},
		{[]string{"--shard", "x/y"}, `keyway: --shard "x/y": write the shard as I/N with whole numbers, such as 2/3`},
		{[]string{"--shard", "1/0"}, `keyway: --shard "1/0": there must be at least one shard, not 0`},
		{[]string{"--tag", "smok"}, `--tag "smok" matches no request's tags in ` + path},
		{[]string{"--tag", "users", "--only", "health"}, `no request in ` + path + ` is both selected by --only "health" and tagged "users"`},
	} {
		code, out, errOut := keyway(t, "", append([]string{"run", path}, tc.args...)...)
		if code != exitInvalid || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %s", tc.args, code, out, errOut, tc.want)
		}
	}

	// Two groups at most (three unlinked requests, but only one tagged
	// "users"): shard 2/2 of --tag users is empty.
	code, out, errOut := keyway(t, "", "run", path, "--tag", "users", "--shard", "2/2")
	if code != exitOK || out != "shard 2/2: no requests (the 1 selected request is in another shard)\n0 passed, 0 failed\n" {
		t.Errorf("empty shard: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestRunTagAndOnly: --tag keeps the requests holding any of the tags
// given, --only and --tag together keep what both select, and each result
// of the JSON report lists its tags.
func TestRunTagAndOnly(t *testing.T) {
	path := writeFile(t, "c.toml", taggedCollection)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--tag", "smoke"}, []string{"health", "me"}},
		{[]string{"--tag", "users", "--tag", "smoke"}, []string{"health", "me"}},
		{[]string{"--tag", "smoke", "--only", "users"}, []string{"me"}},
	} {
		report := filepath.Join(t.TempDir(), "r.json")
		// Every request fails (nothing listens on port 1): exit 1.
		code, out, errOut := keyway(t, "", append([]string{"run", path, "--report", "json:" + report}, tc.args...)...)
		if code != exitFailed {
			t.Fatalf("%v: exit %d\n%s%s", tc.args, code, out, errOut)
		}
		rep := readJSONReport(t, report)
		var names []string
		for _, r := range rep.Results {
			names = append(names, r.Name)
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%v ran %v, want %v", tc.args, names, tc.want)
		}
		if rep.Shard != nil {
			t.Errorf("an unsharded run's report has shard %+v", rep.Shard)
		}
		if tags := rep.Results[len(rep.Results)-1].Tags; !slices.Equal(tags, []string{"users", "smoke"}) {
			t.Errorf("tags of %q = %q", rep.Results[len(rep.Results)-1].Name, tags)
		}
	}
}

// TestShardAuto runs `keyway run --shard auto` with each CI's variables
// set as its parallel jobs see them.
func TestShardAuto(t *testing.T) {
	path := writeFile(t, "c.toml", taggedCollection)
	for _, tc := range []struct {
		name   string
		env    map[string]string
		shard  string // the JSON report's, "" for none
		stderr string
		code   int
	}{
		{"GitLab", map[string]string{"CI_NODE_INDEX": "2", "CI_NODE_TOTAL": "3"}, "2/3",
			"keyway: --shard auto: shard 2/3, from GitLab CI's CI_NODE_INDEX=2 and CI_NODE_TOTAL=3", exitFailed},
		{"CircleCI", map[string]string{"CIRCLE_NODE_INDEX": "0", "CIRCLE_NODE_TOTAL": "2"}, "1/2",
			"from CircleCI's CIRCLE_NODE_INDEX=0 and CIRCLE_NODE_TOTAL=2", exitFailed},
		{"Buildkite", map[string]string{"BUILDKITE_PARALLEL_JOB": "2", "BUILDKITE_PARALLEL_JOB_COUNT": "3"}, "3/3",
			"from Buildkite's BUILDKITE_PARALLEL_JOB=2 and BUILDKITE_PARALLEL_JOB_COUNT=3", exitFailed},
		{"none", nil, "", "keyway: --shard auto: no CI shard variables are set", exitFailed},
		{"malformed", map[string]string{"CIRCLE_NODE_INDEX": "first", "CIRCLE_NODE_TOTAL": "2"}, "",
			`keyway: --shard auto: CIRCLE_NODE_INDEX="first" is not a job index from 0 to 1 (CircleCI counts from 0)`, exitInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			unsetCIShardVariables(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			report := filepath.Join(t.TempDir(), "r.json")
			code, out, errOut := keyway(t, "", "run", path, "--shard", "auto", "--report", "json:"+report)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Fatalf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwant on stderr: %s", code, tc.code, out, errOut, tc.stderr)
			}
			if code == exitInvalid {
				return
			}
			rep := readJSONReport(t, report)
			got := ""
			if rep.Shard != nil {
				got = itoa(rep.Shard.Index) + "/" + itoa(rep.Shard.Total)
			}
			if got != tc.shard {
				t.Errorf("report shard %q, want %q", got, tc.shard)
			}
			if tc.shard == "" && len(rep.Results) != 3 {
				t.Errorf("--shard auto with no CI ran %d requests, want all 3", len(rep.Results))
			}
		})
	}
}

// TestTagCompletion: `keyway run FILE --tag <TAB>` offers the file's
// tags, in file order, with how many requests hold each.
func TestTagCompletion(t *testing.T) {
	path := writeFile(t, "c.toml", taggedCollection)
	code, out, _ := keyway(t, "", "__complete", "run", path, "--tag", "")
	if code != exitOK || !strings.HasPrefix(out, "smoke\t2 requests\nusers\t1 request\n:4\n") {
		t.Errorf("exit %d, completion:\n%s", code, out)
	}
	_, out, _ = keyway(t, "", "__complete", "run", path, "--tag", "u")
	if !strings.HasPrefix(out, "users\t1 request\n:4\n") {
		t.Errorf("completion of u:\n%s", out)
	}
	_, out, _ = keyway(t, "", "__complete", "run", filepath.Join(t.TempDir(), "missing.toml"), "--tag", "")
	if !strings.HasPrefix(out, ":4\n") {
		t.Errorf("completion for a missing file:\n%s", out)
	}
}
