package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// TestShardInReports: the report of one shard of a CI matrix says which,
// in JSON as {"index", "total"} and in JUnit in the suite's name (so that
// the suites of a matrix's jobs do not collide when a CI merges them) and
// as a property; an unsharded report has no trace of it.
func TestShardInReports(t *testing.T) {
	r := sample()
	r.Shard = &Shard{Index: 2, Total: 3}

	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Shard *Shard `json:"shard"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Shard == nil || *doc.Shard != (Shard{Index: 2, Total: 3}) {
		t.Errorf("JSON shard = %+v, want index 2, total 3", doc.Shard)
	}
	if !strings.Contains(js.String(), "\"shard\": {\n    \"index\": 2,\n    \"total\": 3\n  }") {
		t.Errorf("JSON does not spell the shard as {\"index\": 2, \"total\": 3}:\n%s", js.String())
	}

	var x bytes.Buffer
	if err := r.WriteJUnit(&x); err != nil {
		t.Fatal(err)
	}
	var suites junitSuites
	if err := xml.Unmarshal(x.Bytes(), &suites); err != nil {
		t.Fatal(err)
	}
	if suites.Name != "Demo <API> & co (shard 2/3)" || suites.Suites[0].Name != "Demo <API> & co (shard 2/3)" {
		t.Errorf("suite names = %q, %q", suites.Name, suites.Suites[0].Name)
	}
	props := suites.Suites[0].Properties
	if props == nil || len(props.Property) != 2 || props.Property[1] != (junitProperty{Name: "shard", Value: "2/3"}) {
		t.Errorf("suite properties = %+v, want env and shard 2/3", props)
	}
	r.Shard = nil
	js.Reset()
	x.Reset()
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJUnit(&x); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "shard") || strings.Contains(x.String(), "shard") {
		t.Errorf("an unsharded report mentions a shard:\n%s\n%s", js.String(), x.String())
	}
}

// TestTagsInJUnit: each tag is a property of its test case; the classname
// and name, which CI systems track a test by, do not change.
func TestTagsInJUnit(t *testing.T) {
	var x bytes.Buffer
	if err := sample().WriteJUnit(&x); err != nil {
		t.Fatal(err)
	}
	var suites junitSuites
	if err := xml.Unmarshal(x.Bytes(), &suites); err != nil {
		t.Fatal(err)
	}
	c := suites.Suites[0].Cases[0]
	if c.Name != "Who am I" || c.Classname != "users" {
		t.Errorf("test case = %q in %q", c.Name, c.Classname)
	}
	if c.Properties == nil || len(c.Properties.Property) != 2 ||
		c.Properties.Property[0] != (junitProperty{"tag", "smoke"}) || c.Properties.Property[1] != (junitProperty{"tag", "users"}) {
		t.Errorf("test case properties = %+v, want tag smoke and tag users", c.Properties)
	}
	if other := suites.Suites[0].Cases[1]; other.Properties != nil {
		t.Errorf("an untagged test case has properties %+v", other.Properties)
	}
}
