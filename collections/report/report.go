package report

import (
	"strconv"
	"time"
)

// Report is the result of one run of a collection.
type Report struct {
	Collection string `json:"collection"`
	Env        string `json:"env"`
	// Shard names the shard of a sharded run (keyway run --shard); nil,
	// and left out of the JSON, when the run was not sharded.
	Shard      *Shard    `json:"shard,omitempty"`
	Started    time.Time `json:"started"`
	DurationMS int64     `json:"duration_ms"`
	Summary    Summary   `json:"summary"`
	Results    []Result  `json:"results"`

	// Duration is the run's wall time at full precision; DurationMS is the
	// same in whole milliseconds, for the JSON contract.
	Duration time.Duration `json:"-"`
}

// Shard is which of a matrix's shards a report is of: the Index-th of
// Total, counting from 1.
type Shard struct {
	Index int `json:"index"`
	Total int `json:"total"`
}

// String writes the shard as "2/3".
func (s Shard) String() string { return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Total) }

// Summary counts requests: a request passes when it got a response and
// every one of its assertions and captures held.
type Summary struct {
	Passed int `json:"passed"`
	Failed int `json:"failed"`
}

// Result is one request's outcome.
type Result struct {
	Name   string `json:"name"`
	Folder string `json:"folder"`
	// Tags are the request's tags, in file order; never nil in JSON.
	Tags       []string `json:"tags"`
	Method     string   `json:"method"`
	URL        string   `json:"url"`
	Status     int      `json:"status"`
	DurationMS int64    `json:"duration_ms"`
	// StartedOffsetMS is when the request was sent, in whole milliseconds
	// from the report's Started: with DurationMS, where it sits on the
	// run's time line (the HTML report's chart).
	StartedOffsetMS int64 `json:"started_offset_ms"`
	// SizeBytes counts the response body's bytes as received (after gzip
	// decoding): all of them, those past what keyway keeps in memory too;
	// 0 when no response arrived.
	SizeBytes  int64       `json:"size_bytes"`
	Passed     bool        `json:"passed"`
	Error      string      `json:"error"`
	Assertions []Assertion `json:"assertions"`

	// Duration is the request's time at full precision (loopback requests
	// take well under a millisecond); DurationMS is the JSON contract's
	// whole milliseconds.
	Duration time.Duration `json:"-"`
	// StartedOffset is StartedOffsetMS at full precision.
	StartedOffset time.Duration `json:"-"`
	// Exchange is a masked, capped copy of the request as sent and the
	// response as received, kept only when a report shows it (the HTML
	// report: see run.Options.KeepExchange); nil otherwise. It is not part
	// of the JSON contract.
	Exchange *Exchange `json:"-"`
}

// Assertion is one expectation and how it fared.
type Assertion struct {
	Expect string `json:"expect"`
	Passed bool   `json:"passed"`
	Actual string `json:"actual"`
}

// Add appends res to the report and counts it in the summary.
func (r *Report) Add(res Result) {
	r.Results = append(r.Results, res)
	if res.Passed {
		r.Summary.Passed++
	} else {
		r.Summary.Failed++
	}
}

// SetDuration records the run's wall time in both Duration and DurationMS.
func (r *Report) SetDuration(d time.Duration) {
	r.Duration = d
	r.DurationMS = d.Milliseconds()
}

// SetDuration records the request's time in both Duration and DurationMS.
func (r *Result) SetDuration(d time.Duration) {
	r.Duration = d
	r.DurationMS = d.Milliseconds()
}

// SetStartedOffset records when the request was sent, from the run's
// start, in both StartedOffset and StartedOffsetMS.
func (r *Result) SetStartedOffset(d time.Duration) {
	r.StartedOffset = d
	r.StartedOffsetMS = d.Milliseconds()
}

// FailedAssertions returns the assertions that did not hold, in order.
func (r Result) FailedAssertions() []Assertion {
	var failed []Assertion
	for _, a := range r.Assertions {
		if !a.Passed {
			failed = append(failed, a)
		}
	}
	return failed
}

// elapsed is the result's time, from Duration when set (results built by the
// run package) or from DurationMS (results decoded from JSON).
func (r Result) elapsed() time.Duration {
	if r.Duration > 0 {
		return r.Duration
	}
	return time.Duration(r.DurationMS) * time.Millisecond
}

// offset is the result's start from the run's, as elapsed reads it.
func (r Result) offset() time.Duration {
	if r.StartedOffset > 0 {
		return r.StartedOffset
	}
	return time.Duration(r.StartedOffsetMS) * time.Millisecond
}

// elapsed is the run's time, as Result.elapsed.
func (r *Report) elapsed() time.Duration {
	if r.Duration > 0 {
		return r.Duration
	}
	return time.Duration(r.DurationMS) * time.Millisecond
}
