package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// statusAssertions match the status tests Postman's snippets write:
// pm.response.to.have.status(200) and pm.expect(pm.response.code).to.eql(200)
// (or .equal, .eq).
var statusAssertions = sync.OnceValue(func() []*regexp.Regexp {
	return []*regexp.Regexp{
		regexp.MustCompile(`pm\.response\.to\.have\.status\(\s*(\d{3})\s*\)`),
		regexp.MustCompile(`pm\.expect\(\s*pm\.response\.code\s*\)\.to\.(?:be\.)?(?:eql|equal|eq)\(\s*(\d{3})\s*\)`),
	}
})

// scriptBoilerplate matches the lines of a snippet around a status test:
// pm.test("…", function () {, its closing }); and comments.
var scriptBoilerplate = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*(pm\.test\(.*(function\s*\(\s*\)|\(\s*\)\s*=>)\s*\{|\}\s*\)\s*;?|//.*|)\s*$`)
})

// scripts notes that the request's scripts are not run, and turns a test
// that only checks the status into expect.status.
func (p *pmImport) scripts(r *Request, events []pmEvent) {
	for _, e := range events {
		src := strings.Join(e.Script.Exec, "\n")
		if e.Script.Disabled || strings.TrimSpace(src) == "" {
			continue
		}
		if e.Listen != "test" {
			r.Unmapped = append(r.Unmapped, fmt.Sprintf("its %s script (keyway runs no code from a collection)", scriptKind(e.Listen)))
			continue
		}
		status, rest := statusTest(src)
		switch {
		case status != 0 && !rest:
			r.Status = status
			r.Notes = append(r.Notes, fmt.Sprintf("Postman's test pm.response.to.have.status(%d) is expect.status; no script is run.", status))
		case status != 0:
			r.Status = status
			r.Unmapped = append(r.Unmapped, fmt.Sprintf("its test script beyond the status check, which became expect.status = %d (keyway runs no code from a collection; jq assertions in [request.expect] can check the body)", status))
		default:
			r.Unmapped = append(r.Unmapped, "its test script (keyway runs no code from a collection; expect.status and jq assertions in [request.expect] can check the answer)")
		}
	}
}

// scriptsAbove says that a collection's or folder's scripts are not run.
func (p *pmImport) scriptsAbove(where string, events []pmEvent) []string {
	var out []string
	for _, e := range events {
		if e.Script.Disabled || strings.TrimSpace(strings.Join(e.Script.Exec, "")) == "" {
			continue
		}
		out = append(out, fmt.Sprintf("%s's %s script, which Postman runs for each of its requests (keyway runs no code from a collection)", where, scriptKind(e.Listen)))
	}
	return out
}

func scriptKind(listen string) string {
	switch listen {
	case "prerequest":
		return "pre-request"
	case "test":
		return "test"
	}
	return strconv.Quote(listen)
}

// statusTest finds the status a test script asserts (0 for none, or
// for two different ones) and whether the script does anything else.
func statusTest(src string) (status int, rest bool) {
	for _, line := range strings.Split(src, "\n") {
		matched := false
		for _, re := range statusAssertions() {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				n, _ := strconv.Atoi(m[1])
				if status != 0 && status != n {
					return 0, true
				}
				status, matched = n, true
			}
		}
		if matched {
			stripped := line
			for _, re := range statusAssertions() {
				stripped = re.ReplaceAllString(stripped, "")
			}
			line = strings.Trim(strings.TrimSpace(stripped), ";")
		}
		if !scriptBoilerplate().MatchString(line) {
			rest = true
		}
	}
	return status, rest
}
