package run

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
)

func response(status int, body string) *authflow.Response {
	return &authflow.Response{StatusCode: status, Header: http.Header{}, Body: []byte(body),
		Size: int64(len(body)), Duration: 20 * time.Millisecond}
}

func check(r *collections.Request, resp *authflow.Response) []report.Assertion {
	c := newChecker(context.Background(), r, resp, compilePrograms([]*collections.Request{r}))
	return c.assertions()[1:] // without the status assertion
}

func TestStatusAssertion(t *testing.T) {
	for _, tc := range []struct {
		want, got int
		expect    string
		passed    bool
	}{
		{0, 200, "status 2xx", true},
		{0, 204, "status 2xx", true},
		{0, 302, "status 2xx", false},
		{0, 404, "status 2xx", false},
		{404, 404, "status == 404", true},
		{201, 200, "status == 201", false},
	} {
		r := &collections.Request{Expect: collections.Expect{Status: tc.want}}
		got := newChecker(context.Background(), r, response(tc.got, ""), nil).status()
		if got.Expect != tc.expect || got.Passed != tc.passed {
			t.Errorf("expect %d, got %d: %+v", tc.want, tc.got, got)
		}
	}
}

func TestHeaderAssertion(t *testing.T) {
	resp := response(200, "")
	resp.Header.Add("Content-Type", "application/json")
	resp.Header.Add("Vary", "Accept")
	resp.Header.Add("Vary", "Origin")
	r := &collections.Request{Expect: collections.Expect{Headers: []collections.KV{
		{Key: "content-TYPE", Value: "json"},
		{Key: "Vary", Value: "Accept, Origin"},
		{Key: "Content-Type", Value: "JSON"},
		{Key: "X-None", Value: ""},
	}}}
	want := []report.Assertion{
		{Expect: `header content-TYPE contains "json"`, Passed: true, Actual: `"application/json"`},
		{Expect: `header Vary contains "Accept, Origin"`, Passed: true, Actual: `"Accept, Origin"`},
		{Expect: `header Content-Type contains "JSON"`, Passed: false, Actual: `"application/json"`},
		{Expect: `header X-None contains ""`, Passed: false, Actual: "no X-None header"},
	}
	if got := check(r, resp); !reflect.DeepEqual(got, want) {
		t.Errorf("header assertions:\n%+v\nwant\n%+v", got, want)
	}
}

