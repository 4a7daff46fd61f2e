package tui

import (
	"strings"
	"testing"
)

// TestChecksFormSaves edits a request's expectations and captures: a jq
// mistake shows as it is typed and stops the save; the save writes only
// the new keys, every other byte of the file kept.
func TestChecksFormSaves(t *testing.T) {
	eng := &fakeEngine{}
	m := dialogModel(t, "shop.toml", dialogSource, eng, 120, 40)
	m = selectRequest(t, m, "Who am I")
	m = feed(m, 1, keyChar('E'))
	if m.explore.checks == nil {
		t.Fatal("E did not open the form")
	}
	checkGolden(t, "open-120x40", screenText(m))
	m = feed(m, 1, keyTab)
	m = feed(m, 1, typeText("2s")...)
	m = feed(m, 1, keyTab, keyTab)
	m = feed(m, 1, typeText(".id >")...)
	if screen := screenText(m); !strings.Contains(screen, "jq: ") {
		t.Errorf("a jq mistake is not shown as it is typed:\n%s", screen)
	}
	checkGolden(t, "jq-error-120x40", screenText(m))
	m = feed(m, 2, keyCtrlS)
	if len(eng.sources) != 0 || m.explore.checks == nil {
		t.Fatal("a form with a jq mistake was saved")
	}
	m = feed(m, 1, typeText(" 0")...)
	m = feed(m, 1, keyTab)
	m = feed(m, 1, typeText("uid = .id")...)
	m = feed(m, 3, keyCtrlS)
	if len(eng.sources) != 1 {
		t.Fatalf("saved %d times:\n%s", len(eng.sources), screenText(m))
	}
	want := strings.Replace(dialogSource, "profile = \"alice\"\n[request.expect]\nstatus = 200\n",
		"profile = \"alice\"\ncapture = { uid = \".id\" }\n[request.expect]\nstatus = 200\njq = [\".id > 0\"]\nmax_duration = \"2s\"\n", 1)
	if eng.sources[0] != want {
		t.Errorf("saved:\n%s\nwant:\n%s", eng.sources[0], want)
	}
	if m.explore.checks != nil {
		t.Error("the form stayed open after saving")
	}
	r := m.c.coll.Request("Who am I")
	if r == nil || len(r.Expect.JQ) != 1 || len(r.Capture) != 1 || r.Expect.MaxDuration.String() != "2s" {
		t.Errorf("reloaded request: %+v", r)
	}
}

// TestChecksFormScreens is the form at 80×24, on a request without any
// expectation, and its refusals.
func TestChecksFormScreens(t *testing.T) {
	eng := &fakeEngine{}
	m := dialogModel(t, "shop.toml", dialogSource, eng, 80, 24)
	m = feed(m, 1, keyChar('E'))
	checkGolden(t, "empty-80x24", screenText(m))
	checkFits(t, m.View().Content, 80, 24)
	for _, c := range []struct {
		tabs int
		text string
		want string
	}{
		{0, "20", "from 100 to 599"},
		{1, "soon", "a duration such as"},
		{2, "Content-Type", "has no colon"},
		{4, "uid .id", "variable = jq expression"},
		{4, "uid = .a | nosuchfn", "capture uid: jq:"},
	} {
		f := feed(dialogModel(t, "shop.toml", dialogSource, eng, 80, 24), 1, keyChar('E'))
		for range c.tabs {
			f = feed(f, 1, keyTab)
		}
		f = feed(f, 1, typeText(c.text)...)
		f = feed(f, 2, keyCtrlS)
		if f.explore.checks == nil || !strings.Contains(f.explore.checks.err, c.want) {
			t.Errorf("%q: err %q, want %q", c.text, f.explore.checks.err, c.want)
		}
	}
	if m = feed(m, 1, keyEsc); m.explore.checks != nil || len(eng.sources) != 0 {
		t.Error("esc did not discard")
	}
}
