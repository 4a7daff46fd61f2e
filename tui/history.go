package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// historyMode is what the history view shows.
type historyMode int

const (
	historyList historyMode = iota
	historyDetail
	historyDiffing
)

// historyView browses the responses kept across sessions
// (collections/store/history): newest first, all of the collection's or the
// selected request's; enter shows one as the response pane does, space
// marks one and d compares another with it, r sends the request again.
// It stands in for the explore screen while open (H from Explore).
type historyView struct {
	c *common
	// request is the request selected when the view opened ("" when
	// none); all shows every request's responses instead of its.
	request string
	all     bool

	loading bool
	// err says why the history could not be read.
	err     string
	entries []history.Entry // newest first
	skipped int
	// shown indexes entries as filtered by all/request.
	shown  []int
	cursor int
	offset int
	// marked is the ID of the entry marked to compare with.
	marked string

	mode   historyMode
	detail responseView
	diff   historyDiff
	// diffOffset scrolls the diff.
	diffOffset int
	// now and loc are the clock and time zone times show in; a test
	// fixes them.
	now func() time.Time
	loc *time.Location

	width, height int
}

// historyAction is what the history view asks of the explore screen.
type historyAction struct {
	// close leaves the view.
	close bool
	// resend names the request to send again, as it is now in the
	// collection.
	resend string
}

// newHistoryView returns the view for request (the selected one, or ""),
// loading; the caller runs loadHistoryCmd.
func newHistoryView(c *common, request string) historyView {
	return historyView{c: c, request: request, all: request == "", loading: true,
		detail: newResponseView(c), now: time.Now, loc: time.Local}
}

// SetSize sets the view's size (the explore screen's body).
func (v *historyView) SetSize(width, height int) {
	v.width, v.height = width, height
	v.detail.SetSize(width-2, height-2)
	v.clamp()
}

// loaded takes the history as read.
func (v *historyView) loaded(msg historyLoadedMsg) {
	v.loading = false
	if msg.err != nil {
		v.err = historyError(msg.err)
		return
	}
	v.entries, v.skipped = msg.loaded.Entries, msg.loaded.Skipped
	v.filter()
}

// filter recomputes the rows shown, keeping the cursor on the same entry
// where it still shows.
func (v *historyView) filter() {
	keep := ""
	if e := v.current(); e != nil {
		keep = e.ID
	}
	v.shown = v.shown[:0]
	v.cursor = 0
	for i, e := range v.entries {
		if v.all || e.Request == v.request {
			if e.ID == keep {
				v.cursor = len(v.shown)
			}
			v.shown = append(v.shown, i)
		}
	}
	v.clamp()
}

// current returns the entry under the cursor, nil when none shows.
func (v historyView) current() *history.Entry {
	if v.cursor < 0 || v.cursor >= len(v.shown) {
		return nil
	}
	return &v.entries[v.shown[v.cursor]]
}

// entry returns the entry with id, nil when it is not loaded.
func (v historyView) entry(id string) *history.Entry {
	for i := range v.entries {
		if v.entries[i].ID == id {
			return &v.entries[i]
		}
	}
	return nil
}

// listRows is how many entries fit in the list.
func (v historyView) listRows() int { return max(v.height-2-2, 1) } // frame, heading, note

func (v *historyView) clamp() {
	v.cursor = max(min(v.cursor, len(v.shown)-1), 0)
	v.offset = max(min(v.offset, v.cursor), v.cursor-v.listRows()+1, 0)
	v.diffOffset = max(min(v.diffOffset, len(v.diff.lines)-(v.height-2)), 0)
}

