package tomldoc

import "testing"

// TestTreeImplicitTableTakesItsHeader: a table first made by a longer
// header is positioned at its own header once that comes, for the
// messages the decoder writes about it.
func TestTreeImplicitTableTakesItsHeader(t *testing.T) {
	data := []byte("[a.b]\nx = 1\n\n[a]\ny = 2\n")
	doc, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	lines := doc.Lines
	a := doc.Root.Get("a")
	if line, col := lines.Position(a.Value.Offset); line != 4 || col != 1 {
		t.Errorf("table a at %d:%d, want line 4 col 1", line, col)
	}
	if line, col := lines.Position(a.KeyOffset); line != 4 || col != 2 {
		t.Errorf("key a at %d:%d, want line 4 col 2", line, col)
	}
	if a.Value.Get("b") == nil || a.Value.Get("y") == nil {
		t.Errorf("table a lost keys: %+v", a.Value.Entries)
	}
}
