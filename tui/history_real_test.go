package tui

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections/store/history"
)

// TestRealSendKeepsHistoryMasked sends through the real engine to a server
// that echoes the Basic password in JSON, URL-encoded and base64, the
// whole Authorization header, and sets a session cookie: the history file
// holds none of them.
func TestRealSendKeepsHistoryMasked(t *testing.T) {
	const password = "canary pw/+1"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Set-Cookie", "sid=session-canary-77; Path=/; HttpOnly")
		w.Header().Set("X-Echo-Auth", r.Header.Get("Authorization"))
		w.Write([]byte(`{"json":` + mustJSONString(p) + `,"url":"` + url.QueryEscape(p) + `","b64":"` + base64.StdEncoding.EncodeToString([]byte(p)) + `"}`))
	}))
	defer srv.Close()
	c := newCommon(loadReal(t, srv.URL), "", newSession(nil, nil, nil), realEngine{})
	store, err := history.Open(filepath.Join(t.TempDir(), "history"), c.coll.Path)
	if err != nil {
		t.Fatal(err)
	}
	c.history = store
	m := feed(newModel(c), 0, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = feedAll(m, keyDown, keyEnter) // Private, which asks for the password
	m = feed(m, 0, typeText(password)...)
	feedAll(m, keyEnter)

	data, err := os.ReadFile(store.Path())
	if err != nil {
		t.Fatalf("nothing kept: %v", err)
	}
	for name, form := range map[string]string{
		"raw":            password,
		"json":           strings.Trim(mustJSONString(password), `"`),
		"url":            url.QueryEscape(password),
		"base64":         base64.StdEncoding.EncodeToString([]byte(password)),
		"basic":          base64.StdEncoding.EncodeToString([]byte("alice:" + password)),
		"session cookie": "session-canary-77",
	} {
		if strings.Contains(string(data), form) {
			t.Errorf("the %s form %q is in the history:\n%s", name, form, data)
		}
	}
	if !strings.Contains(string(data), `"status":200`) || !strings.Contains(string(data), "sid=••••••; Path=/; HttpOnly") {
		t.Fatalf("the response is not kept as expected:\n%s", data)
	}
}

func mustJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteString(`\` + string(r))
		case '/':
			b.WriteString(`\/`) // JSON may escape a solidus (RFC 8259 §7)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
