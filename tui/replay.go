package tui

import (
	"context"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/viewport"
	"charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
)

// replayModel replays the whole collection or one folder with the runner of
// `keyway run`: a progress bar, a live table of results as requests finish,
// failures marked, enter opens a result's exchange (in full for failures,
// within the limits of replay_keep.go), ctrl+x cancels, and a last line
// `N passed, N failed`.
type replayModel struct {
	c *common

	width, height int

	// folder is what is replayed: "" for the whole collection.
	folder string
	rows   []replayRow

	// run identifies the current replay; cancel stops its sending and
	// abandon stops listening to it.
	run       int
	cancel    context.CancelFunc
	abandon   context.CancelFunc
	running   bool
	cancelled bool
	report    *report.Report
	err       error
	// prompt is the {{prompt}} the replay waits for, if prompting.
	prompt    string
	prompting bool

	// failFast and concurrency are the options of the next replay.
	failFast    bool
	concurrency int

	selected, offset int
	// open shows the selected result's exchange in detail.
	open   bool
	detail viewport.Model
	bar    progress.Model
}

// replayRowState is where one request of a replay stands.
type replayRowState int

const (
	rowWaiting replayRowState = iota
	rowRunning
	rowFinished
)

// replayRow is one request of the replay and, once it finished, its
// outcome.
type replayRow struct {
	index   int // in Collection.Requests
	request *collections.Request
	state   replayRowState
	// outcome is what replay_keep.go keeps of the result; kept says how
	// much of its exchanges that is.
	outcome run.Outcome
	kept    replayKept
}

// newReplayModel returns the replay screen, idle.
func newReplayModel(c *common) replayModel {
	m := replayModel{c: c, detail: viewport.New(), concurrency: 1}
	m.bar = newReplayBar(c)
	m.rows = replayRows(c.coll, "")
	return m
}

// newReplayBar is the progress bar in the app's colours, or in plain
// characters without colour.
func newReplayBar(c *common) progress.Model {
	if c.noColor {
		bar := progress.New(progress.WithFillCharacters('█', '░'), progress.WithoutPercentage())
		bar.FullColor, bar.EmptyColor = lipgloss.NoColor{}, lipgloss.NoColor{}
		return bar
	}
	return progress.New(progress.WithDefaultBlend(), progress.WithoutPercentage())
}

// replayRows lists the requests a replay of folder sends ("" for all), in
// file order.
func replayRows(coll *collections.Collection, folder string) []replayRow {
	if coll == nil {
		return nil
	}
	var only []string // the replay's Options.Only: the same rule picks the rows
	if folder != "" {
		only = []string{folder}
	}
	var rows []replayRow
	for i, r := range coll.Requests {
		if run.Selected(r, only) {
			rows = append(rows, replayRow{index: i, request: r})
		}
	}
	return rows
}

// Start replays folder ("" for the whole collection), cancelling a replay in
// progress.
func (m *replayModel) Start(folder string) tea.Cmd {
	m.stop()
	m.folder = folder
	m.rows = replayRows(m.c.coll, folder)
	m.report, m.err, m.cancelled, m.open = nil, nil, false, false
	m.selected, m.offset = 0, 0
	if m.c.coll == nil || len(m.rows) == 0 {
		return nil
	}
	m.run++
	listen, abandon := context.WithCancel(context.Background())
	ctx, cancel := context.WithCancel(listen)
	m.cancel, m.abandon, m.running = cancel, abandon, true
	opts := run.Options{Scope: m.c.scope(), FailFast: m.failFast, Concurrency: m.concurrency}
	if m.c.session != nil {
		opts.Client = m.c.session.client
	}
	if folder != "" {
		opts.Only = []string{folder}
	}
	return beginReplay(ctx, listen, replayInput{run: m.run, engine: m.c.engine, coll: m.c.coll, opts: opts, met: m.c.session.met})
}

// stop abandons the replay in progress, if any: it stops sending and its
// late messages are dropped.
func (m *replayModel) stop() {
	if m.abandon != nil {
		m.abandon()
		m.cancel, m.abandon = nil, nil
	}
	if m.running {
		m.running, m.cancelled = false, true
	}
	m.run++
	m.prompting = false
}

