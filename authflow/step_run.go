package authflow

import (
	"time"
)

// flowRecorder builds a Flow step by step and reports each change to the
// observer, so that a user interface can show a step while it runs.
type flowRecorder struct {
	flow    *Flow
	observe func(int, Step)
	// redact masks secrets in a step's error before anyone sees it.
	redact  func(error) error
	started []time.Time
	// off records nothing (SendOptions.Untraced): begin and note return
	// noStep, and end and fail ignore it.
	off bool
}

// noStep is the index of a step that was not recorded.
const noStep = -1

// on reports whether steps are recorded, for callers that would otherwise
// build a step's fields only to have them dropped.
func (f *flowRecorder) on() bool { return !f.off }

// typicalSteps is how many steps most flows have (a credential step and
// the request; a token flow a few more): room for them is made at once.
const typicalSteps = 4

// begin appends s as a running step and returns its index.
func (f *flowRecorder) begin(s Step) int {
	if f.off {
		return noStep
	}
	s.Status = StepRunning
	if f.flow.Steps == nil {
		f.flow.Steps = make([]Step, 0, typicalSteps)
		f.started = make([]time.Time, 0, typicalSteps)
	}
	f.flow.Steps = append(f.flow.Steps, s)
	f.started = append(f.started, time.Now())
	i := len(f.flow.Steps) - 1
	f.notify(i)
	return i
}

// end marks step i done (unless edit marked it failed or skipped), after
// letting edit fill in what the step learned.
func (f *flowRecorder) end(i int, edit func(s *Step)) {
	if i == noStep {
		return
	}
	s := &f.flow.Steps[i]
	if edit != nil {
		edit(s)
	}
	if s.Status == StepRunning {
		s.Status = StepDone
	}
	s.Duration = time.Since(f.started[i])
	f.notify(i)
}

// fail marks step i failed with err and a hint of what to try.
func (f *flowRecorder) fail(i int, err error, hint string) {
	f.end(i, func(s *Step) {
		s.Status = StepFailed
		s.Err = err
		if f.redact != nil {
			s.Err = f.redact(err)
		}
		s.Hint = hint
	})
}

// restart runs step i again as s, in its place: a repeated action shown
// as one step (the device grant's pending polls). With no step i it
// begins a new one.
func (f *flowRecorder) restart(i int, s Step) int {
	if f.off || i == noStep {
		return f.begin(s)
	}
	s.Status = StepRunning
	f.flow.Steps[i] = s
	f.started[i] = time.Now()
	f.notify(i)
	return i
}

// put sets step i back to s, as it was before a restart.
func (f *flowRecorder) put(i int, s Step) {
	if f.off || i == noStep {
		return
	}
	f.flow.Steps[i] = s
	f.notify(i)
}

// note adds a step that happens at once, such as an explanation.
func (f *flowRecorder) note(s Step) int {
	if f.off {
		return noStep
	}
	i := f.begin(s)
	f.end(i, nil)
	return i
}

func (f *flowRecorder) notify(i int) {
	if f.observe != nil {
		f.observe(i, f.flow.Steps[i])
	}
}
