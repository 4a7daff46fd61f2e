package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

func TestExploreScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			theme := map[bool]string{true: "dark", false: "light"}[dark]
			name := fmt.Sprintf("explore_%dx%d_%s", size[0], size[1], theme)
			t.Run(name, func(t *testing.T) {
				m, _ := newTestModel(t, size[0], size[1], dark)
				checkGolden(t, name+"_start", screenText(m))
				m = feed(m, 2, keyDown, keyEnter) // Who am I, sent
				if m.explore.Sending() {
					t.Fatal("still sending after the reply")
				}
				view := m.View().Content
				checkFits(t, view, size[0], size[1])
				checkGolden(t, name+"_response", screenText(m))
			})
		}
	}
}

func TestSendThenCancelDropsLateReply(t *testing.T) {
	m, eng := newTestModel(t, 80, 24, true)
	nm, sendCmd := m.Update(keyEnter)
	m = nm.(model)
	if !m.explore.Sending() {
		t.Fatal("enter did not start a send")
	}
	m = feed(m, 1, keyCtrlX)
	if m.explore.Sending() {
		t.Fatal("ctrl+x did not cancel")
	}
	if !strings.Contains(screenText(m), "Cancelled") {
		t.Errorf("no cancel notice:\n%s", screenText(m))
	}
	// The cancelled send's reply arrives late and must be dropped.
	m = feed(m, 1, execCmd(sendCmd)...)
	if len(eng.sends) != 1 {
		t.Fatalf("sends = %v", eng.sends)
	}
	if got := m.explore.history.len("Health"); got != 0 {
		t.Errorf("late reply was recorded: %d exchanges", got)
	}
}

func TestPromptAskedOnceAndMasked(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	m = feed(m, 0, keyDown, keyDown, keyDown) // Create token (auth folder, last)
	if r := m.explore.list.Selected(); r == nil || r.Name != "Create token" {
		t.Fatalf("selected %v", r)
	}
	m = feed(m, 3, keyEnter)
	if m.prompt == nil {
		t.Fatalf("no prompt shown:\n%s", screenText(m))
	}
	if !strings.Contains(screenText(m), "Enter the value") {
		t.Errorf("prompt does not name the reference:\n%s", screenText(m))
	}
	m = feed(m, 3, typeText("hunter2")...)
	if strings.Contains(screenText(m), "hunter2") {
		t.Fatal("prompt echoes the secret")
	}
	m = feed(m, 3, keyEnter)
	if m.prompt != nil {
		t.Fatal("prompt still open")
	}
	if got := m.c.session.prompts[""]; got != "hunter2" {
		t.Fatalf("stored prompt %q", got)
	}
	if len(eng.sends) != 2 || m.explore.history.len("Create token") != 1 {
		t.Fatalf("sends %v, history %d", eng.sends, m.explore.history.len("Create token"))
	}
	if strings.Contains(screenText(m), "hunter2") {
		t.Fatalf("secret on screen after sending:\n%s", screenText(m))
	}
	// Asked once: a second send goes straight through.
	m = feed(m, 3, keyEnter)
	if m.prompt != nil || m.explore.history.len("Create token") != 2 {
		t.Fatal("prompt asked twice")
	}
}

func TestHistoryCycles(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	m = feed(m, 2, keyEnter, keyEnter)
	if !strings.Contains(screenText(m), "response 2 of 2") {
		t.Fatalf("newest not shown first:\n%s", screenText(m))
	}
	m = feed(m, 0, keyChar('h'))
	if !strings.Contains(screenText(m), "response 1 of 2") {
		t.Fatalf("h did not show the previous response:\n%s", screenText(m))
	}
}

func TestFilterKeepsGlobalKeysForTyping(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 0, keyChar('/'))
	for _, msg := range typeText("qusers") {
		nm, cmd := m.Update(msg)
		m = nm.(model)
		for _, out := range execCmd(cmd) {
			if _, ok := out.(tea.QuitMsg); ok {
				t.Fatal("q quit while typing a filter")
			}
		}
	}
	m = feed(m, 0, keyEsc)
	m = feed(m, 0, keyChar('/'))
	m = feed(m, 0, typeText("list")...)
	m = feed(m, 0, keyEnter)
	if r := m.explore.list.Selected(); r == nil || r.Name != "List users" {
		t.Fatalf("filter selected %v", r)
	}
	if strings.Contains(screenText(m), "Health") {
		t.Errorf("filtered-out request still listed:\n%s", screenText(m))
	}
}

