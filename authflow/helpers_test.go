package authflow

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// received is one request as a test server saw it.
type received struct {
	Method string
	Host   string
	URL    string
	Header http.Header
	Body   string
}

// recordingServer starts a server that records every request it receives
// and answers with handler.
type recordingServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
}

func newRecordingServer(t *testing.T, handler http.HandlerFunc) *recordingServer {
	t.Helper()
	s := &recordingServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, received{r.Method, r.Host, r.URL.String(), r.Header.Clone(), string(body)})
		s.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		handler(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *recordingServer) got() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.requests...)
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// jsonHandler answers every request with status and body as JSON.
func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// send is Client.Send with a background context and no options.
func send(t *testing.T, c *Client, p *Profile, req Request) (*Response, *Flow, error) {
	t.Helper()
	return c.Send(context.Background(), p, req, SendOptions{})
}

// lastStep returns the flow's last step.
func lastStep(f *Flow) Step { return f.Steps[len(f.Steps)-1] }

// stepTitled returns the first step with the title, failing when none.
func stepTitled(t *testing.T, f *Flow, title string) Step {
	t.Helper()
	for _, s := range f.Steps {
		if s.Title == title {
			return s
		}
	}
	t.Fatalf("no step %q in %v", title, stepTitles(f))
	return Step{}
}

func stepTitles(f *Flow) []string {
	var titles []string
	for _, s := range f.Steps {
		titles = append(titles, s.Title)
	}
	return titles
}
