package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The JUnit XML dialect has no formal standard; this follows the schema
// Jenkins, GitLab and GitHub's test reporters all read (the Ant/Surefire
// JUnit XSD): <testsuites> around one <testsuite> per collection, one
// <testcase> per request, <failure> for assertions that did not hold and
// <error> for a request that got no response. encoding/xml writes it,
// indented by two spaces a level; it escapes what XML 1.0 needs and
// writes U+FFFD for what XML 1.0 cannot hold (most control characters,
// invalid UTF-8).

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Timestamp  string           `xml:"timestamp,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name       string           `xml:"name,attr"`
	Classname  string           `xml:"classname,attr"`
	Time       string           `xml:"time,attr"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Failure    *junitProblem    `xml:"failure,omitempty"`
	Error      *junitProblem    `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// junitBufferSize is how much of the document is buffered before it is
// passed to the writer: enough that a file is written in few system calls,
// little enough that a report of many requests is not held in memory whole
// a second time.
const junitBufferSize = 32 << 10

// WriteJUnit writes the report as JUnit XML: a <testsuite> named after the
// collection (with the environment as a property), and a <testcase> per
// request whose classname is its folder, or the collection's name when it
// has none. A request whose assertions failed has a <failure> listing each
// of them with its actual value; one that got no response (connection
// refused, timeout, an undefined variable) has an <error>. Times are in
// seconds, the timestamp in UTC. Control characters and escape sequences
// from server data are removed: XML 1.0 cannot carry most of them.
func (r *Report) WriteJUnit(w io.Writer) error {
	collection := clean(r.Collection, oneLine)
	// The suite of one shard is named after it, so that the reports of a
	// matrix's jobs, gathered in one CI view, do not read as one suite
	// reported several times.
	suiteName := collection
	if r.Shard != nil {
		suiteName += " (shard " + r.Shard.String() + ")"
	}
	suite := junitSuite{
		Name:      suiteName,
		Tests:     len(r.Results),
		Time:      seconds(r.elapsed()),
		Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
		Cases:     make([]junitCase, 0, len(r.Results)),
	}
	if props := r.junitProperties(); len(props) > 0 {
		suite.Properties = &junitProperties{Property: props}
	}
	for _, res := range r.Results {
		c := junitCase{
			Name:      clean(res.Name, oneLine),
			Classname: collection,
			Time:      seconds(res.elapsed()),
		}
		if res.Folder != "" {
			c.Classname = clean(res.Folder, oneLine)
		}
		if tags := tagProperties(res); len(tags) > 0 {
			c.Properties = &junitProperties{Property: tags}
		}
		switch {
		case res.Error != "":
			suite.Errors++
			c.Error = &junitProblem{
				Message: clean(res.Error, oneLine),
				Type:    "RequestError",
				Text:    clean(res.Error, multiLine),
			}
		case !res.Passed:
			suite.Failures++
			c.Failure = junitFailure(res)
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{
		Name:     suiteName,
		Tests:    suite.Tests,
		Failures: suite.Failures,
		Errors:   suite.Errors,
		Time:     suite.Time,
		Suites:   []junitSuite{suite},
	}
	// One buffer, which the encoder writes through rather than adding its
	// own: a write error ends the writing, and is returned.
	buf := bufio.NewWriterSize(w, junitBufferSize)
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	err := enc.Encode(doc)
	if err == nil {
		buf.WriteString("\n")
		err = buf.Flush()
	}
	if err != nil {
		return fmt.Errorf("report: writing JUnit: %w", err)
	}
	return nil
}

// junitProperties returns the suite's properties: the environment and
// the shard, when there are.
func (r *Report) junitProperties() []junitProperty {
	var props []junitProperty
	if r.Env != "" {
		props = append(props, junitProperty{Name: "env", Value: clean(r.Env, oneLine)})
	}
	if r.Shard != nil {
		props = append(props, junitProperty{Name: "shard", Value: r.Shard.String()})
	}
	return props
}

// tagProperties returns a test case's properties: one "tag" per tag.
// Tags go in properties rather than in the classname or the name, which
// CI systems use as the test's identity (GitLab and Jenkins track a test
// across runs by classname and name): adding a tag must not make a test
// look new. Tools that read test case properties (Jenkins' JUnit plugin,
// test management tools such as Testmo, pytest's record_property) show
// them.
func tagProperties(res Result) []junitProperty {
	if len(res.Tags) == 0 {
		return nil
	}
	props := make([]junitProperty, len(res.Tags))
	for i, tag := range res.Tags {
		props[i] = junitProperty{Name: "tag", Value: clean(tag, oneLine)}
	}
	return props
}

// junitFailure is the <failure> of res: the message names the first failed
// assertion (CI tools show it in their summaries), the body lists them all,
// one a line.
func junitFailure(res Result) *junitProblem {
	failed := res.FailedAssertions()
	var body strings.Builder
	for _, a := range failed {
		fmt.Fprintf(&body, "expected %s, got %s\n", clean(a.Expect, multiLine), clean(a.Actual, multiLine))
	}
	message := "request failed"
	if len(failed) > 0 {
		message = fmt.Sprintf("%d of %d assertions failed: expected %s, got %s",
			len(failed), len(res.Assertions), clean(failed[0].Expect, oneLine), clean(failed[0].Actual, oneLine))
	}
	return &junitProblem{Message: message, Type: "AssertionError", Text: body.String()}
}

// seconds formats d as JUnit wants times: decimal seconds.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
