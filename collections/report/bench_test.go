package report

import (
	"io"
	"strconv"
	"testing"
	"time"
)

// largeReport is a report of n requests, each with three assertions.
func largeReport(n int) *Report {
	r := &Report{Collection: "bench", Env: "local", Started: time.Now()}
	for i := range n {
		res := Result{Name: "request " + strconv.Itoa(i), Folder: "folder", Method: "GET",
			URL: "http://127.0.0.1:8080/items/" + strconv.Itoa(i), Status: 200, Passed: i%10 != 0,
			Assertions: []Assertion{
				{Expect: "status == 200", Passed: true, Actual: "200"},
				{Expect: `header Content-Type contains "json"`, Passed: true, Actual: `"application/json"`},
				{Expect: `jq .id == ` + strconv.Itoa(i), Passed: i%10 != 0, Actual: "false"},
			}}
		res.SetDuration(time.Duration(i) * time.Microsecond)
		r.Add(res)
	}
	return r
}

func BenchmarkWriteJSON(b *testing.B) {
	r := largeReport(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteJUnit(b *testing.B) {
	r := largeReport(1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteJUnit(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteText(b *testing.B) {
	r := largeReport(1000)
	b.ReportAllocs()
	for b.Loop() {
		for _, res := range r.Results {
			if err := r.WriteText(io.Discard, res); err != nil {
				b.Fatal(err)
			}
		}
	}
}