func TestJQAssertion(t *testing.T) {
	for _, tc := range []struct {
		name, body, expr string
		truncated        bool
		passed           bool
		actual           string
	}{
		{"true", `{"ok": true}`, ".ok", false, true, "true"},
		{"false", `{"ok": false}`, ".ok", false, false, "false"},
		{"a string is not true", `{"name": "bob"}`, ".name", false, false, `"bob"`},
		{"every output must be true", `[true, 1, true]`, ".[]", false, false, "1"},
		{"all outputs true", `[true, true]`, ".[]", false, true, "true"},
		{"no output", `[]`, ".[]", false, false, "no output"},
		{"big numbers compare exactly", `{"id": 12345678901234567891}`, ".id == 12345678901234567891", false, true, "true"},
		{"runtime error", `{"a": "x"}`, ".a + 1", false, false, "jq error: cannot add: string (\"x\") and number (1)"},
		{"invalid expression", `{}`, ".[", false, false, "invalid jq expression: unexpected EOF"},
		{"not JSON", `<html>`, ".", false, false, "response body is not JSON: invalid character '<' looking for beginning of value"},
		{"two values", `{} {}`, ". == {}", false, false, "response body is not JSON: more data after the first value"},
		{"empty body", ``, ".", false, false, "response body is empty, not JSON"},
		{"truncated body", `{"a": [1, 2`, ".a", true, false, "response body was cut at 11 of 1000 bytes (the body limit); jq needs the whole body"},
		{"endless output is bounded", `null`, "repeat(true)", false, true, "true"},
		{"no environment", `null`, "$ENV == {}", false, true, "true"},
		{"a false comparison shows its left side", `{"name": "bob"}`, `.name == "robert"`, false, false, `false (.name is "bob")`},
		{"of any comparison", `{"items": [1, 2]}`, `(.items | length) >= 3`, false, false, `false ((.items | length) is 2)`},
		{"a missing value is null", `{}`, `.name != null`, false, false, `false (.name is null)`},
		{"not after a pipe", `{"a": {"n": 1}}`, `.a | .n == 2`, false, false, "false"},
		{"not a left side of many values", `{"a": [1, 2]}`, `.a[] == 3`, false, false, "false"},
		{"cut at the report's bound", `{"name": "` + strings.Repeat("b", 300) + `"}`, `.name == "x"`, false, false,
			(*authflow.Redactor)(nil).RedactCut(`false (.name is "`+strings.Repeat("b", 300)+`")`, maxActual)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := response(200, tc.body)
			if tc.truncated {
				resp.Truncated, resp.Size = true, 1000
			}
			r := &collections.Request{Expect: collections.Expect{JQ: []string{tc.expr}}}
			got := check(r, resp)
			want := []report.Assertion{{Expect: "jq " + tc.expr, Passed: tc.passed, Actual: tc.actual}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestMaxDurationAssertion(t *testing.T) {
	r := &collections.Request{Expect: collections.Expect{MaxDuration: 10 * time.Millisecond}}
	got := check(r, response(200, ""))
	want := []report.Assertion{{Expect: "duration <= 10ms", Passed: false, Actual: "20ms"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	fast := response(200, "")
	fast.Duration = 412 * time.Microsecond
	if got := check(r, fast); !got[0].Passed || got[0].Actual != "412µs" {
		t.Errorf("fast response: %+v", got)
	}
}

func TestCaptures(t *testing.T) {
	body := `{"token": "t-1", "id": 12345678901234567891, "ok": true, "user": {"a": [1, "x"]},
		"nothing": null, "list": ["first", "second"], "empty": ""}`
	r := &collections.Request{Capture: []collections.KV{
		{Key: "token", Value: ".token"},
		{Key: "id", Value: ".id"},
		{Key: "ok", Value: ".ok"},
		{Key: "user", Value: ".user"},
		{Key: "sum", Value: ".user.a[0] + 0.5"},
		{Key: "first", Value: ".list[]"},
		{Key: "empty", Value: ".empty"},
		{Key: "missing", Value: ".missing"},
		{Key: "nothing", Value: "empty"},
		{Key: "broken", Value: ".list[0] | tonumber"},
	}}
	c := newChecker(context.Background(), r, response(200, body), compilePrograms([]*collections.Request{r}))
	values, assertions := c.captures()
	want := map[string]string{"token": "t-1", "id": "12345678901234567891", "ok": "true",
		"user": `{"a":[1,"x"]}`, "sum": "1.5", "first": "first", "empty": ""}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("captured %v, want %v", values, want)
	}
	failed := map[string]string{}
	for _, a := range assertions {
		if !a.Passed {
			failed[a.Expect] = a.Actual
		}
		if a.Passed && strings.Contains(a.Actual, "t-1") {
			t.Errorf("a capture assertion shows the captured value: %+v", a)
		}
	}
	wantFailed := map[string]string{
		"capture missing = .missing":           ".missing yielded null",
		"capture nothing = empty":              "empty yielded no value",
		"capture broken = .list[0] | tonumber": `jq error: tonumber cannot be applied to "first": invalid number`,
	}
	if !reflect.DeepEqual(failed, wantFailed) {
		t.Errorf("failed captures %v, want %v", failed, wantFailed)
	}
}

func TestShortenKeepsCharacters(t *testing.T) {
	long := strings.Repeat("é", maxActual)
	c := &checker{}
	got := c.shorten(long)
	if len(got) > maxActual+len("…") || !strings.HasSuffix(got, "…") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("shorten cut badly: %d bytes, %q…", len(got), got[len(got)-8:])
	}
	if c.shorten("short") != "short" {
		t.Error("shorten changed a short string")
	}
}

func TestProgramsCompileEachExpressionOnce(t *testing.T) {
	a := &collections.Request{Expect: collections.Expect{JQ: []string{".ok", ".id > 0"}},
		Capture: []collections.KV{{Key: "id", Value: ".id"}}}
	b := &collections.Request{Expect: collections.Expect{JQ: []string{".ok"}},
		Capture: []collections.KV{{Key: "again", Value: ".id"}}}
	p := compilePrograms([]*collections.Request{a, b})
	if len(p) != 3 {
		t.Errorf("%d programs compiled, want one per distinct expression (3)", len(p))
	}
	first, _ := p.get(".ok")
	second, _ := p.get(".ok")
	if first == nil || first != second {
		t.Error("a known expression was compiled again")
	}
	if _, err := p.get(".[["); err == nil {
		t.Error("an unknown, invalid expression compiled")
	}
}
