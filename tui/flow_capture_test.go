package tui

import (
	"strings"
	"testing"
)

// TestFlowWalkKeepsCaptures: a walk that ends with "Who am I" sends it as
// Explore does, so its capture of user_id stays in the session and "User by
// id" can be sent next.
func TestFlowWalkKeepsCaptures(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("alice-oauth", "Who am I"))
	if m.err != nil || m.running {
		t.Fatalf("walk failed: %v", m.err)
	}
	if got := m.c.session.captures["user_id"]; got == "" {
		t.Fatalf("the walk kept no user_id; captures %v", m.c.session.captures)
	}
	m, _ = pumpFlow(m, m.Start("alice-oauth", "User by id"))
	if m.err != nil {
		t.Fatalf("User by id after the walk: %v", m.err)
	}
}

// TestFlowDefaultWalkWorksOutOfTheBox: alice-read-only's only request
// needs note_id, which "Create a note" captures; its default walk ends
// with a request it can send now and succeeds. Once note_id is captured,
// the walk ends with its own request; an unresolved capture says, in the
// TUI's words, which request to send — not a command-line flag.
func TestFlowDefaultWalkWorksOutOfTheBox(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("alice-read-only", ""))
	if m.err != nil || m.running {
		t.Fatalf("the default walk of alice-read-only failed: %v", m.err)
	}
	if strings.Contains(m.request, "note") {
		t.Fatalf("the default walk ends with %q, which needs note_id", m.request)
	}
	m, _ = pumpFlow(m, m.Start("alice-read-only", "Delete without the write scope is 403"))
	if m.err == nil || strings.Contains(m.err.Error(), "--var") || !strings.Contains(m.err.Error(), `send "Create a note" first`) {
		t.Fatalf("err = %v, want advice to send Create a note and no --var", m.err)
	}
	m.c.session.captures["note_id"] = "1"
	m, _ = pumpFlow(m, m.Start("alice-read-only", ""))
	if m.request != "Delete without the write scope is 403" {
		t.Fatalf("with note_id captured the walk ends with %q", m.request)
	}
}

// TestFlowWalkWithAnotherProfileKeepsNoCaptures: walking a profile that is
// not the request's own sends the walked profile's credentials, but the
// host limits of the captures would come from the request's own: such a
// walk keeps no capture for the session, so an echo of the walked
// profile's bound secret cannot leave unbound.
func TestFlowWalkWithAnotherProfileKeepsNoCaptures(t *testing.T) {
	m := newDemoFlow(t)
	m, _ = pumpFlow(m, m.Start("alice-read-only", "Who am I"))
	if m.err != nil || m.running {
		t.Fatalf("walk failed: %v", m.err)
	}
	if got, ok := m.c.session.captures["user_id"]; ok {
		t.Fatalf("a walk with another profile kept user_id = %q", got)
	}
}
