package report

import (
	"bytes"
	"encoding/xml"
	"testing"
)

// FuzzWriteJUnit puts arbitrary strings in every field WriteJUnit prints
// and checks that decoding the document gives back each field as clean
// made it.
func FuzzWriteJUnit(f *testing.F) {
	f.Add("Demo <API> & co", "staging", "Who am I", "users", "", "status == 201", "404", false, int64(12))
	f.Add(hostile, hostile, hostile, hostile, hostile, hostile, hostile, false, int64(-1))
	f.Add("c", "", "n", "", "dial tcp: refused\r\n\x1b[0m", "", "", true, int64(1<<62))
	f.Fuzz(func(t *testing.T, collection, env, name, folder, message, expect, actual string, passed bool, ms int64) {
		r := &Report{Collection: collection, Env: env, DurationMS: ms}
		r.Add(Result{Name: name, Folder: folder, Passed: passed, DurationMS: ms, Assertions: []Assertion{
			{Expect: expect, Actual: actual}, {Expect: actual, Passed: true, Actual: expect},
		}})
		r.Add(Result{Name: expect, Folder: folder, Error: message})
		r.Add(Result{Name: actual, Passed: passed})

		var got bytes.Buffer
		if err := r.WriteJUnit(&got); err != nil {
			t.Fatal(err)
		}
		var doc junitSuites
		if err := xml.Unmarshal(got.Bytes(), &doc); err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, got.Bytes())
		}
		suite := doc.Suites[0]
		first := suite.Cases[0]
		classname := clean(collection, oneLine)
		if folder != "" {
			classname = clean(folder, oneLine)
		}
		for _, field := range []struct{ what, got, want string }{
			{"collection", doc.Name, clean(collection, oneLine)},
			{"suite name", suite.Name, clean(collection, oneLine)},
			{"testcase name", first.Name, clean(name, oneLine)},
			{"classname", first.Classname, classname},
			{"classname without folder", suite.Cases[2].Classname, clean(collection, oneLine)},
		} {
			if field.got != field.want {
				t.Errorf("%s reads back as %q, want %q", field.what, field.got, field.want)
			}
		}
		if problem := suite.Cases[1].Error; message != "" && (problem == nil ||
			problem.Message != clean(message, oneLine) || problem.Text != clean(message, multiLine)) {
			t.Errorf("error reads back as %+v, want message %q and text %q",
				problem, clean(message, oneLine), clean(message, multiLine))
		}
		if env != "" && suite.Properties.Property[0].Value != clean(env, oneLine) {
			t.Errorf("env reads back as %q, want %q", suite.Properties.Property[0].Value, clean(env, oneLine))
		}
		if !passed {
			wantBody := "expected " + clean(expect, multiLine) + ", got " + clean(actual, multiLine) + "\n"
			if first.Failure == nil || first.Failure.Text != wantBody {
				t.Errorf("failure reads back as %+v, want body %q", first.Failure, wantBody)
			}
		}
	})
}
