package main

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// A step put back as it was (the device grant's folded polls, when the
// poll that brings the token follows) is not printed twice by keyway login.
func TestStepPrinterSkipsAStepPutBack(t *testing.T) {
	var b strings.Builder
	p := &stepPrinter{w: &b}
	folded := authflow.Step{Title: "Polls 1-2: pending", Status: authflow.StepDone}
	p.observe(4, folded)
	p.observe(4, authflow.Step{Title: "Poll for the token (3)", Status: authflow.StepRunning})
	p.observe(4, folded)
	p.observe(5, authflow.Step{Title: "Poll for the token (3)", Status: authflow.StepDone})
	if n := strings.Count(b.String(), "Polls 1-2: pending"); n != 1 {
		t.Fatalf("the folded step printed %d times:\n%s", n, b.String())
	}
	if !strings.Contains(b.String(), "Poll for the token (3)") {
		t.Fatalf("the last poll is missing:\n%s", b.String())
	}
}
