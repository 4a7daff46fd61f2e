package report

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// The JUnit XML dialect has no formal standard; this follows the schema
// Jenkins, GitLab and GitHub's test reporters all read (the Ant/Surefire
// JUnit XSD): <testsuites> around one <testsuite> per collection, one
// <testcase> per request, <failure> for assertions that did not hold and
// <error> for a request that got no response.
//
// The document is written by hand (see junit_xml.go for why) in the
// layout xml.Encoder with Indent("", "  ") gave it before: two spaces per
// level, an element without children closed on its own line, character
// data inline.

// xmlDeclaration starts every report: the XML 1.0 §2.8 prolog, naming the
// encoding the document is written in.
const xmlDeclaration = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// junitFlushSize is how much of the document is buffered before it is
// passed to the writer: enough that a file is written in few system calls,
// little enough that a report of many requests is not held in memory whole
// a second time.
const junitFlushSize = 32 << 10

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
	elapsed := seconds(r.elapsed())
	failures, errors := r.junitCounts()
	// The headroom holds the test case that crosses junitFlushSize, so that
	// buf seldom has to grow.
	x := &junitWriter{w: w, buf: make([]byte, 0, junitFlushSize+4<<10)}
	x.buf = append(x.buf, xmlDeclaration...)

	x.open(0, "testsuites")
	x.attr("name", suiteName)
	x.intAttr("tests", len(r.Results))
	x.intAttr("failures", failures)
	x.intAttr("errors", errors)
	x.attr("time", elapsed)
	x.endOpen()

	x.open(1, "testsuite")
	x.attr("name", suiteName)
	x.intAttr("tests", len(r.Results))
	x.intAttr("failures", failures)
	x.intAttr("errors", errors)
	x.intAttr("skipped", 0)
	x.attr("time", elapsed)
	// The XSD's timestamp is an ISO 8601 date-time without a zone; it is
	// given in UTC.
	x.attr("timestamp", r.Started.UTC().Format("2006-01-02T15:04:05"))
	x.endOpen()
	suiteProperties := r.junitProperties()
	x.properties(2, suiteProperties)
	for _, res := range r.Results {
		x.testcase(res, collection)
		if len(x.buf) >= junitFlushSize {
			x.flush()
		}
	}
	x.close(1, "testsuite", len(suiteProperties) > 0 || len(r.Results) > 0)
	x.close(0, "testsuites", true)
	x.buf = append(x.buf, '\n')
	x.flush()
	if x.err != nil {
		return fmt.Errorf("report: writing JUnit: %w", x.err)
	}
	return nil
}

// junitProperty is a <property>: a name and a value. The struct tags
// serve the tests, which decode reports with encoding/xml.
type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
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

// properties writes a <properties> element at depth holding props; nothing
// when there are none.
func (x *junitWriter) properties(depth int, props []junitProperty) {
	if len(props) == 0 {
		return
	}
	x.open(depth, "properties")
	x.endOpen()
	for _, p := range props {
		x.open(depth+1, "property")
		x.attr("name", p.Name)
		x.attr("value", p.Value)
		x.endOpen()
		x.close(depth+1, "property", false)
	}
	x.close(depth, "properties", true)
}

// junitCounts returns how many requests failed an assertion and how many
// got no response: the suite's attributes come before its test cases.
func (r *Report) junitCounts() (failures, errors int) {
	for _, res := range r.Results {
		switch {
		case res.Error != "":
			errors++
		case !res.Passed:
			failures++
		}
	}
	return failures, errors
}

// testcase writes the <testcase> of res, with its <failure> or <error>.
func (x *junitWriter) testcase(res Result, collection string) {
	classname := collection
	if res.Folder != "" {
		classname = clean(res.Folder, oneLine)
	}
	x.open(2, "testcase")
	x.attr("name", clean(res.Name, oneLine))
	x.attr("classname", classname)
	x.attr("time", seconds(res.elapsed()))
	x.endOpen()
	tags := tagProperties(res)
	x.properties(3, tags)
	switch {
	case res.Error != "":
		x.open(3, "error")
		x.attr("message", clean(res.Error, oneLine))
		x.attr("type", "RequestError")
		x.endOpen()
		x.buf = escapeXML(x.buf, clean(res.Error, multiLine))
		x.close(3, "error", false)
	case !res.Passed:
		x.failure(res)
	default:
		x.close(2, "testcase", len(tags) > 0)
		return
	}
	x.close(2, "testcase", true)
}

// failure writes the <failure> of res: the message names the first failed
// assertion (CI tools show it in their summaries), the body lists them all,
// one a line.
func (x *junitWriter) failure(res Result) {
	var failed int
	var first Assertion
	for _, a := range res.Assertions {
		if !a.Passed {
			if failed == 0 {
				first = a
			}
			failed++
		}
	}
	message := "request failed"
	if failed > 0 {
		message = strconv.Itoa(failed) + " of " + strconv.Itoa(len(res.Assertions)) +
			" assertions failed: expected " + clean(first.Expect, oneLine) + ", got " + clean(first.Actual, oneLine)
	}
	x.open(3, "failure")
	x.attr("message", message)
	x.attr("type", "AssertionError")
	x.endOpen()
	for _, a := range res.Assertions {
		if a.Passed {
			continue
		}
		// The literal parts need no escaping but the line feed, which
		// escapeXML turns into a character reference.
		x.buf = append(x.buf, "expected "...)
		x.buf = escapeXML(x.buf, clean(a.Expect, multiLine))
		x.buf = append(x.buf, ", got "...)
		x.buf = escapeXML(x.buf, clean(a.Actual, multiLine))
		x.buf = append(x.buf, escapedLineFeed...)
	}
	x.close(3, "failure", false)
}

// seconds formats d as JUnit wants times: decimal seconds.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}
