package main

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/examples"
	"github.com/keyway-cli/keyway/examples/demoapi"
)

// TestCIExamplesRun tries docs/ci.md as far as this machine allows: each
// YAML block must be well-formed and hold what its CI needs (a matrix of
// shards, the JUnit report published, the HTML report kept), and every
// keyway command in it runs against the demo API (api.toml standing for
// the demo collection) with the variables its CI sets: each of GitHub's
// matrix values, and GitLab's CI_NODE_INDEX and CI_NODE_TOTAL for
// `parallel: 4`. Every shard must pass and write both reports, and the
// shards together must run every request once.
func TestCIExamplesRun(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	source := headlessDemo(t)
	collection := filepath.Join(t.TempDir(), "demo.toml")
	if err := os.WriteFile(collection, source, 0o600); err != nil {
		t.Fatal(err)
	}
	requests := strings.Count(string(source), "\n[[request]]")
	blocks := yamlBlocks(string(doc))
	if len(blocks) != 2 {
		t.Fatalf("docs/ci.md has %d yaml blocks, want a GitHub Actions workflow and a GitLab CI job", len(blocks))
	}
	api := httptest.NewServer(demoapi.New(demoapi.Options{}))
	defer api.Close()
	hasShard := newRunCommand(stdio{}).Flags().Lookup("shard") != nil

	for _, block := range blocks {
		y, err := parseYAMLOutline(block)
		if err != nil {
			t.Fatalf("a yaml block of docs/ci.md: %v\n%s", err, block)
		}
		var shards []ciShard
		if _, github := y.values["jobs"]; github {
			y.require(t, "jobs.api.strategy.matrix.shard", "[1, 2, 3, 4]")
			y.require(t, "jobs.api.strategy.fail-fast", "false")
			y.require(t, "jobs.api.permissions.checks", "write")
			y.require(t, "jobs.api.steps[].uses", "mikepenz/action-junit-report@v5")
			y.require(t, "jobs.api.steps[].with.report_paths", "out/junit.xml")
			y.require(t, "jobs.api.steps[].uses", "actions/upload-artifact@v4")
			y.require(t, "jobs.api.steps[].with.path", "out/report.html")
			for i := 1; i <= 4; i++ {
				shards = append(shards, ciShard{name: "GitHub shard " + strconv.Itoa(i),
					replace: strings.NewReplacer("${{ matrix.shard }}", strconv.Itoa(i))})
			}
		} else {
			y.require(t, "api-tests.parallel", "4")
			y.require(t, "api-tests.artifacts.reports.junit", "out/junit.xml")
			y.require(t, "api-tests.artifacts.paths[]", "out/report.html")
			y.require(t, "api-tests.artifacts.when", "always")
			for i := 1; i <= 4; i++ {
				shards = append(shards, ciShard{name: "GitLab node " + strconv.Itoa(i),
					env: map[string]string{"CI_NODE_INDEX": strconv.Itoa(i), "CI_NODE_TOTAL": "4"}})
			}
		}
		if len(y.commands) != 1 {
			t.Fatalf("want one keyway command in the block, found %q", y.commands)
		}
		command := y.commands[0]
		if !hasShard {
			// Until keyway run has --shard, run the rest of the command
			// once: the collection, the reports and their folder.
			shards = []ciShard{{name: "without --shard", drop: regexp.MustCompile(` --shard (?:\$\{\{[^}]*\}\}\S*|\S+)`)}}
		}
		testcases := 0
		for _, shard := range shards {
			testcases += runCIShard(t, shard, command, collection, api.URL)
		}
		if hasShard && testcases != requests {
			t.Errorf("%s: the shards ran %d requests in all, want the collection's %d", command, testcases, requests)
		}
	}
	if !hasShard {
		t.Skip("keyway run has no --shard flag yet (issue 14, shards): the commands of docs/ci.md ran without it, not once per shard")
	}
}

