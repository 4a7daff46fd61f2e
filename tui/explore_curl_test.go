package tui

import (
	"strings"
	"testing"

	"charm.land/bubbletea/v2"
	"github.com/keyway-cli/keyway/collections"
)

// TestCopyAsCurlShowsItsNotes: at 80×24, copying an OAuth2 password-grant
// request as curl shows, in full, that the command needs jq and that the
// client secret must be form-encoded (RFC 6749 §2.3.1) — and never the
// secret itself; the next key puts the request back.
func TestCopyAsCurlShowsItsNotes(t *testing.T) {
	const secret = "kw-canary+secret/42"
	coll, err := collections.Parse("c.toml", []byte(`
[vars]
base_url = "https://api.test"
[profile.alice]
type = "oauth2-password"
token_url = "{{base_url}}/oauth/token"
client_id = "app"
client_secret = "`+secret+`"
username = "alice"
password = "kw-canary-password"
[[request]]
name = "Who am I"
url = "{{base_url}}/me"
profile = "alice"
`))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "")
	m := newModel(newCommon(coll, "", newSession(nil, nil, nil), realEngine{}))
	m = feed(m, 0, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = feed(m, 3, keyChar('y'))
	view := m.View().Content
	checkFits(t, view, 80, 24)
	screen := strings.Join(strings.Fields(screenText(m)), " ")
	for _, want := range []string{"Copied as curl", "jq to read access_token", "§2.3.1 form-encodes", "encode its variable the same way.", "$KEYWAY_PASSWORD"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screenText(m))
		}
	}
	if strings.Contains(screen, secret) || strings.Contains(screen, "kw-canary-password") {
		t.Fatalf("a secret is on screen:\n%s", screenText(m))
	}
	m = feed(m, 0, keyDown)
	if strings.Contains(screenText(m), "jq to read") {
		t.Fatalf("the notes stay after a key:\n%s", screenText(m))
	}
}
