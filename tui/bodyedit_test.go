package tui

import (
	"github.com/keyway-cli/keyway/collections"
	"os"
	"strings"
	"testing"
)

func TestBodyEditWritesTempFileAndSavesOnlyTheBody(t *testing.T) {
	m, eng := newTestModel(t, 100, 30, true)
	r := m.c.coll.Request("Create token")
	msgs := execCmd(editBodyCmd(r))
	if len(msgs) != 1 {
		t.Fatalf("msgs %v", msgs)
	}
	file := msgs[0].(bodyFileMsg)
	if file.err != nil {
		t.Fatal(file.err)
	}
	data, err := os.ReadFile(file.path)
	os.Remove(file.path)
	if err != nil || string(data) != r.Body {
		t.Fatalf("temp file holds %q, %v", data, err)
	}

	m = feed(m, 3, bodyEditedMsg{req: r, body: `{"grant":"y"}`, changed: true})
	if len(eng.saved) != 1 {
		t.Fatalf("saves %d", len(eng.saved))
	}
	if e := eng.saved[0]; e.Body == nil || *e.Body != `{"grant":"y"}` || e.URL != nil || e.Method != nil || e.Headers != nil {
		t.Fatalf("edit %+v", e)
	}
	if !strings.Contains(screenText(m), "Saved to demo.toml") {
		t.Fatalf("no saved notice:\n%s", screenText(m))
	}

	m = feed(m, 3, bodyEditedMsg{req: r, body: r.Body})
	if len(eng.saved) != 1 || !strings.Contains(screenText(m), "Body unchanged") {
		t.Fatalf("an unchanged body was saved:\n%s", screenText(m))
	}
}

func TestBodyEditRefusesJSONTables(t *testing.T) {
	m, _ := newTestModel(t, 100, 30, true)
	r := m.c.coll.Request("Who am I")
	r.HasJSON, r.JSON = true, map[string]any{"a": 1}
	m = feed(m, 3, execCmd(editBodyCmd(r))...)
	if !strings.Contains(strings.Join(strings.Fields(screenText(m)), " "), "edit it in the collection file") {
		t.Fatalf("no explanation:\n%s", screenText(m))
	}
}

// TestBodyEditRefusesFileBodies: $EDITOR edits text bodies only; a
// multipart table or a body_file is named, not opened.
func TestBodyEditRefusesFileBodies(t *testing.T) {
	for want, set := range map[string]func(r *collections.Request){
		"multipart table":      func(r *collections.Request) { r.Multipart = []collections.Part{{Name: "a", Value: "1"}} },
		"sends the file a.png": func(r *collections.Request) { r.BodyFile = "a.png" },
	} {
		m, _ := newTestModel(t, 100, 30, true)
		r := m.c.coll.Request("Who am I")
		set(r)
		msgs := execCmd(editBodyCmd(r))
		if len(msgs) != 1 || msgs[0].(bodyFileMsg).err == nil || !strings.Contains(msgs[0].(bodyFileMsg).err.Error(), want) {
			t.Errorf("%s: %v", want, msgs)
		}
	}
}

func TestStatusClearsOnNextKey(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 0, statusMsg{text: "hello there"})
	if !strings.Contains(screenText(m), "hello there") {
		t.Fatal("status not shown")
	}
	m = feed(m, 0, keyDown)
	if strings.Contains(screenText(m), "hello there") {
		t.Fatal("status outlived the next key")
	}
}