// headlessDemo is examples/demo.toml without the requests that need a
// browser login, which a CI job, like every headless run, cannot do: the
// collection a CI job runs.
func headlessDemo(t *testing.T) []byte {
	t.Helper()
	source, err := os.ReadFile(filepath.Join("..", "..", "examples", "demo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := collections.Parse("demo.toml", source)
	if err != nil {
		t.Fatal(err)
	}
	_, login := examples.DemoHeadless(c)
	blocks := strings.Split(string(source), "\n[[request]]")
	kept := blocks[:1]
	for _, b := range blocks[1:] {
		if !slices.ContainsFunc(login, func(name string) bool { return strings.Contains(b, "\nname = "+strconv.Quote(name)+"\n") }) {
			kept = append(kept, b)
		}
	}
	if len(kept) != len(blocks)-len(login) {
		t.Fatalf("left out %d requests of demo.toml, want %q", len(blocks)-len(kept), login)
	}
	return []byte(strings.Join(kept, "\n[[request]]"))
}

// ciShard is one CI job running a command of docs/ci.md.
type ciShard struct {
	name    string
	replace *strings.Replacer // CI expressions the CI expands
	env     map[string]string // variables the CI sets
	drop    *regexp.Regexp    // what to leave out of the command
}

// runCIShard runs command as shard does, in a folder of its own holding
// the collection as api.toml, and returns how many requests its JUnit
// report holds.
func runCIShard(t *testing.T, shard ciShard, command, collection, baseURL string) int {
	t.Helper()
	if shard.replace != nil {
		command = shard.replace.Replace(command)
	}
	if shard.drop != nil {
		command = shard.drop.ReplaceAllString(command, "")
	}
	for name, value := range shard.env {
		t.Setenv(name, value)
	}
	if strings.ContainsAny(command, `"'$\`) {
		t.Fatalf("%s: %q needs a shell, which this test does not have", shard.name, command)
	}
	args := strings.Fields(command)
	if args[0] != "keyway" {
		t.Fatalf("%s: %q is not a keyway command", shard.name, command)
	}
	dir := t.TempDir()
	data, err := os.ReadFile(collection)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "api.toml"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	code, out, errOut := keyway(t, "", append(args[1:], "--var", "base_url="+baseURL)...)
	if code != exitOK {
		t.Fatalf("%s: %s: exit %d\n%s\n%s", shard.name, command, code, out, errOut)
	}
	junit, err := os.ReadFile(filepath.Join("out", "junit.xml"))
	if err != nil || !strings.Contains(string(junit), "<testsuite") {
		t.Fatalf("%s: no JUnit report: %v", shard.name, err)
	}
	page, err := os.ReadFile(filepath.Join("out", "report.html"))
	if err != nil || !strings.Contains(string(page), `<svg class="chart"`) {
		t.Fatalf("%s: no HTML report: %v", shard.name, err)
	}
	return strings.Count(string(junit), "<testcase ")
}

// yamlBlocks returns the contents of the ```yaml fenced blocks of a
// Markdown text.
func yamlBlocks(markdown string) []string {
	var blocks []string
	for _, part := range strings.Split(markdown, "```yaml\n")[1:] {
		if end := strings.Index(part, "\n```"); end >= 0 {
			blocks = append(blocks, part[:end+1])
		}
	}
	return blocks
}

// yamlOutline is the structure of a YAML document of block mappings,
// block sequences and literal block scalars — what CI files use — with
// each scalar value by its key path ("jobs.api.steps[].uses"), and the
// keyway commands of its `run: |` blocks and `script:` lists. It is a
// check of the examples' shape, not a YAML parser: flow collections and
// quoted scalars are kept as text.
type yamlOutline struct {
	values   map[string][]string
	commands []string
}

var yamlKey = regexp.MustCompile(`^([A-Za-z0-9_-]+):(?: (.*))?$`)

func parseYAMLOutline(doc string) (*yamlOutline, error) {
	y := &yamlOutline{values: map[string][]string{}}
	type level struct {
		indent int
		path   string
	}
	stack := []level{{indent: -1}}
	scalarIndent, scalarPath := -1, "" // inside a `key: |` block scalar
	valueIndent := -1                  // the indent of the last `key: value`
	for n, line := range strings.Split(doc, "\n") {
		where := fmt.Sprintf("line %d", n+1)
		if strings.Contains(line, "\t") {
			return nil, fmt.Errorf("%s: a tab, which YAML does not allow for indentation", where)
		}
		content := strings.TrimLeft(line, " ")
		indent := len(line) - len(content)
		if content == "" || strings.HasPrefix(content, "#") {
			continue
		}
		if scalarIndent >= 0 {
			if indent > scalarIndent {
				if strings.HasPrefix(content, "keyway ") && strings.HasSuffix(scalarPath, ".run") {
					y.commands = append(y.commands, content)
				}
				continue
			}
			scalarIndent = -1
		}
		if valueIndent >= 0 && indent > valueIndent {
			return nil, fmt.Errorf("%s: indented under a key that already has a value", where)
		}
		valueIndent = -1
		for len(stack) > 1 && stack[len(stack)-1].indent >= indent {
			stack = stack[:len(stack)-1]
		}
		parent := stack[len(stack)-1]
		// A sequence item: its path gains [], and a mapping in it
		// starts after the dash.
		for strings.HasPrefix(content, "- ") {
			path := parent.path + "[]"
			stack = append(stack, level{indent: indent, path: path})
			parent = stack[len(stack)-1]
			content = content[2:]
			indent += 2
		}
		m := yamlKey.FindStringSubmatch(content)
		if m == nil {
			// A scalar sequence item.
			if !strings.HasSuffix(parent.path, "[]") {
				return nil, fmt.Errorf("%s: %q is neither `key: value` nor a list item", where, content)
			}
			if err := checkScalar(content); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			y.values[parent.path] = append(y.values[parent.path], content)
			if strings.HasPrefix(content, "keyway ") && strings.HasSuffix(parent.path, ".script[]") {
				y.commands = append(y.commands, content)
			}
			continue
		}
		path := strings.TrimPrefix(parent.path+"."+m[1], ".")
		value := m[2]
		switch {
		case value == "":
			stack = append(stack, level{indent: indent, path: path})
		case value == "|":
			scalarIndent, scalarPath = indent, path
		default:
			if err := checkScalar(value); err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			valueIndent = indent
			if strings.HasPrefix(value, "keyway ") && strings.HasSuffix(path, ".run") {
				y.commands = append(y.commands, value)
			}
		}
		if _, dup := y.values[path]; dup && !strings.Contains(path, "[]") {
			return nil, fmt.Errorf("%s: key %s given twice", where, path)
		}
		y.values[path] = append(y.values[path], value)
	}
	return y, nil
}

// checkScalar refuses a plain scalar YAML would read otherwise: quotes
// or brackets left open, or `: ` or ` #` that would split it.
func checkScalar(s string) error {
	switch {
	case strings.HasPrefix(s, "[") != strings.HasSuffix(s, "]"),
		strings.HasPrefix(s, "'") != strings.HasSuffix(s, "'"),
		strings.HasPrefix(s, `"`) != strings.HasSuffix(s, `"`):
		return fmt.Errorf("%q is not closed", s)
	case strings.HasPrefix(s, "${{") && !strings.HasSuffix(s, "}}"):
		return fmt.Errorf("%q: an expression at the start of a value must be the whole value, or quoted", s)
	case strings.Contains(s, ": ") && !strings.HasPrefix(s, `"`) && !strings.HasPrefix(s, "'"):
		return fmt.Errorf("%q holds `: `, which YAML reads as a mapping; quote it", s)
	case strings.Contains(s, " #"):
		return fmt.Errorf("%q holds ` #`, which starts a comment", s)
	}
	return nil
}

// require fails the test unless path has value among its values.
func (y *yamlOutline) require(t *testing.T, path, value string) {
	t.Helper()
	if !slices.Contains(y.values[path], value) {
		t.Errorf("docs/ci.md: %s should be %q; it is %q", path, value, y.values[path])
	}
}
