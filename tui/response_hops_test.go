package tui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/run"
)

// TestRedirectHopsShown: a request redirected within its origin, then to
// another, shows both hops under the summary, the second saying the
// credentials were removed (sent through the real engine and authflow).
func TestRedirectHopsShown(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"at":"other"}`))
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hello":
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
		case "/moved":
			http.Redirect(w, r, other.URL+"/final", http.StatusFound)
		}
	}))
	defer srv.Close()
	c := newCommon(loadReal(t, srv.URL), "", newSession(nil, nil, nil), realEngine{})
	m := feed(newModel(c), 0, tea.WindowSizeMsg{Width: 160, Height: 30})
	m = feedAll(m, keyEnter)
	screen := screenText(m)
	for _, want := range []string{
		"↪ 301 Moved Permanently → " + srv.URL + "/moved",
		"↪ 302 Found, credentials removed (another origin) → " + other.URL + "/final",
		`"at": "other"`,
	} {
		found := false
		for _, line := range strings.Split(screen, "\n") {
			found = found || strings.HasSuffix(strings.TrimRight(line, " │"), want)
		}
		if !found {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
}

// hopsExchange is a send redirected twice, the second time to another
// origin, with a token in the first Location's query.
func hopsExchange() *exchange {
	step := func(status int, text, location string) authflow.Step {
		h := http.Header{"Location": {location}}
		return authflow.Step{Title: "Send", Exchange: &authflow.Exchange{Response: &authflow.RecordedResponse{StatusCode: status, Status: text, Header: h}}}
	}
	follow := func(url, credentials string) []authflow.Field {
		return []authflow.Field{{Label: "request", Value: "GET " + url}, {Label: "credentials", Value: credentials}}
	}
	s1 := step(301, "301 Moved Permanently", "/v2/me?token=Sup3rSecretPw")
	s2 := step(302, "302 Found", "https://cdn.example.net/me")
	s2.Fields = follow("http://api.example.com/v2/me?token=Sup3rSecretPw", "kept (same origin)")
	s3 := authflow.Step{Fields: follow("https://cdn.example.net/me", "removed: another origin (scheme, host or port)")}
	flow := &authflow.Flow{Steps: []authflow.Step{s1, s2, s3}}
	return newExchange(time.Now(), run.Outcome{Response: jsonResponse(`{"name":"alice"}`), Flow: flow, Secrets: []string{"Sup3rSecretPw"}})
}

// TestRedirectHopsMasked: the hops read from the flow, each Location as
// followed, a secret in it masked.
func TestRedirectHopsMasked(t *testing.T) {
	hops := hopsExchange().hops
	want := []redirectHop{
		{status: "301 Moved Permanently", location: "http://api.example.com/v2/me?token=" + authflow.Mask},
		{status: "302 Found", location: "https://cdn.example.net/me", dropped: true},
	}
	if len(hops) != len(want) || hops[0] != want[0] || hops[1] != want[1] {
		t.Fatalf("hops %+v, want %+v", hops, want)
	}
}

// TestResponseToolsGolden: the response pane with redirect hops, a search
// and a jq filter applied, at 80×24 and 120×40, dark and light.
func TestResponseToolsGolden(t *testing.T) {
	dir := t.TempDir()
	home, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, dark := range []bool{true, false} {
			m, _ := sentAndFocused(t, size[0], size[1], dark, "Who am I", searchBody)
			m.explore.resp.SetExchange(hopsExchange(), "")
			checkGolden(t, "hops_"+goldenName(size, dark), screenText(m))

			m, _ = sentAndFocused(t, size[0], size[1], dark, "Who am I", searchBody)
			m = feed(m, 0, keyChar('/'))
			m = feed(m, 0, typeText("alice")...)
			m = feed(m, 0, keyEnter, keyChar('n'))
			checkFits(t, m.View().Content, size[0], size[1])
			checkGolden(t, "search_"+goldenName(size, dark), screenText(m))

			m, _ = sentAndFocused(t, size[0], size[1], dark, "Who am I", searchBody)
			m = feed(m, 0, keyChar('|'))
			m = feed(m, 1, typeText("{name, alias} | keys")...)
			m = feed(m, 1, typeText(" |")...)
			checkFits(t, m.View().Content, size[0], size[1])
			checkGolden(t, "filter_"+goldenName(size, dark), screenText(m))

			// Saving over a file that exists asks first.
			m, _ = sentAndFocused(t, size[0], size[1], dark, "Who am I", searchBody)
			m = feed(m, 0, keyChar('w'))
			checkGolden(t, "save_"+goldenName(size, dark), screenText(m))
			// In a folder of its own (and back before the golden files
			// are read): w saves response.json where keyway runs.
			os.WriteFile(filepath.Join(dir, "response.json"), nil, 0o600)
			os.Chdir(dir)
			m = feed(m, 2, keyEnter)
			os.Chdir(home)
			checkFits(t, m.View().Content, size[0], size[1])
			checkGolden(t, "replace_"+goldenName(size, dark), screenText(m))
			os.Remove(filepath.Join(dir, "response.json"))
		}
	}
}
