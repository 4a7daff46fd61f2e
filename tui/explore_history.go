package tui

import (
	"fmt"
	"strings"
)

// What the explore screen keeps of past sends. A response body may be up
// to authflow.DefaultBodyLimit (10 MiB) and is kept prepared for display,
// so a session that sends a large request over and over must not keep
// every answer: each request keeps its last historyPerRequest exchanges,
// and all of them together at most historyMaxBytes, the oldest dropped
// first. The newest exchange is always kept, whatever its size.
const (
	historyPerRequest = 10
	historyMaxBytes   = 64 << 20
)

// sendHistory is the exchanges of this session by request name, newest
// first, with the one on screen for each request. It is shared by the
// copies of the explore model, as its maps would be.
type sendHistory struct {
	perRequest int
	maxBytes   int64

	entries map[string][]historyEntry
	// shown indexes the exchange on screen for each request.
	shown map[string]int
	// dropped counts, per request, the exchanges no longer kept.
	dropped map[string]int
	// bytes is the estimated size of every exchange kept.
	bytes int64
	// seq orders exchanges across requests: the lowest is the oldest.
	seq int
}

// historyEntry is one kept exchange.
type historyEntry struct {
	ex   *exchange
	seq  int
	size int64
}

// newSendHistory returns an empty history keeping at most perRequest
// exchanges per request and maxBytes in all.
func newSendHistory(perRequest int, maxBytes int64) *sendHistory {
	return &sendHistory{
		perRequest: max(perRequest, 1),
		maxBytes:   maxBytes,
		entries:    map[string][]historyEntry{},
		shown:      map[string]int{},
		dropped:    map[string]int{},
	}
}

// add keeps ex as the newest exchange of request name and shows it, then
// drops what no longer fits.
func (h *sendHistory) add(name string, ex *exchange) {
	h.seq++
	e := historyEntry{ex: ex, seq: h.seq, size: ex.size()}
	h.entries[name] = append([]historyEntry{e}, h.entries[name]...)
	h.bytes += e.size
	h.shown[name] = 0
	for len(h.entries[name]) > h.perRequest {
		h.dropOldest(name)
	}
	for h.bytes > h.maxBytes && h.count() > 1 {
		h.dropOldest(h.oldest())
	}
}

// dropOldest forgets the oldest exchange of request name.
func (h *sendHistory) dropOldest(name string) {
	list := h.entries[name]
	last := list[len(list)-1]
	list[len(list)-1] = historyEntry{} // let the exchange be collected
	h.entries[name] = list[:len(list)-1]
	h.bytes -= last.size
	h.dropped[name]++
}

// oldest returns the request whose oldest exchange is the oldest kept.
func (h *sendHistory) oldest() string {
	name, seq := "", 0
	for n, list := range h.entries {
		if len(list) == 0 {
			continue
		}
		if s := list[len(list)-1].seq; name == "" || s < seq {
			name, seq = n, s
		}
	}
	return name
}

// count returns how many exchanges are kept in all.
func (h *sendHistory) count() int {
	n := 0
	for _, list := range h.entries {
		n += len(list)
	}
	return n
}

// len returns how many exchanges of request name are kept.
func (h *sendHistory) len(name string) int { return len(h.entries[name]) }

// next shows the next older exchange of request name, back to the newest
// after the oldest kept; it reports whether there was another to show.
func (h *sendHistory) next(name string) bool {
	if h.len(name) < 2 {
		return false
	}
	h.shown[name] = (h.shown[name] + 1) % h.len(name)
	return true
}

// current returns the exchange of request name on screen (nil before the
// first send) and the note that places it among those kept, which says
// when older ones were dropped.
func (h *sendHistory) current(name string) (*exchange, string) {
	list := h.entries[name]
	if len(list) == 0 {
		return nil, ""
	}
	i := h.shown[name] % len(list)
	var parts []string
	if len(list) > 1 {
		parts = append(parts, fmt.Sprintf("response %d of %d, %s", len(list)-i, len(list), list[i].ex.at.Format("15:04:05")))
	}
	if d := h.dropped[name]; d > 0 {
		parts = append(parts, fmt.Sprintf("%d older dropped", d))
	}
	return list[i].ex, strings.Join(parts, ", ")
}
