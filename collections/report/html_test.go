package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/keyway-cli/keyway/authflow"
	"golang.org/x/net/html"
)

// htmlSample is sample() as a run that kept its exchanges gives it: start
// offsets, a JSON exchange, a cut body with hostile markup, a request that
// got no response, and a result decoded from JSON (no exchange).
func htmlSample() *Report {
	r := sample()
	r.Results[0].SetStartedOffset(2 * time.Millisecond)
	r.Results[0].SizeBytes = 27
	r.Results[0].Exchange = &Exchange{
		Request: Message{StartLine: "GET http://127.0.0.1:8080/me",
			Headers: []Header{{"Accept", "application/json"}, {"User-Agent", "keyway"}}},
		Response: &Message{StartLine: "HTTP/1.1 200 OK",
			Headers: []Header{{"Content-Type", "application/json"}, {"Set-Cookie", "session=••••••"}},
			Body:    "{\n  \"name\": \"alice\",\n  \"token\": \"••••••\"\n}", BodySize: 40},
		Credentials: "alice-oauth (oauth2-password)",
	}
	r.Results[1].SetStartedOffset(20 * time.Millisecond)
	r.Results[1].SizeBytes = 9000
	r.Results[1].Exchange = &Exchange{
		Request: Message{StartLine: "POST http://127.0.0.1:8080/users",
			Headers: []Header{{"Content-Type", "application/json"}}, Body: `{"name":"alice"}`, BodySize: 16},
		Response: &Message{StartLine: "HTTP/1.1 404 Not Found",
			Headers:     []Header{{"Content-Type", "text/html"}, {"X-Evil", "\"><script>alert(1)</script>"}},
			HeadersLeft: 3,
			Body:        "<html><script src=\"https://evil.example/x.js\"></script><img src=http://evil.example/i.png>\x1b[31mred\x1b[0m" + authflow.CutMark,
			BodySize:    9000, Cut: true},
	}
	r.Results[2].SetStartedOffset(30 * time.Millisecond)
	r.Results[2].Exchange = &Exchange{Request: Message{StartLine: "GET http://127.0.0.1:1/x?key=••••••"}}
	r.Results[3].StartedOffsetMS = 1100
	return r
}

func writeHTML(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWriteHTMLGolden(t *testing.T) {
	golden.RequireEqual(t, writeHTML(t, htmlSample()))
}

// externalReferences lists what in page would make a browser fetch
// something or run a script, reading it as a browser does (text is
// inert, however it reads): an element that loads or runs something, an
// attribute that names another document or handles an event, a link that
// is not to a place in the page, and in CSS an @import or a url() that is
// not a fragment of the page.
func externalReferences(t *testing.T, page string) []string {
	t.Helper()
	var found []string
	z := html.NewTokenizer(strings.NewReader(page))
	inStyle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("the page does not parse: %v", z.Err())
			}
			return found
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "link", "base", "iframe", "frame", "img", "image", "object", "embed", "audio", "video", "source", "use", "form", "meta":
				if tok.Data != "meta" || metaHTTPEquiv(tok) != "" {
					found = append(found, "<"+tok.Data+">")
				}
			}
			inStyle = tok.Data == "style"
			for _, a := range tok.Attr {
				name := strings.ToLower(a.Key)
				switch {
				case name == "src", name == "action", name == "formaction", name == "srcset", name == "poster",
					name == "background", a.Namespace == "xlink", strings.HasPrefix(name, "on"):
					found = append(found, name+"="+a.Val)
				case name == "href" && !strings.HasPrefix(a.Val, "#"):
					found = append(found, "href="+a.Val)
				case name == "style", strings.Contains(a.Val, "url("):
					found = append(found, cssReferences(a.Val)...)
				}
			}
		case html.EndTagToken:
			inStyle = false
		case html.TextToken:
			if inStyle {
				found = append(found, cssReferences(string(z.Text()))...)
			}
		}
	}
}

// metaHTTPEquiv returns what a <meta> element would do beyond
// describing the page (http-equiv: a refresh to another address), or "".
func metaHTTPEquiv(tok html.Token) string {
	for _, a := range tok.Attr {
		if a.Key == "http-equiv" {
			return a.Val
		}
	}
	return ""
}

// remoteCSS matches an @import or a url() to anything but a fragment.
var remoteCSS = regexp.MustCompile(`(?i)@import|url\(\s*['"]?[^#'"\s]`)

func cssReferences(css string) []string { return remoteCSS.FindAllString(css, -1) }

func TestHTMLHasNoExternalReference(t *testing.T) {
	for name, page := range map[string]string{
		"sample report":  writeHTML(t, htmlSample()),
		"empty report":   writeHTML(t, &Report{}),
		"a long run":     writeHTML(t, largeReport(400)),
		"hostile fields": writeHTML(t, hostileReport()),
	} {
		if m := externalReferences(t, page); m != nil {
			t.Errorf("%s: the page refers outside itself or runs a script: %q", name, m)
		}
		// Raw, as a careless reader of the file would: nothing that even
		// looks like a script or a link tag outside text.
		if strings.Contains(page, "<script") || strings.Contains(page, "<link") {
			t.Errorf("%s: the page holds a <script or <link tag", name)
		}
	}
}

