package tui

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// Get makes fakeStore the session's secret source too.
func (s *fakeStore) Get(name string) (string, error) {
	if v, ok := s.values[name]; ok {
		return v, nil
	}
	return "", errors.New("no secret " + name)
}

// TestNewUserImportsAndSends is a new user's first minutes: keyway on a
// file that does not exist, a Chrome "Copy as cURL" line and a Stripe-docs
// curl pasted, a .http file imported, each sent to a local server that
// must receive what the source sent (method, path, credentials, body).
// The file is written by the real engine and must load at every step.
func TestNewUserImportsAndSends(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.RequestURI()+" auth="+r.Header.Get("Authorization")+" cookie="+r.Header.Get("Cookie")+" body="+string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "new.toml")
	coll, err := collections.Parse(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := &fakeStore{}
	s := newSession(nil, store, nil)
	s.store = store
	m := feed(newModel(newCommon(coll, "", s, realEngine{})), 0, tea.WindowSizeMsg{Width: 120, Height: 40})
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(got) == 0 {
			return ""
		}
		return got[len(got)-1]
	}
	sendSelected := func(want ...string) {
		t.Helper()
		m = feedAll(m, keyEnter)
		for _, w := range want {
			if !strings.Contains(last(), w) {
				t.Errorf("the server got %q, want %q in it\n%s", last(), w, screenText(m))
			}
		}
	}
	paste := func(text string) {
		t.Helper()
		m = feed(m, 4, tea.PasteMsg{Content: text}, keyCtrlS2)
		if m.explore.imp != nil && m.explore.imp.result == nil {
			t.Fatalf("the paste was not added:\n%s", screenText(m))
		}
		m = feed(m, 2, keyEsc)
	}

	chrome := "curl '" + srv.URL + "/api/items?page=1' \\\n" +
		"  -H 'accept: application/json, text/plain, */*' \\\n" +
		"  -H 'accept-language: en-GB,en;q=0.9' \\\n" +
		"  -H 'cookie: session=chrome-canary-cookie; theme=dark' \\\n" +
		"  -H 'sec-ch-ua: \"Chromium\";v=\"131\"' \\\n" +
		"  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0' \\\n" +
		"  --compressed"
	paste(chrome)
	if data, _ := os.ReadFile(path); !strings.HasPrefix(string(data), "# Imported by keyway import curl") || !strings.Contains(string(data), "\nname = \"127.0.0.1:") {
		t.Errorf("the first import into a new file is not written whole, name and notes included:\n%s", data)
	}
	sendSelected("GET /api/items?page=1", "cookie=session=chrome-canary-cookie")

	stripe := "curl " + srv.URL + "/v1/charges \\\n" +
		"  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\\n" +
		"  -d amount=2000 \\\n  -d currency=usd \\\n  -d \"description=My First Test Charge\""
	paste(stripe)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("sk_test_4eC39HqLyjWDarjtT1zdp7dc:"))
	sendSelected("POST /v1/charges", "auth="+basic, "amount=2000", "currency=usd")

	httpFile := filepath.Join(dir, "api.http")
	if err := os.WriteFile(httpFile, []byte("@base = "+srv.URL+"\n\n### List items\n# @name list\nGET {{base}}/items\nAccept: application/json\n\n### Create an item\nPOST {{base}}/items\nContent-Type: application/json\n\n{\"name\": \"pen\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = feed(m, 1, keyChar('I'))
	m = feed(m, 4, append(typeText(httpFile), keyEnter)...)
	if m.explore.imp != nil && m.explore.imp.result == nil {
		t.Fatalf("the file was not imported:\n%s", screenText(m))
	}
	m = feed(m, 2, keyEsc)
	sendSelected("GET /items")
	m = feed(m, 1, keyDown)
	sendSelected("POST /items", `body={"name": "pen"}`)

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "canary") || strings.Contains(string(data), "sk_test") {
		t.Fatalf("a secret is in the file:\n%s", data)
	}
	if _, err := collections.Parse(path, data); err != nil {
		t.Fatal(err)
	}
	t.Logf("new.toml after two pastes and an import:\n%s", data)
}