// Cancel stops sending: requests in flight are interrupted, the rest are
// not sent, and the summary says what ran.
func (m *replayModel) Cancel() {
	if m.running && m.cancel != nil {
		m.cancel()
		m.cancelled = true
	}
}

// update is Update for the root, which holds the screen in place.
func (m *replayModel) update(msg tea.Msg) tea.Cmd {
	next, cmd := m.Update(msg)
	*m = next
	return cmd
}

// name is the screen's tab label.
func (replayModel) name() string { return "Replay" }

// helpTitle names the screen in the `?` overlay.
func (m replayModel) helpTitle() string { return m.name() }

// capturingInput is false: the replay screen has no text input (the
// prompt for a value is the root's overlay).
func (replayModel) capturingInput() bool { return false }

// Update handles the replay's messages and the keys of the screen.
func (m replayModel) Update(msg tea.Msg) (replayModel, tea.Cmd) {
	switch msg := msg.(type) {
	case openReplayMsg:
		return m, m.Start(msg.folder)
	case promptAnsweredMsg:
		if !m.prompting || msg.label != m.prompt {
			return m, nil
		}
		m.prompting = false
		if msg.cancelled {
			m.err = errPromptCancelled(msg.label)
			return m, nil
		}
		return m, m.Start(m.folder)
	case collectionChangedMsg, envChangedMsg:
		if !m.running {
			m.rows = replayRows(m.c.coll, m.folder)
			m.report, m.err, m.cancelled, m.open = nil, nil, false, false
			m.selected, m.offset = 0, 0
		}
		return m, nil
	case replayPromptMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.stop() // nothing was sent; the answer starts a new replay
		m.cancelled, m.prompting, m.prompt = false, true, msg.label
		return m, func() tea.Msg { return needPromptMsg{label: msg.label} }
	case replayStartedMsg:
		if msg.run != m.run {
			return m, nil
		}
		if i := m.rowOf(msg.index); i >= 0 {
			m.rows[i].state = rowRunning
		}
		return m, waitReplayEvent(msg.events)
	case replayResultMsg:
		if msg.run != m.run {
			return m, nil
		}
		if i := m.rowOf(msg.index); i >= 0 {
			m.rows[i].state, m.rows[i].outcome, m.rows[i].kept = rowFinished, msg.outcome, msg.kept
			if m.open && i == m.selected {
				m.refreshDetail()
			}
		}
		if len(msg.outcome.Captures) == 0 {
			return m, waitReplayEvent(msg.events)
		}
		// What the replay captured serves the rest of the session too, as
		// a capture from a request sent on the explore screen does.
		m.c.session.keepCaptures(msg.outcome.Captures, msg.outcome.CaptureLimits)
		return m, tea.Batch(waitReplayEvent(msg.events), func() tea.Msg { return capturesChangedMsg{} })
	case replayDoneMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.running, m.report, m.err = false, msg.report, msg.err
		m.cancel, m.abandon = nil, nil
		for i := range m.rows {
			if m.rows[i].state == rowRunning {
				m.rows[i].state = rowWaiting // interrupted: it has no result
			}
		}
		return m, nil
	case tea.KeyPressMsg:
		if m.open {
			return m.updateDetail(msg)
		}
		return m.updateTable(msg)
	case tea.MouseWheelMsg:
		if m.open {
			var cmd tea.Cmd
			m.detail, cmd = m.detail.Update(msg)
			return m, cmd
		}
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			m.selected = max(m.selected-1, 0)
		case tea.MouseWheelDown:
			m.selected = min(m.selected+1, max(len(m.rows)-1, 0))
		}
	case tea.MouseClickMsg:
		// The rows start below the header, the bar and the column titles.
		mouse := msg.Mouse()
		row := mouse.Y - replayRowsTop + m.scrollOffset(m.visibleRows())
		if !m.open && mouse.Button == tea.MouseLeft && mouse.Y >= replayRowsTop && row < len(m.rows) {
			m.selected = row
		}
	}
	return m, nil
}

