package tui

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbletea/v2"
)

// TestExecCmdKeepsSlowCommands checks that a command slower than a fast
// machine's (here, one that waits for the test to let it go) still delivers
// its message: a loaded CI runner must not lose one.
func TestExecCmdKeepsSlowCommands(t *testing.T) {
	release := make(chan struct{})
	time.AfterFunc(200*time.Millisecond, func() { close(release) })
	slow := func() tea.Msg { <-release; return statusMsg{text: "late"} }
	msgs := execCmd(tea.Batch(slow, func() tea.Msg { return statusMsg{text: "early"} }))
	if len(msgs) != 2 {
		t.Fatalf("execCmd returned %v, want the slow and the fast message", msgs)
	}
}

// TestExecCmdDropsClockCommands checks that the ticks and the cursor blink
// are recognised and dropped unrun, whatever their period: were they run,
// execCmd would wait an hour for the tick and panic.
func TestExecCmdDropsClockCommands(t *testing.T) {
	c := cursor.New()
	c.BlinkSpeed = time.Hour
	blink := c.Focus()
	if blink == nil {
		t.Fatal("a focused cursor returned no blink command")
	}
	tick := tea.Tick(time.Hour, func(time.Time) tea.Msg { return statusMsg{text: "tick"} })
	if msgs := execCmd(tea.Batch(blink, tick)); len(msgs) != 0 {
		t.Fatalf("execCmd returned %v for clock commands, want nothing", msgs)
	}
}