func TestQuitAndHelp(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 0, keyChar('?'))
	if !m.showHelp || !strings.Contains(screenText(m), "copy as curl") {
		t.Fatalf("help overlay missing:\n%s", screenText(m))
	}
	checkGolden(t, "help_80x24", screenText(m))
	m = feed(m, 0, keyEsc)
	if m.showHelp {
		t.Fatal("esc did not close help")
	}
	_, cmd := m.Update(keyChar('q'))
	if msgs := execCmd(cmd); len(msgs) != 1 || msgs[0] != tea.Quit() {
		t.Fatalf("q gave %v", msgs)
	}
}

func TestEnvironmentSwitchUpdatesPreview(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	if !strings.Contains(screenText(m), "http://127.0.0.1:8080/health") {
		t.Fatalf("vars not resolved:\n%s", screenText(m))
	}
	m = feed(m, 1, keyChar('v'), keyDown, keyEnter)
	if m.c.env != "staging" {
		t.Fatalf("env = %q", m.c.env)
	}
	if !strings.Contains(screenText(m), "https://staging.example.com/health") {
		t.Fatalf("preview not updated:\n%s", screenText(m))
	}
}

func TestEditSavesOnlyTheURL(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	m = feed(m, 0, keyChar('e'))
	if m.explore.editor == nil {
		t.Fatal("e did not open the editor")
	}
	m = feed(m, 0, keyTab) // to the URL field
	m = feed(m, 0, typeText("?v=2")...)
	m = feed(m, 3, keyCtrlS)
	if len(eng.saved) != 1 {
		t.Fatalf("saves %d", len(eng.saved))
	}
	e := eng.saved[0]
	if e.URL == nil || *e.URL != "{{base_url}}/health?v=2" || e.Method != nil || e.Headers != nil || e.Body != nil {
		t.Fatalf("edit = %+v", e)
	}
	if m.explore.editor != nil {
		t.Fatal("editor still open after saving")
	}
	if got := m.c.coll.Request("Health").URL; got != "{{base_url}}/health?v=2" {
		t.Fatalf("collection not replaced: %q", got)
	}
}

func TestEditShowsSaveErrorInPlace(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	eng.saveErr = fmt.Errorf("collections: demo.toml: %w", collections.ErrChangedOnDisk)
	m = feed(m, 0, keyChar('e'), keyTab)
	m = feed(m, 0, typeText("x")...)
	m = feed(m, 3, keyCtrlS)
	if m.explore.editor == nil || !strings.Contains(screenText(m), "changed on disk") {
		t.Fatalf("error not shown in the editor:\n%s", screenText(m))
	}
}

// TestEditOfAReadOnlyCollectionSaysSo: a save refused because the file is
// read-only keeps the editor open with what happened and how to save, in
// full at 80 columns (issue 9, item 16).
func TestEditOfAReadOnlyCollectionSaysSo(t *testing.T) {
	m, eng := newTestModel(t, 80, 24, true)
	eng.saveErr = &collections.ReadOnlyError{Path: "api.toml", Mode: 0o444}
	m = feed(m, 0, keyChar('e'), keyTab)
	m = feed(m, 0, typeText("x")...)
	m = feed(m, 3, keyCtrlS)
	screen := strings.Join(strings.Fields(screenText(m)), " ")
	if m.explore.editor == nil || !strings.Contains(screen, "api.toml is read-only (mode 0444)") || !strings.Contains(screen, "chmod u+w api.toml") {
		t.Fatalf("read-only refusal not shown in the editor:\n%s", screenText(m))
	}
}

func TestCopyAsCurl(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	_, cmd := m.Update(keyChar('y'))
	msgs := execCmd(cmd)
	var curl curlMsg
	for _, msg := range msgs {
		if c, ok := msg.(curlMsg); ok {
			curl = c
		}
	}
	if curl.curl.Script != "curl {{base_url}}/health" {
		t.Fatalf("curl msg %+v from %v", curl, msgs)
	}
	nm, cmd := m.Update(curl)
	var status statusMsg
	for _, msg := range execCmd(cmd) {
		if s, ok := msg.(statusMsg); ok {
			status = s
		}
	}
	if status.err || !strings.HasPrefix(status.text, "Copied as curl") {
		t.Fatalf("status %+v", status)
	}
	if !strings.Contains(screenText(nm.(model)), "Set $KEYWAY_TOKEN first") {
		t.Fatalf("the variable to set is not shown:\n%s", screenText(nm.(model)))
	}
	if got := nm.(model); got.status.text != "" {
		t.Fatal("status set before the command ran")
	}
}

