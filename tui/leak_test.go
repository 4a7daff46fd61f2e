package tui

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// blockingEngine sends as a server that never answers would make it: the
// send waits for its context. started says when a send is under way.
type blockingEngine struct {
	*fakeEngine
	started chan string
}

func (b *blockingEngine) Send(ctx context.Context, c *collections.Collection, r *collections.Request, s collections.Scope, client *authflow.Client) run.Outcome {
	b.started <- "send"
	<-ctx.Done()
	return run.Outcome{Err: ctx.Err()}
}

// tuiGoroutines returns the stacks of the goroutines running code of this
// package, by goroutine header line, leaving out the caller's own.
func tuiGoroutines() map[string]string {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for i, g := range bytes.Split(buf, []byte("\n\n")) {
		stack := string(g)
		if i == 0 || !strings.Contains(stack, "keyway/tui.") {
			continue // the caller, or not ours
		}
		id, _, _ := strings.Cut(stack, " [") // "goroutine 42"
		out[id] = stack
	}
	return out
}

// TestQuitLeavesNoGoroutineBehind starts a send, a flow walk and a replay
// that all wait on servers that never answer, quits, and checks that every
// goroutine they started ends. Commands run as Bubble Tea runs them, each
// in its own goroutine, their messages fed back to Update until the quit.
func TestQuitLeavesNoGoroutineBehind(t *testing.T) {
	before := tuiGoroutines()
	m, fake := newTestModel(t, 120, 30, true)
	started := make(chan string, 8)
	m.c.engine = &blockingEngine{fakeEngine: fake, started: started}
	m.c.session.prompts[""] = "pw" // the replay asks nothing
	fake.walk = func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
		started <- "flow"
		<-ctx.Done()
		return nil, nil, ctx.Err()
	}
	fake.replay = func(ctx context.Context, c *collections.Collection, opts run.Options) (*report.Report, error) {
		opts.OnStart(0, c.Requests[0])
		started <- "replay"
		<-ctx.Done()
		return &report.Report{Collection: c.Name}, nil
	}

	msgs := make(chan tea.Msg, 64)
	done := make(chan struct{})
	var runCmd func(tea.Cmd)
	runCmd = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		go func() {
			msg := cmd()
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				for i := range v.Len() { // tea.Batch and tea.Sequence
					runCmd(v.Index(i).Interface().(tea.Cmd))
				}
				return
			}
			if msg == nil {
				return
			}
			select {
			case msgs <- msg:
			case <-done:
			}
		}()
	}
	update := func(msg tea.Msg) {
		nm, cmd := m.Update(msg)
		m = nm.(model)
		runCmd(cmd)
	}
	// waitFor feeds messages to Update until what has started.
	waitFor := func(what string) {
		for {
			select {
			case s := <-started:
				if s != what {
					t.Fatalf("%s started, want %s", s, what)
				}
				return
			case msg := <-msgs:
				update(msg)
			}
		}
	}

	update(keyEnter) // send "Health"
	waitFor("send")
	update(openFlowMsg{profile: "alice-basic", request: "Who am I"})
	waitFor("flow")
	update(openReplayMsg{})
	waitFor("replay")
	if !m.explore.Sending() || !m.flow.running || !m.replay.running {
		t.Fatalf("not all under way: send %v, walk %v, replay %v", m.explore.Sending(), m.flow.running, m.replay.running)
	}
	nm, cmd := m.Update(keyChar('q'))
	m = nm.(model)
	if cmd == nil {
		t.Fatal("q did not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
	close(done) // the program is gone: nobody reads messages any more

	// Let the goroutines wind down: poll, within a generous bound, until
	// none of ours that was not there before is left.
	var left []string
	for range 1000 {
		left = left[:0]
		for id, stack := range tuiGoroutines() {
			if _, ok := before[id]; !ok {
				left = append(left, stack)
			}
		}
		if len(left) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d goroutines of ours are still running after quitting:\n\n%s", len(left), strings.Join(left, "\n\n"))
}
