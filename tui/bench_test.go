package tui

import (
	"bytes"
	"fmt"
	"github.com/keyway-cli/keyway/collections/run"
	"testing"
	"time"
)

// bigJSON returns about n bytes of minified JSON.
func bigJSON(n int) string {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"user %d","tags":["x","y"],"ok":true}`, i, i)
	}
	b.WriteByte(']')
	return b.String()
}

// BenchmarkResponseKeypress measures what issue 4's "keypress while viewing
// a 10 MB JSON response" costs: one scroll key through the root's Update
// and a full frame from View.
func BenchmarkResponseKeypress(b *testing.B) {
	m, _ := newTestModel(b, 120, 40, true)
	ex := newExchange(time.Now(), run.Outcome{Response: jsonResponse(bigJSON(10 << 20))})
	m = feed(m, 0, keyEnter)
	m = feed(m, 0, sentMsg{id: m.explore.inflight.id, request: "Health", ex: ex}, keyTab)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		key := keyDown
		if i%200 >= 100 {
			key = keyChar('k')
		}
		nm, _ := m.Update(key)
		m = nm.(model)
		_ = m.View()
	}
}

// BenchmarkPrepareBody measures the one-off work on a 10 MB JSON body,
// done in the send command: pretty-printing, sanitising, splitting.
func BenchmarkPrepareBody(b *testing.B) {
	resp := jsonResponse(bigJSON(10 << 20))
	b.SetBytes(int64(len(resp.Body)))
	for range b.N {
		newExchange(time.Now(), run.Outcome{Response: resp})
	}
}
