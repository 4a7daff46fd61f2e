package tui

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// replayReal returns a replay screen on src, with {{base_url}} at a
// loopback server counting what reaches it, and the real engine.
func replayReal(t *testing.T, src string, lookupEnv func(string) (string, bool)) (replayModel, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	coll, err := collections.Parse("replay.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(map[string]string{"base_url": srv.URL}, nil, nil)
	s.lookupEnv = lookupEnv
	c := newCommon(coll, "", s, realEngine{})
	c.styles = newStyles(true, true)
	c.noColor = true
	m := newReplayModel(c)
	m.SetSize(80, 24)
	return m, &hits
}

// A replay that needs a {{prompt}} with no answer asks it before sending
// anything.
func TestReplayAsksAPromptBeforeSending(t *testing.T) {
	m, hits := replayReal(t, `name = "Ask"
[[request]]
name = "first"
url = "{{base_url}}/first"
[[request]]
name = "login"
url = "{{base_url}}/login?code={{prompt:Code}}"
`, nil)
	m, seen := pump(m, m.Start(""))
	asked := ""
	for _, msg := range seen {
		if need, ok := msg.(needPromptMsg); ok {
			asked = need.label
		}
	}
	if asked != "Code" || !m.prompting {
		t.Errorf("asked %q (prompting=%v), want Code: %#v", asked, m.prompting, seen)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent before the question", n)
	}
}

// A replay resolves each request once and reads each environment
// variable once: it used to resolve every request to look for prompts,
// then again to send it.
func TestReplayResolvesEachRequestOnce(t *testing.T) {
	reads := 0
	m, hits := replayReal(t, `name = "Once"
[[request]]
name = "a"
url = "{{base_url}}/a"
headers = { X-Key = "{{env:KEY}}" }
[[request]]
name = "b"
url = "{{base_url}}/b"
headers = { X-Key = "{{env:KEY}}" }
[[request]]
name = "c"
url = "{{base_url}}/c"
headers = { X-Key = "{{env:KEY}}" }
`, func(string) (string, bool) { reads++; return "key-value", true })
	m, _ = pump(m, m.Start(""))
	if m.running || m.finished() != 3 || hits.Load() != 3 {
		t.Fatalf("replay: running=%v finished=%d sent=%d", m.running, m.finished(), hits.Load())
	}
	if reads != 1 {
		t.Errorf("KEY was read %d times for a replay of three requests, want once", reads)
	}
}