func TestResizeNeverSpills(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 2, keyDown, keyEnter)
	for _, size := range [][2]int{{40, 10}, {61, 17}, {80, 24}, {133, 41}, {200, 60}, {30, 5}} {
		m = feed(m, 0, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		checkFits(t, m.View().Content, size[0], size[1])
	}
}

func TestServerTextCannotInjectEscapes(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	eng.responses["Health"].Body = []byte("hi \x1b]52;c;ZXZpbA==\x07 \x1b[2J\x1b[31mred\r\nnext")
	eng.responses["Health"].Header.Set("X-Evil", "a\x1b[8mhidden")
	m = feed(m, 2, keyEnter)
	view := m.View().Content
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\x1b[8m", "\x1b[31mred"} {
		if strings.Contains(view, bad) {
			t.Errorf("server escape %q reached the screen", bad)
		}
	}
	if !strings.Contains(screenText(m), "hi") || !strings.Contains(screenText(m), "X-Evil") {
		t.Errorf("body or header not shown:\n%s", screenText(m))
	}
}

func TestSendErrorShownInPlace(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	delete(eng.responses, "Health")
	m = feed(m, 2, keyEnter)
	if !strings.Contains(screenText(m), "connection refused") {
		t.Fatalf("error not shown:\n%s", screenText(m))
	}
}

func TestMouseSelectsAndScrolls(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	// Row 3 of the list (Health, ▾ users, Who am I, List users) is below
	// the header line and the pane's top border.
	m = feed(m, 0, tea.MouseClickMsg{X: 5, Y: headerLines + 1 + 3, Button: tea.MouseLeft})
	if r := m.explore.list.Selected(); r == nil || r.Name != "List users" {
		t.Fatalf("click selected %v", r)
	}
	m = feed(m, 0, tea.MouseWheelMsg{X: 5, Y: 5, Button: tea.MouseWheelUp})
	if r := m.explore.list.Selected(); r == nil || r.Name != "Who am I" {
		t.Fatalf("wheel up selected %v", r)
	}
	tabs := m.tabRanges()
	m = feed(m, 0, tea.MouseClickMsg{X: tabs[2][0], Y: 0, Button: tea.MouseLeft})
	if m.active != screenReplay {
		t.Fatalf("clicking the Replay tab gave screen %d", m.active)
	}
}

func TestInsecureShown(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	m.c.coll.Requests[0].Insecure = true
	m = feed(m, 0, collectionChangedMsg{})
	if !strings.Contains(screenText(m), "NOT verified") {
		t.Fatalf("insecure not shown:\n%s", screenText(m))
	}
}

func TestOpenFlowAndReplayFromExplore(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	_, cmd := m.Update(keyChar('f')) // Health has no profile
	if msgs := execCmd(cmd); len(msgs) != 1 || !msgs[0].(statusMsg).err {
		t.Fatalf("f on a request without credentials gave %v", msgs)
	}
	m = feed(m, 0, keyDown)
	_, cmd = m.Update(keyChar('f'))
	if msgs := execCmd(cmd); len(msgs) != 1 || msgs[0] != (openFlowMsg{profile: "alice-basic", request: "Who am I"}) {
		t.Fatalf("f gave %v", msgs)
	}
	_, cmd = m.Update(keyChar('r'))
	if msgs := execCmd(cmd); len(msgs) != 1 || msgs[0] != (openReplayMsg{folder: "users"}) {
		t.Fatalf("r gave %v", msgs)
	}
}

func TestBackgroundColourSwitchesStyles(t *testing.T) {
	dark, _ := newTestModel(t, 80, 24, true)
	light, _ := newTestModel(t, 80, 24, false)
	if dark.c.dark == light.c.dark {
		t.Fatal("BackgroundColorMsg did not switch to light")
	}
	if dark.View().Content == light.View().Content {
		t.Fatal("light and dark screens are drawn with the same colours")
	}
	if screenText(dark) != screenText(light) {
		t.Fatal("the theme changed the layout")
	}
}