// replayRowsTop is the line of the table's first row.
const replayRowsTop = 3

// rowOf returns the row of the request at index in Collection.Requests.
func (m replayModel) rowOf(index int) int {
	for i, row := range m.rows {
		if row.index == index {
			return i
		}
	}
	return -1
}

// updateTable moves through the results, runs, cancels and opens.
func (m replayModel) updateTable(msg tea.KeyPressMsg) (replayModel, tea.Cmd) {
	keys := m.c.keys.Replay
	switch {
	case key.Matches(msg, keys.Up):
		m.selected = max(m.selected-1, 0)
	case key.Matches(msg, keys.Down):
		m.selected = min(m.selected+1, max(len(m.rows)-1, 0))
	case key.Matches(msg, keys.Run):
		if !m.running {
			return m, m.Start(m.folder)
		}
	case key.Matches(msg, keys.Cancel):
		m.Cancel()
	case key.Matches(msg, keys.FailFast):
		if !m.running {
			m.failFast = !m.failFast
		}
	case key.Matches(msg, keys.Concurrency):
		if !m.running {
			m.concurrency = nextConcurrency(m.concurrency)
		}
	case key.Matches(msg, keys.Open):
		if m.selected < len(m.rows) && m.rows[m.selected].state == rowFinished {
			m.open = true
			m.detail.GotoTop()
			m.refreshDetail()
		}
	case key.Matches(msg, m.c.keys.Global.Back):
		if m.running {
			m.Cancel()
			return m, nil
		}
		return m, func() tea.Msg { return backMsg{} }
	}
	return m, nil
}

// nextConcurrency is the choice after n that c cycles through: one at a
// time (in file order, as `keyway run` does by default), then 4, then 8.
func nextConcurrency(n int) int {
	switch n {
	case 1:
		return 4
	case 4:
		return 8
	}
	return 1
}

// updateDetail scrolls the open result; esc closes it.
func (m replayModel) updateDetail(msg tea.KeyPressMsg) (replayModel, tea.Cmd) {
	keys := m.c.keys.Replay
	switch {
	case key.Matches(msg, m.c.keys.Global.Back, keys.Open):
		m.open = false
	case key.Matches(msg, keys.Cancel):
		m.Cancel()
	case key.Matches(msg, keys.Up):
		m.detail.ScrollUp(1)
	case key.Matches(msg, keys.Down):
		m.detail.ScrollDown(1)
	default:
		var cmd tea.Cmd
		m.detail, cmd = m.detail.Update(msg)
		return m, cmd
	}
	return m, nil
}

// SetSize sets the area the screen draws in.
func (m *replayModel) SetSize(width, height int) {
	m.width, m.height = width, height
	m.detail.SetWidth(max(width, 1))
	m.detail.SetHeight(max(height-1, 1))
	m.bar.SetWidth(max(width-14, 10))
	if m.open {
		m.refreshDetail()
	}
}

// ShortHelp returns the keys that matter now, for the footer.
func (m replayModel) ShortHelp() []key.Binding {
	keys := m.c.keys.Replay
	back := m.c.keys.Global.Back
	if m.open {
		back.SetHelp(back.Help().Key, "close")
		return []key.Binding{keys.Up, keys.Down, back}
	}
	// Most important first: the root drops keys from the end to fit.
	if m.running {
		return []key.Binding{keys.Cancel, keys.Open, keys.Up, keys.Down}
	}
	return []key.Binding{keys.Run, keys.Open, keys.FailFast, keys.Concurrency, back, keys.Up, keys.Down}
}

// FullHelp returns every key of the screen, for the help overlay.
func (m replayModel) FullHelp() [][]key.Binding {
	keys := m.c.keys.Replay
	return [][]key.Binding{
		{keys.Up, keys.Down, keys.Open},
		{keys.Run, keys.Cancel, keys.FailFast, keys.Concurrency},
		{m.detail.KeyMap.PageUp, m.detail.KeyMap.PageDown},
		m.c.keys.Global.globalHelp(),
	}
}
