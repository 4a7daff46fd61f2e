package tui

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/run"
)

func TestBodyKinds(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              []byte
		kind              bodyKind
		first             string
	}{
		{"empty", "application/json", nil, bodyEmpty, ""},
		{"json", "application/json", []byte(`{"a":1}`), bodyJSON, "{"},
		{"json without type", "", []byte(` [1,2] `), bodyJSON, "[1, 2]"},
		{"invalid json is text", "application/json", []byte(`{"a":`), bodyText, `{"a":`},
		{"text", "text/plain", []byte("one\r\ntwo"), bodyText, "one"},
		{"png", "image/png", []byte("\x89PNG\r\n\x1a\n"), bodyBinary, "Binary body: image/png, 8 B kept."},
		{"nul bytes", "text/plain", []byte("ab\x00cd"), bodyBinary, "Binary body: text/plain, 5 B kept."},
		{"latin-1 text", "text/plain", []byte("caf\xe9 ok"), bodyText, "caf\uFFFD ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := newBodyDoc(http.Header{"Content-Type": {tt.contentType}}, tt.body)
			if doc.kind != tt.kind {
				t.Fatalf("kind %d, want %d", doc.kind, tt.kind)
			}
			if tt.first != "" && (len(doc.lines) == 0 || doc.lines[0] != tt.first) {
				t.Fatalf("lines %q", doc.lines)
			}
		})
	}
}

func TestColourJSONLineKeepsText(t *testing.T) {
	style := jsonStyle(true)
	if got := colourJSONLine("  },", style); got != "  }," {
		t.Errorf("punctuation changed: %q", got)
	}
	for _, line := range []string{`  "name": "alice",`, `  "n": {`, `  1.5,`, `  ["a", "b"]`, `  "esc\"aped": null`} {
		got := colourJSONLine(line, style)
		if ansi.Strip(got) != line {
			t.Errorf("colourJSONLine(%q) text = %q", line, ansi.Strip(got))
		}
		if got == line {
			t.Errorf("colourJSONLine(%q) added no colour", line)
		}
	}
	if got := colourJSONLine(`  "k": 1`, nil); got != `  "k": 1` {
		t.Errorf("nil style coloured: %q", got)
	}
	if !strings.Contains(colourJSONLine(`  "k": "v"`, style), style.Key[0]+`"k"`) {
		t.Error("key not coloured as a key")
	}
}

// TestLargeBodyScrolls views a 10 MB JSON body: it is prepared once, and a
// frame renders only the lines on screen (the frame's size is asserted, not
// its speed).
func TestLargeBodyScrolls(t *testing.T) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; b.Len() < 10<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"user %d","tags":["x","y"]}`, i, i)
	}
	b.WriteByte(']')
	m, _ := newTestModel(t, 120, 40, true)
	// The send command's work (pretty-printing, splitting) is done here
	// directly: the test helper drops commands slower than 50 ms.
	big := newExchange(time.Now(), run.Outcome{Response: jsonResponse(b.String())})
	m = feed(m, 0, keyEnter)
	m = feed(m, 0, sentMsg{id: m.explore.inflight.id, request: "Health", ex: big}, keyTab)
	ex := m.explore.resp.ex
	if ex == nil || ex.body.kind != bodyJSON || len(ex.body.lines) < 100000 {
		t.Fatalf("body not prepared as JSON lines")
	}
	m = feed(m, 0, keyChar('G'))
	checkFits(t, m.View().Content, 120, 40)
	if !strings.Contains(screenText(m), "]") {
		t.Errorf("G did not reach the end:\n%s", screenText(m))
	}
}

func FuzzBodyDoc(f *testing.F) {
	f.Add("application/json", []byte(`{"a":[1,"\u001b[31m"]}`))
	f.Add("text/plain", []byte("a\x1b]52;c;eA==\x07b\r\n\tc"))
	f.Add("", []byte("\xff\xfe\x00binary"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		doc := newBodyDoc(http.Header{"Content-Type": {contentType}}, body)
		for _, l := range doc.lines {
			if strings.ContainsAny(l, "\x1b\r\n\x07") || strings.ContainsRune(l, 0x9b) {
				t.Fatalf("control character in display line %q", l)
			}
			if !utf8.ValidString(l) {
				t.Fatalf("invalid UTF-8 in display line %q", l)
			}
			if doc.kind == bodyJSON {
				colourJSONLine(l, jsonStyle(false))
			}
		}
	})
}

func TestNoColorScreen(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	eng := &fakeEngine{responses: map[string]*authflow.Response{"Health": jsonResponse(`{"a":1}`)}}
	c := newCommon(testCollection(), "", newSession(nil, nil, nil), eng)
	m := feed(newModel(c), 2, tea.WindowSizeMsg{Width: 80, Height: 24}, keyEnter)
	view := m.View().Content
	for _, colour := range []string{"[38;", "[48;", "[3", "[9"} {
		if strings.Contains(view, "\x1b"+colour) {
			t.Errorf("NO_COLOR screen has colour %q", colour)
		}
	}
	if !strings.Contains(view, "\x1b[7") && !strings.Contains(view, ";7m") {
		t.Error("selection not shown in reverse video")
	}
	checkGolden(t, "explore_80x24_nocolor", screenText(m))
}

func TestResponseScrollsSideways(t *testing.T) {
	m, eng := newTestModel(t, 80, 24, true)
	long := strings.Repeat("abcdefghij", 30) + "END"
	eng.responses["Health"].Body = []byte(long)
	m = feed(m, 2, keyEnter, keyTab)
	if strings.Contains(screenText(m), "END") {
		t.Fatal("long line not cut")
	}
	right := tea.KeyPressMsg{Code: tea.KeyRight}
	for range 20 {
		m = feed(m, 0, right)
	}
	if !strings.Contains(screenText(m), "END") {
		t.Fatalf("→ did not reach the end of the line:\n%s", screenText(m))
	}
	checkFits(t, m.View().Content, 80, 24)
}
