package tui

import (
	"errors"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/report"
	"github.com/keyway-cli/keyway/collections/run"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// The history kept across sessions (collections/store/history): every response
// an Explore send received is appended, masked, to the open collection's
// history file. Walks and replays are not: a walk is a lesson whose token
// requests and revealed steps are not responses the user asked for, and a
// replay of a thousand requests would push every Explore response out of
// the bounds (its results are what a --report keeps).

// demoHistoryKey names the built-in demo's history: it has no file of the
// user's, and its port changes with every start.
const demoHistoryKey = "keyway demo (built-in collection)"

// openHistory returns the history of the collection at path (the demo's
// when demo), in history.Dir(); nil and the reason when there is none.
func openHistory(path string, demo bool) (*history.Store, error) {
	dir, err := history.Dir()
	if err != nil {
		return nil, err
	}
	key := demoHistoryKey
	if !demo {
		if path == "" {
			return nil, errors.New("the collection has no file")
		}
		if key, err = filepath.Abs(path); err != nil {
			return nil, err
		}
	}
	return history.Open(dir, key)
}

// historyAppendedMsg carries the outcome of keeping one response.
type historyAppendedMsg struct{ err error }

// appendHistoryCmd keeps e in store, off the UI goroutine (it takes a lock
// across processes and may rewrite the file).
func appendHistoryCmd(store *history.Store, e history.Entry) tea.Cmd {
	return func() tea.Msg { return historyAppendedMsg{err: store.Append(e)} }
}

// historyLoadedMsg carries the history as read.
type historyLoadedMsg struct {
	loaded history.Loaded
	err    error
}

// loadHistoryCmd reads store off the UI goroutine.
func loadHistoryCmd(store *history.Store) tea.Cmd {
	return func() tea.Msg {
		loaded, err := store.Load()
		return historyLoadedMsg{loaded: loaded, err: err}
	}
}

// historyError is what the user reads when the history could not be kept
// or read.
func historyError(err error) string { return err.Error() }

// entryExchange turns a kept entry into the exchange the response pane
// shows, so that a stored response looks as it did when it arrived. Its
// texts are already masked: no redactor is needed.
func entryExchange(e history.Entry) *exchange {
	res := run.Outcome{Result: report.Result{Name: e.Request, Folder: e.Folder, Method: e.Method, URL: e.URL,
		Status: e.Status, Error: e.Error, Passed: e.Passed, Duration: e.Duration()}}
	if e.Received == nil {
		if e.Error != "" {
			res.Err = errors.New(e.Error)
		}
		return newExchange(e.Time, res)
	}
	m := e.Received
	proto, status, _ := strings.Cut(m.StartLine, " ")
	resp := &authflow.Response{Proto: proto, Status: status, StatusCode: e.Status,
		Header: http.Header{}, Size: m.BodySize, Duration: e.Duration(), Truncated: m.Cut}
	for _, h := range m.Headers {
		resp.Header[h.Name] = append(resp.Header[h.Name], h.Value)
	}
	body := m.Body
	if m.Binary {
		body = "(a binary body of " + humanSize(m.BodySize) + ": not kept in the history)"
		resp.Header.Set("Content-Type", "text/plain")
	}
	resp.Body = []byte(strings.TrimSuffix(body, authflow.CutMark))
	res.Response = resp
	return newExchange(e.Time, res)
}

// entryText is an entry's response as the diff compares it: the status
// line, the header fields and the body, one per line.
func entryText(e history.Entry) string {
	var b strings.Builder
	if e.Received == nil {
		b.WriteString("(no response)")
		if e.Error != "" {
			b.WriteString(": " + e.Error)
		}
		b.WriteString("\n")
		return b.String()
	}
	b.WriteString(e.Received.StartLine + "\n")
	for _, h := range e.Received.Headers {
		b.WriteString(h.Name + ": " + h.Value + "\n")
	}
	if n := e.Received.HeadersLeft; n > 0 {
		b.WriteString("(" + strconv.Itoa(n) + " more header fields not kept)\n")
	}
	b.WriteString("\n")
	body := e.Received.Body
	if e.Received.Binary {
		body = "(a binary body of " + humanSize(e.Received.BodySize) + ": not kept)"
	}
	b.WriteString(body)
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

// entryTime is how the history shows when an entry was received: the
// time alone today, the date too before.
func entryTime(t, now time.Time, loc *time.Location) string {
	t = t.In(loc)
	if y, m, d := now.In(loc).Date(); t.Year() == y && t.Month() == m && t.Day() == d {
		return t.Format("15:04:05")
	}
	return t.Format("Jan 02 15:04")
}
