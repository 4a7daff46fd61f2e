package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// This file keeps the JUnit writer as it was before WriteJUnit stopped
// using encoding/xml (whose package init cost every start of the binary):
// the structs below, marshalled by xml.Encoder, are the reference the
// hand-written writer must match byte for byte. Tests also decode reports
// into them.

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

// referenceJUnit is the former WriteJUnit, unchanged but for writing into a
// buffer it returns.
func referenceJUnit(r *Report) ([]byte, error) {
	collection := clean(r.Collection, oneLine)
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
			c.Failure = referenceFailure(res)
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
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	buf.WriteString("\n")
	return buf.Bytes(), nil
}

// referenceFailure is the former failure.
func referenceFailure(res Result) *junitProblem {
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