// hostileReport puts markup, a javascript: URL and CSS in every field a
// server or a collection controls.
func hostileReport() *Report {
	const evil = `"><script>alert(1)</script><a href="javascript:alert(2)">x</a><style>@import url(https://evil.example/c.css)</style>`
	r := &Report{Collection: evil, Env: evil, Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	res := Result{Name: evil, Folder: evil, Method: evil, URL: "javascript:alert(3)", Error: evil,
		Assertions: []Assertion{{Expect: evil, Actual: evil}},
		Exchange: &Exchange{Request: Message{StartLine: evil, Headers: []Header{{evil, evil}}, Body: evil},
			Response: &Message{StartLine: evil, Body: evil}, Credentials: evil}}
	r.Add(res)
	return r
}

func TestHTMLEscapesEveryField(t *testing.T) {
	page := writeHTML(t, hostileReport())
	if n := strings.Count(page, "&lt;script&gt;alert(1)&lt;/script&gt;"); n < 10 {
		t.Errorf("the hostile value shows escaped %d times, want it in every field:\n%s", n, page)
	}
	assertNoControl(t, writeHTML(t, htmlSample()))
}

// TestHTMLFailuresFirst checks the order of the requests' sections: the
// failed ones first, expanded, then the passed ones, collapsed, each group
// in the order of the run; and a failed request's exchange is expanded.
func TestHTMLFailuresFirst(t *testing.T) {
	page := writeHTML(t, htmlSample())
	sections := regexp.MustCompile(`<details class="request (pass|fail)" id="(r\d+)"( open)?>`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, s := range sections {
		got = append(got, s[2]+" "+s[1]+s[3])
	}
	want := []string{"r2 fail open", "r3 fail open", "r1 pass", "r4 pass"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("sections %v, want %v", got, want)
	}
	if !strings.Contains(page, `<details class="exchange" open>`) || strings.Count(page, `<details class="exchange">`) != 1 {
		t.Errorf("want the failed request's exchange open and the passed one's closed")
	}
}

// TestHTMLChart checks the chart's bars: one per request, placed at its
// offset with its length on an axis spanning the run, failed bars hatched
// and marked, each with a tooltip.
func TestHTMLChart(t *testing.T) {
	r := &Report{}
	r.SetDuration(100 * time.Millisecond)
	for i, failed := range []bool{false, true} {
		res := Result{Name: "req", Passed: !failed, Status: 200}
		res.SetStartedOffset(time.Duration(i) * 50 * time.Millisecond)
		res.SetDuration(25 * time.Millisecond)
		r.Add(res)
	}
	chart := newChart(r)
	left, plot := float64(chartLabelWidth+chartMargin), float64(chartWidth-chartLabelWidth-3*chartMargin)
	for i, want := range []struct{ x, w float64 }{{left, plot / 4}, {left + plot/2, plot / 4}} {
		b := chart.Bars[i]
		if b.X != coord(want.x) || b.W != coord(want.w) {
			t.Errorf("bar %d at x=%s width %s, want %s and %s", i, b.X, b.W, coord(want.x), coord(want.w))
		}
	}
	if chart.Bars[0].Failed || !chart.Bars[1].Failed || !strings.HasPrefix(chart.Bars[1].Label, "✕ ") {
		t.Errorf("the failed bar is not marked: %+v", chart.Bars)
	}
	if got := chart.Bars[1].Title; got != "#2 req — FAILED, 200; sent at 50ms, took 25ms" {
		t.Errorf("tooltip %q", got)
	}
	var ticks []string
	for _, tk := range chart.Ticks {
		ticks = append(ticks, tk.Label)
	}
	if got := strings.Join(ticks, " "); got != "0 10ms 20ms 30ms 40ms 50ms 60ms 70ms 80ms 90ms 100ms" {
		t.Errorf("ticks %s", got)
	}
	page := writeHTML(t, r)
	if strings.Count(page, `class="bar-fail"`) != 1 || strings.Count(page, `class="bar-pass"`) != 1 || strings.Count(page, "<title>#") != 2 {
		t.Errorf("the page's chart lacks its bars or tooltips")
	}
}

func TestTickStep(t *testing.T) {
	for _, tc := range []struct {
		span, want time.Duration
	}{
		{time.Millisecond, 100 * time.Microsecond},
		{1234 * time.Millisecond, 200 * time.Millisecond},
		{7 * time.Second, time.Second},
		{45 * time.Second, 5 * time.Second},
		{1, 1},
	} {
		if got := tickStep(tc.span); got != tc.want {
			t.Errorf("tickStep(%v) = %v, want %v", tc.span, got, tc.want)
		}
	}
}

func TestHTMLManyRequestsHaveThinRows(t *testing.T) {
	chart := newChart(largeReport(chartLabelled + 1))
	if chart.Labels || chart.Height != chartTop+(chartLabelled+1)*chartThinRow+chartMargin {
		t.Errorf("a run of %d requests: labels %v, height %d", chartLabelled+1, chart.Labels, chart.Height)
	}
}

func TestSpecWritesHTML(t *testing.T) {
	spec, err := ParseSpec("html:" + filepath.Join(t.TempDir(), "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Write(htmlSample()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(spec.Path)
	if err != nil || string(got) != writeHTML(t, htmlSample()) {
		t.Errorf("the written page differs from WriteHTML's (%v)", err)
	}
	if !ShowsExchanges([]Spec{{FormatJUnit, "a"}, spec}) || ShowsExchanges([]Spec{{FormatJUnit, "a"}, {FormatJSON, "b"}}) {
		t.Error("ShowsExchanges should hold for the HTML report only")
	}
}
