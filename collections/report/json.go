package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as one indented JSON object in the shape
// docs/collections.md (Reports) promises: "error" is "" when there is
// none, "results" and every "assertions" are arrays, never null, and
// "started" is RFC 3339.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Reports are read by people and scripts, not embedded in HTML:
	// keep <, > and & as they are in URLs and jq expressions.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.normalized()); err != nil {
		return fmt.Errorf("report: writing JSON: %w", err)
	}
	return nil
}

// normalized returns a shallow copy of r whose nil slices are empty, so that
// they encode as [] rather than null.
func (r *Report) normalized() *Report {
	out := *r
	out.Results = make([]Result, len(r.Results))
	for i, res := range r.Results {
		if res.Assertions == nil {
			res.Assertions = []Assertion{}
		}
		if res.Tags == nil {
			res.Tags = []string{}
		}
		out.Results[i] = res
	}
	return &out
}
