package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// sample is a report with one request of each kind: passed, failed
// assertions (with hostile server data), a transport error, and a result
// decoded from JSON (nil assertions, only DurationMS).
func sample() *Report {
	r := &Report{
		Collection: "Demo <API> & co",
		Env:        "staging",
		Started:    time.Date(2026, 11, 25, 9, 30, 0, 0, time.FixedZone("CET", 3600)),
	}
	r.SetDuration(1234 * time.Millisecond)
	passed := Result{Name: "Who am I", Folder: "users", Tags: []string{"smoke", "users"}, Method: "GET", URL: "http://127.0.0.1:8080/me",
		Status: 200, Passed: true, Assertions: []Assertion{{Expect: "status 2xx", Passed: true, Actual: "200"}}}
	passed.SetDuration(12*time.Millisecond + 400*time.Microsecond)
	failed := Result{Name: "Create \x1b[31muser\x1b[0m", Method: "POST", URL: "http://127.0.0.1:8080/users",
		Status: 404, Assertions: []Assertion{
			{Expect: "status == 201", Actual: "404"},
			{Expect: `header Content-Type contains "json"`, Passed: true, Actual: `"application/json"`},
			{Expect: `jq .name == "alice"`, Actual: "\"bob\x07\x1b]0;pwned\x07\"\nnext\x00line"},
		}}
	failed.SetDuration(3 * time.Millisecond)
	broken := Result{Name: "Refused", Folder: "users", Method: "GET", URL: "http://127.0.0.1:1/x?key=••••••",
		Error: `GET "http://127.0.0.1:1/x?key=••••••": dial tcp 127.0.0.1:1: connect: connection refused`}
	broken.SetDuration(2500 * time.Millisecond)
	decoded := Result{Name: "Decoded", Method: "GET", Status: 200, DurationMS: 7, Passed: true}
	for _, res := range []Result{passed, failed, broken, decoded} {
		r.Add(res)
	}
	return r
}

func TestAddCountsRequests(t *testing.T) {
	r := sample()
	if r.Summary != (Summary{Passed: 2, Failed: 2}) {
		t.Errorf("summary = %+v, want 2 passed, 2 failed", r.Summary)
	}
}

func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, buf.Bytes())
}

func TestWriteJSONContract(t *testing.T) {
	r := &Report{Collection: "c", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	r.Add(Result{Name: "n"})
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, doc, "collection", "env", "started", "duration_ms", "summary", "results")
	if doc["started"] != "2026-01-02T03:04:05Z" {
		t.Errorf("started = %v, want RFC 3339", doc["started"])
	}
	res := doc["results"].([]any)[0].(map[string]any)
	wantKeys(t, res, "name", "folder", "tags", "method", "url", "status", "duration_ms", "started_offset_ms", "size_bytes", "passed", "error", "assertions")
	if res["error"] != "" {
		t.Errorf("error = %#v, want empty string", res["error"])
	}
	if a, ok := res["assertions"].([]any); !ok || len(a) != 0 {
		t.Errorf("assertions = %#v, want []", res["assertions"])
	}
	if tags, ok := res["tags"].([]any); !ok || len(tags) != 0 {
		t.Errorf("tags = %#v, want []", res["tags"])
	}

	empty := &Report{}
	buf.Reset()
	if err := empty.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("an empty report encodes results as %s, want []", buf.String())
	}
}

func wantKeys(t *testing.T, m map[string]any, keys ...string) {
	t.Helper()
	if len(m) != len(keys) {
		t.Errorf("object has %d keys, want %d: %v", len(m), len(keys), m)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing from %v", k, m)
		}
	}
}

func TestWriteJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, buf.Bytes())
	assertJUnitWellFormed(t, buf.Bytes())

	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	suite := doc.Suites[0]
	if suite.Tests != 4 || suite.Failures != 1 || suite.Errors != 1 {
		t.Errorf("suite counts tests=%d failures=%d errors=%d, want 4, 1, 1", suite.Tests, suite.Failures, suite.Errors)
	}
	if got := suite.Cases[1].Classname; got != "Demo <API> & co" {
		t.Errorf("classname of a request without folder = %q, want the collection's name", got)
	}
	if suite.Timestamp != "2026-11-25T08:30:00" {
		t.Errorf("timestamp = %q, want UTC without zone", suite.Timestamp)
	}
}

// assertJUnitWellFormed checks that doc parses as XML and carries no
// control character other than tab and newline, nor an escape sequence.
func assertJUnitWellFormed(t *testing.T, doc []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("JUnit output is not well-formed XML: %v\n%s", err, doc)
			}
			break
		}
		_ = tok
	}
	assertNoControl(t, string(doc))
}

func assertNoControl(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff {
			t.Fatalf("output holds control character %U:\n%q", r, s)
		}
	}
}

func TestWriteText(t *testing.T) {
	r := sample()
	var buf bytes.Buffer
	for _, res := range r.Results {
		if err := r.WriteText(&buf, res); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.WriteSummary(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	wantLines := []string{
		"PASS  users / Who am I  GET 200  12ms",
		"FAIL  Create user  POST 404  3.0ms",
		"      expected status == 201, got 404",
		`      expected jq .name == "alice", got "bob" nextline`,
		"FAIL  users / Refused  GET ---  2.50s",
		`      error: GET "http://127.0.0.1:1/x?key=••••••": dial tcp 127.0.0.1:1: connect: connection refused`,
		"PASS  Decoded  GET 200  7.0ms",
		"2 passed, 2 failed",
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("text output:\n%s\nwant:\n%s", buf.String(), strings.Join(wantLines, "\n"))
	}
	assertNoControl(t, buf.String())
}

func TestWriteSummaryExact(t *testing.T) {
	var buf bytes.Buffer
	r := &Report{Summary: Summary{Passed: 12, Failed: 0}}
	if err := r.WriteSummary(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "12 passed, 0 failed\n" {
		t.Errorf("summary = %q", buf.String())
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0ms"},
		{412 * time.Microsecond, "0.4ms"},
		{9*time.Millisecond + 960*time.Microsecond, "10.0ms"},
		{10 * time.Millisecond, "10ms"},
		{999 * time.Millisecond, "999ms"},
		{1500 * time.Millisecond, "1.50s"},
	} {
		if got := formatDuration(tc.d); got != tc.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
