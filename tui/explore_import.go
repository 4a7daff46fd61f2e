package tui

import (
	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/edit"
)

// appendToCollectionCmd adds fragment — [vars] keys, [profile.NAME] and
// [[request]] tables, as collections/importer's Write produces them — to
// the open collection and saves it (edit.AppendTables: every byte
// of the file kept, the fragment's tables as written). The outcome arrives
// as a dialogSavedMsg, which the explore screen handles with or without a
// dialog open: selectName is selected in the reloaded list; an error (a
// name the collection already has, a variable with another value) is
// shown and nothing is written.
//
// It is the seam for pasting a curl command and for importing a file into
// the open collection: run the importer in a command, then return this.
func appendToCollectionCmd(eng engine, coll *collections.Collection, fragment []byte, selectName string) tea.Cmd {
	return saveSourceCmd(eng, coll, func(src []byte) ([]byte, error) {
		return edit.AppendTables(src, fragment)
	}, selectName)
}
