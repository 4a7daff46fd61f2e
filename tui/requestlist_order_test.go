package tui

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestListKeepsFileOrder: the list shows requests in the order of the file,
// the order Replay sends them, a folder heading where a run of its requests
// starts; requests without a folder no longer gather at the top (issue 13,
// defect 11).
func TestListKeepsFileOrder(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	m.c.coll.Requests = []*collections.Request{
		{Name: "Login", Folder: "auth", URL: "/login"},
		{Name: "Health", URL: "/health"},
		{Name: "Me", Folder: "users", URL: "/me"},
		{Name: "Logout", Folder: "auth", URL: "/logout"},
		{Name: "Version", URL: "/version"},
	}
	m = feed(m, 0, collectionSavedMsg{coll: m.c.coll})
	var got []string
	for _, row := range m.explore.list.rows {
		if row.req == nil {
			got = append(got, "▾ "+row.folder)
		} else {
			got = append(got, row.req.Name)
		}
	}
	want := "▾ auth|Login|Health|▾ users|Me|▾ auth|Logout|Version"
	if strings.Join(got, "|") != want {
		t.Fatalf("rows %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// TestFilterCountAndEsc: filtered, the title counts the matches ("1 of
// 4"); esc clears an applied filter, and a second esc does what esc did
// before (issue 13, defect 11).
func TestFilterCountAndEsc(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	m = feed(m, 0, keyChar('/'))
	m = feed(m, 0, typeText("token")...)
	m = feed(m, 0, keyEnter)
	screen := screenText(m)
	if !strings.Contains(screen, "Requests (1 of 4)") {
		t.Fatalf("the title does not count the matches:\n%s", screen)
	}
	if !strings.Contains(screen, "esc clear filter") {
		t.Errorf("the key help does not say esc clears the filter:\n%s", screen)
	}
	m = feed(m, 0, keyEsc)
	screen = screenText(m)
	if !strings.Contains(screen, "Requests (4)") || !strings.Contains(screen, "Health") || m.explore.list.Filtered() {
		t.Fatalf("esc did not clear the applied filter:\n%s", screen)
	}
	if r := m.explore.list.Selected(); r == nil || r.Name != "Create token" {
		t.Errorf("clearing the filter lost the selection: %v", r)
	}
	before := screenText(m)
	m = feed(m, 0, keyEsc)
	if screenText(m) != before {
		t.Errorf("a second esc changed the screen:\n%s", screenText(m))
	}
}
