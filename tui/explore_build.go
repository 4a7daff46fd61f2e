package tui

import (
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// openImport opens the paste (text is what was pasted, if anything) or
// file import dialog.
func (m exploreModel) openImport(kind importKind, text string) (exploreModel, tea.Cmd) {
	d, cmd := newImportDialog(m.c, kind, text)
	m.imp = &d
	m.SetSize(m.width, m.height)
	return m, cmd
}

// updateImport passes msg to the import dialog and closes it when done.
func (m exploreModel) updateImport(msg tea.Msg) (exploreModel, tea.Cmd) {
	d, cmd, done := m.imp.Update(msg)
	m.imp = &d
	if done {
		m.imp = nil
	}
	m.SetSize(m.width, m.height)
	return m, cmd
}

// importLimit is the most lines the import dialog's pane takes: all but
// five, which the response keeps, so what an import reports is seldom
// scrolled.
func importLimit(height int) int { return max(height-5, 7) }

// openChecks opens the expectations and captures form of r.
func (m exploreModel) openChecks(r *collections.Request) (exploreModel, tea.Cmd) {
	f, cmd := newChecksForm(m.c, r)
	m.checks = &f
	m.SetSize(m.width, m.height)
	return m, cmd
}

// updateChecks passes msg to the checks form and closes it when done.
func (m exploreModel) updateChecks(msg tea.Msg) (exploreModel, tea.Cmd) {
	f, cmd, done := m.checks.Update(msg)
	m.checks = &f
	if done {
		m.checks = nil
	}
	m.SetSize(m.width, m.height)
	return m, cmd
}
