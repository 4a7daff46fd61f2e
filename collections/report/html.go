package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The HTML report is one page a person opens from a CI artefact: no
// script, font, image or style sheet is fetched (the page may be opened
// offline, or from a server whose policy forbids them), it reads without
// JavaScript (<details> expands a request), and it follows the reader's
// light or dark preference. html/template escapes every value for the
// place it goes to, so server data cannot add markup; values are also
// passed through clean, as in the other encoders, so control characters
// and bidirectional overrides do not reach the page.

//go:embed html.tmpl
var htmlSource string

// htmlTemplate is parsed on first use: keyway starts for many commands
// that write no HTML report, and a parse at start-up would cost each.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlSource))
})

// WriteHTML writes the report as one self-contained HTML page: the
// summary, a timing chart of the run (inline SVG), then every request —
// the failed ones first, expanded — with its status, time, size,
// assertions and, when the run kept it, its exchange.
func (r *Report) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	if err := htmlTemplate().Execute(&buf, newHTMLPage(r)); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// htmlPage is what the template shows, every string cleaned and every
// number formatted.
type htmlPage struct {
	Collection string
	Env        string
	Shard      string
	Started    string
	Duration   string
	Passed     int
	Failed     int
	Total      int
	Chart      htmlChart
	Requests   []htmlRequest
}

// htmlRequest is one request's section of the page.
type htmlRequest struct {
	Anchor     string // the section's id, which the chart's bars link to
	Number     int    // its place in the run, from 1
	Name       string
	Method     string
	URL        string
	Status     string
	Time       string
	Offset     string
	Size       string
	Passed     bool
	Error      string
	Assertions []Assertion
	Exchange   *htmlExchange
}

// htmlExchange is an Exchange ready to show.
type htmlExchange struct {
	Request     htmlMessage
	Response    *htmlMessage
	Credentials string
	Open        bool // shown expanded: the request failed
}

// htmlMessage is a Message ready to show.
type htmlMessage struct {
	StartLine   string
	Headers     []Header
	HeadersLeft int
	Body        string
	Note        string // what the body holds when it is not all shown
}

// shardOf is the shard a report covers, as "2/4"; empty for a run of the
// whole selection.
func shardOf(r *Report) string {
	if r.Shard == nil {
		return ""
	}
	return r.Shard.String()
}

// newHTMLPage prepares r for the template.
func newHTMLPage(r *Report) *htmlPage {
	page := &htmlPage{
		Collection: clean(r.Collection, oneLine),
		Env:        clean(r.Env, oneLine),
		Shard:      clean(shardOf(r), oneLine),
		Started:    r.Started.Format("2006-01-02 15:04:05 -07:00"),
		Duration:   formatDuration(r.elapsed()),
		Passed:     r.Summary.Passed,
		Failed:     r.Summary.Failed,
		Total:      len(r.Results),
		Chart:      newChart(r),
	}
	for i, res := range r.Results {
		page.Requests = append(page.Requests, newHTMLRequest(i, res))
	}
	// A QA lead opens the report to see what failed: failures first, each
	// group in the order of the run.
	slices.SortStableFunc(page.Requests, func(a, b htmlRequest) int {
		switch {
		case a.Passed == b.Passed:
			return 0
		case !a.Passed:
			return -1
		default:
			return 1
		}
	})
	return page
}

func newHTMLRequest(i int, res Result) htmlRequest {
	name := res.Name
	if res.Folder != "" {
		name = res.Folder + " / " + res.Name
	}
	status := "no response"
	if res.Status != 0 {
		status = strconv.Itoa(res.Status)
	}
	out := htmlRequest{
		Anchor: anchor(i),
		Number: i + 1,
		Name:   clean(name, oneLine),
		Method: clean(res.Method, oneLine),
		URL:    clean(res.URL, oneLine),
		Status: status,
		Time:   formatDuration(res.elapsed()),
		Offset: formatDuration(res.offset()),
		Size:   formatSize(res.SizeBytes),
		Passed: res.Passed,
		Error:  clean(res.Error, multiLine),
	}
	for _, a := range res.Assertions {
		out.Assertions = append(out.Assertions, Assertion{
			Expect: clean(a.Expect, oneLine), Passed: a.Passed, Actual: clean(a.Actual, multiLine)})
	}
	if ex := res.Exchange; ex != nil {
		out.Exchange = &htmlExchange{Request: newHTMLMessage(ex.Request), Credentials: clean(ex.Credentials, oneLine), Open: !res.Passed}
		if ex.Response != nil {
			resp := newHTMLMessage(*ex.Response)
			out.Exchange.Response = &resp
		}
	}
	return out
}

func newHTMLMessage(m Message) htmlMessage {
	out := htmlMessage{StartLine: clean(m.StartLine, oneLine), HeadersLeft: m.HeadersLeft, Body: clean(m.Body, multiLine)}
	for _, h := range m.Headers {
		out.Headers = append(out.Headers, Header{Name: clean(h.Name, oneLine), Value: clean(h.Value, oneLine)})
	}
	switch {
	case m.Binary:
		out.Note = formatSize(m.BodySize) + " of binary data, not shown"
	case m.Cut:
		out.Note = fmt.Sprintf("the first %s of %s", formatSize(int64(len(m.Body))), formatSize(m.BodySize))
	}
	return out
}

// anchor is the id of the i-th request's section.
func anchor(i int) string { return "r" + strconv.Itoa(i+1) }

// formatSize prints a byte count as people read it, in IEC units.
func formatSize(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KiB"
	case n < 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	default:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	}
}

// since formats an offset on the run's time line, for the chart's axis.
func since(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return formatDuration(d)
}