// Update handles keys and the mouse wheel.
func (v historyView) Update(msg tea.Msg) (historyView, tea.Cmd, historyAction) {
	k := v.c.keys
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if wheel, ok := msg.(tea.MouseWheelMsg); ok {
			switch v.mode {
			case historyDetail:
				v.detail, _ = v.detail.Update(wheel)
			case historyList:
				if wheel.Button == tea.MouseWheelUp {
					v.cursor--
				} else if wheel.Button == tea.MouseWheelDown {
					v.cursor++
				}
				v.clamp()
			}
		}
		return v, nil, historyAction{}
	}
	if key.Matches(press, k.History.Resend) {
		if e := v.resendTarget(); e != nil {
			return v, nil, historyAction{close: true, resend: e.Request}
		}
		return v, nil, historyAction{}
	}
	switch v.mode {
	case historyDetail:
		if key.Matches(press, k.Global.Back) {
			v.mode = historyList
			return v, nil, historyAction{}
		}
		v.detail, _ = v.detail.Update(press)
		return v, nil, historyAction{}
	case historyDiffing:
		switch {
		case key.Matches(press, k.Global.Back):
			v.mode = historyList
		case key.Matches(press, k.Response.Up):
			v.diffOffset--
		case key.Matches(press, k.Response.Down):
			v.diffOffset++
		case key.Matches(press, k.Response.PageUp):
			v.diffOffset -= v.height - 2
		case key.Matches(press, k.Response.PageDown):
			v.diffOffset += v.height - 2
		case key.Matches(press, k.Response.Top):
			v.diffOffset = 0
		case key.Matches(press, k.Response.Bottom):
			v.diffOffset = len(v.diff.lines)
		}
		v.clamp()
		return v, nil, historyAction{}
	}
	switch {
	case key.Matches(press, k.Global.Back):
		return v, nil, historyAction{close: true}
	// Before the page keys: space pages a response, and marks here.
	case key.Matches(press, k.History.Mark):
		if e := v.current(); e != nil {
			if v.marked == e.ID {
				v.marked = ""
			} else {
				v.marked = e.ID
			}
		}
	case key.Matches(press, k.History.Up):
		v.cursor--
	case key.Matches(press, k.History.Down):
		v.cursor++
	case key.Matches(press, k.Response.PageUp):
		v.cursor -= v.listRows()
	case key.Matches(press, k.Response.PageDown):
		v.cursor += v.listRows()
	case key.Matches(press, k.Response.Top):
		v.cursor = 0
	case key.Matches(press, k.Response.Bottom):
		v.cursor = len(v.shown) - 1
	case key.Matches(press, k.History.Toggle):
		if v.request != "" {
			v.all = !v.all
			v.filter()
		}
	case key.Matches(press, k.History.Open):
		if e := v.current(); e != nil {
			v.mode = historyDetail
			v.detail.SetExchange(entryExchange(*e), "received "+e.Time.In(v.loc).Format("2006-01-02 15:04:05"))
			v.detail.SetSize(v.width-2, v.height-2)
		}
	case key.Matches(press, k.History.Diff):
		return v.compare()
	}
	v.clamp()
	return v, nil, historyAction{}
}

// compare opens the diff of the marked entry and the one under the
// cursor, or says what is missing.
func (v historyView) compare() (historyView, tea.Cmd, historyAction) {
	e := v.current()
	marked := v.entry(v.marked)
	switch {
	case e == nil:
		return v, nil, historyAction{}
	case marked == nil:
		return v, statusCmd("Mark a response with space first, then press d on another to compare them.", false), historyAction{}
	case marked.ID == e.ID:
		return v, statusCmd("Move to another response to compare with the marked one.", false), historyAction{}
	}
	// Two 256 KiB bodies take a diff some tens of milliseconds: off the
	// UI goroutine.
	a, b, loc := *marked, *e, v.loc
	if b.Time.Before(a.Time) { // as newHistoryDiff orders them
		a, b = b, a
	}
	v.diff = historyDiff{older: a, newer: b, pending: true}
	v.diffOffset = 0
	v.mode = historyDiffing
	return v, func() tea.Msg { return historyDiffMsg{diff: newHistoryDiff(a, b, loc)} }, historyAction{}
}

// historyDiffMsg carries a diff computed by compare's command.
type historyDiffMsg struct{ diff historyDiff }

// diffed takes a computed diff, unless the user has left it since.
func (v *historyView) diffed(msg historyDiffMsg) {
	if v.mode == historyDiffing && v.diff.pending && v.diff.older.ID == msg.diff.older.ID && v.diff.newer.ID == msg.diff.newer.ID {
		v.diff = msg.diff
		v.clamp()
	}
}

// resendTarget is the entry whose request r sends again: the one shown,
// or under the cursor.
func (v historyView) resendTarget() *history.Entry {
	if v.mode == historyDiffing {
		return &v.diff.newer
	}
	return v.current()
}

// countNote says how many responses show, and how many lines could not be
// read.
func (v historyView) countNote() string {
	note := fmt.Sprintf("%d", len(v.shown))
	if v.skipped > 0 {
		note += fmt.Sprintf(" · %d unreadable lines skipped", v.skipped)
	}
	return note
}
