package report

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The timing chart draws one bar per request on a time axis from the
// run's start: where the bar starts is when the request was sent, its
// length how long it took, so waits between requests, the overlap of a
// concurrent run and the one slow request all show at a glance. Failed
// bars are hatched and their labels marked ✕, not only coloured, so they
// read in grey and to a reader who does not tell red from green. Each bar
// links to its request's section and carries a <title> tooltip.

// Chart geometry, in SVG user units (the chart scales to the page's
// width).
const (
	chartWidth      = 1000
	chartLabelWidth = 300 // the requests' names, left of the plot
	chartMargin     = 12
	chartTop        = 30 // room for the axis labels
	chartRow        = 20
	chartBar        = 14
	// chartLabelled is how many requests still get a labelled row; a
	// longer run gets thin rows, told apart by their tooltips.
	chartLabelled = 150
	chartThinRow  = 5
	chartMinBar   = 2 // a loopback request must still show
	chartMaxLabel = 40
)

// htmlChart is the chart's geometry, every number formatted for SVG.
type htmlChart struct {
	Width, Height int
	Left, Right   string // the plot's horizontal bounds
	AxisBottom    string // where the grid lines end
	Labels        bool
	Ticks         []htmlTick
	Bars          []htmlBar
}

// htmlTick is one grid line of the time axis.
type htmlTick struct {
	X     string
	Label string
}

// htmlBar is one request on the chart.
type htmlBar struct {
	Anchor string
	X, Y   string
	W, H   string
	TextY  string
	MarkX  string // where a failed bar's ✕ goes, right of it
	Label  string
	Title  string
	Failed bool
}

func newChart(r *Report) htmlChart {
	n := len(r.Results)
	labels := n <= chartLabelled
	row, bar, left := chartRow, chartBar, chartLabelWidth+chartMargin
	if !labels {
		row, bar, left = chartThinRow, chartThinRow-1, chartMargin
	}
	// The last axis label is centred on the plot's right end.
	right := chartWidth - 2*chartMargin
	plot := float64(right - left)
	height := chartTop + n*row + chartMargin

	// The axis spans the run, and any request that a rounded or decoded
	// duration puts past its end.
	span := r.elapsed()
	for _, res := range r.Results {
		span = max(span, res.offset()+res.elapsed())
	}
	if span <= 0 {
		span = time.Millisecond
	}
	x := func(d time.Duration) float64 { return float64(left) + plot*float64(d)/float64(span) }

	chart := htmlChart{
		Width: chartWidth, Height: height, Labels: labels,
		Left: coord(float64(left)), Right: coord(float64(right)), AxisBottom: coord(float64(height - chartMargin/2)),
	}
	step := tickStep(span)
	for d := time.Duration(0); d <= span; d += step {
		chart.Ticks = append(chart.Ticks, htmlTick{X: coord(x(d)), Label: tickLabel(d, step)})
	}
	for i, res := range r.Results {
		top := chartTop + i*row
		start := x(res.offset())
		width := max(x(res.offset()+res.elapsed())-start, chartMinBar)
		start = min(start, float64(right)-width)
		name := res.Name
		if res.Folder != "" {
			name = res.Folder + " / " + res.Name
		}
		name = clean(name, oneLine)
		label := truncate(name, chartMaxLabel)
		verdict := "passed"
		if !res.Passed {
			label = "✕ " + label
			verdict = "FAILED"
		}
		status := "no response"
		if res.Status != 0 {
			status = strconv.Itoa(res.Status)
		}
		chart.Bars = append(chart.Bars, htmlBar{
			Anchor: anchor(i),
			X:      coord(start), Y: coord(float64(top + (row-bar)/2)),
			W: coord(width), H: coord(float64(bar)),
			TextY:  coord(float64(top + row/2 + 4)),
			MarkX:  coord(start + width + 3),
			Label:  label,
			Failed: !res.Passed,
			Title: "#" + strconv.Itoa(i+1) + " " + name + " — " + verdict + ", " + status +
				"; sent at " + since(res.offset()) + ", took " + formatDuration(res.elapsed()),
		})
	}
	return chart
}

// tickStep is a round step (1, 2 or 5 times a power of ten nanoseconds)
// that puts five to ten grid lines on an axis of span.
func tickStep(span time.Duration) time.Duration {
	step := time.Duration(1)
	for {
		for _, m := range []time.Duration{1, 2, 5} {
			if span/(step*m) <= 10 {
				return step * m
			}
		}
		step *= 10
	}
}

// tickLabel prints a grid line's time in the unit its step reads best in.
func tickLabel(d, step time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case step >= 100*time.Millisecond:
		return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + "s"
	case step >= time.Millisecond/1000:
		return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64) + "ms"
	default:
		return strconv.FormatInt(int64(d), 10) + "ns"
	}
}

// coord formats an SVG coordinate to a tenth of a unit.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}
