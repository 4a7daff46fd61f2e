package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// itoa formats a count.
func itoa(n int) string { return strconv.Itoa(n) }

// tabLabels are the screen tabs as drawn, "1 Explore" and so on.
func (m *model) tabLabels() []string {
	screens := m.screens()
	out := make([]string, len(screens))
	for i, s := range screens {
		out[i] = itoa(i+1) + " " + s.name()
	}
	return out
}

// tabsWidth is the width of the tab strip: labels two spaces apart.
func (m *model) tabsWidth() int {
	w := 0
	for _, l := range m.tabLabels() {
		w += len(l) + 2
	}
	return w - 2
}

// tabRanges returns each tab's [start, end) columns in the header, for
// mouse clicks; the strip is right-aligned.
func (m *model) tabRanges() [][2]int {
	x := max(m.c.width-m.tabsWidth(), 0)
	var out [][2]int
	for _, l := range m.tabLabels() {
		out = append(out, [2]int{x, x + len(l)})
		x += len(l) + 2
	}
	return out
}

// header is the top bar: app, collection and environment on the left,
// screen tabs on the right.
func (m *model) header() string {
	st := m.c.styles
	w := m.c.width
	var tabs []string
	for i, l := range m.tabLabels() {
		if screenID(i) == m.active {
			tabs = append(tabs, st.ActiveTab.Render(l))
		} else {
			tabs = append(tabs, st.Tab.Render(l))
		}
	}
	right := strings.Join(tabs, "  ")
	room := w - m.tabsWidth() - 2
	if room < 10 {
		return padRight(ansi.Truncate(m.headerLeft(w), w, "…"), w)
	}
	return padRight(m.headerLeft(room), w-m.tabsWidth()) + right
}

// headerLeft is the left of the header in at most room cells. The
// environment, and whether --var wins over it, matter most: they say
// where requests go. When the whole does not fit, the app's name goes
// first, then the demo mark, and the collection's name is cut last.
func (m model) headerLeft(room int) string {
	st := m.c.styles
	env := printableLine(m.c.env)
	if env == "" {
		env = "none"
	}
	envPart := st.Muted.Render("env ") + env
	if len(overriddenVars(m.c, m.c.env)) > 0 {
		envPart += st.Warn.Render(" (--var wins)")
	}
	name := ""
	if m.c.coll != nil {
		name = printableLine(m.c.coll.Name)
	}
	title, demo := st.Title.Render("keyway")+"  ", ""
	if m.c.demo {
		demo = st.Muted.Render("  (demo)")
	}
	join := func() string { return title + name + "  " + envPart + demo }
	if ansi.StringWidth(join()) > room {
		title = ""
	}
	if ansi.StringWidth(join()) > room {
		demo = ""
	}
	if over := ansi.StringWidth(join()) - room; over > 0 {
		name = ansi.Truncate(name, max(ansi.StringWidth(name)-over, 1), "…")
	}
	return ansi.Truncate(join(), room, "…")
}
