package tui

import (
	"fmt"
	"strings"
	"testing"
)

// TestRequestPaneShowsTheWholeName: the list is narrow and cuts a long
// request name; the request pane shows it in full, wrapped at its spaces
// (issue 13 defect 8).
func TestRequestPaneShowsTheWholeName(t *testing.T) {
	const name = "Delete without the write scope, which the server refuses with 403"
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			m, _ := newTestModel(t, size.w, size.h, true)
			m.explore.c.coll.Requests[0].Name = name
			m.explore.rebuildPreview()
			screen := screenText(m)
			var pane []string
			for _, l := range strings.Split(screen, "\n") {
				if left, right, ok := strings.Cut(l, "││"); ok {
					if strings.Contains(left, name) {
						t.Fatalf("the list shows the name in full at %d columns: the test shows nothing", size.w)
					}
					pane = append(pane, strings.Fields(strings.TrimSuffix(right, "│"))...)
				}
			}
			if !strings.Contains(strings.Join(pane, " "), name) {
				t.Errorf("the request pane does not show %q in full:\n%s", name, screen)
			}
		})
	}
}
