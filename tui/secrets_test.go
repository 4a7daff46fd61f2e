package tui

import (
	"github.com/keyway-cli/keyway/collections/run"
	"strings"
	"testing"
	"time"
)

// canaryStore is a secret store holding one canary value.
type canaryStore struct{ gets int }

const canary = "canary-S3CRET-value"

func (s *canaryStore) Get(name string) (string, error) {
	s.gets++
	return canary, nil
}

// TestSecretsNeverOnScreen follows a secret from the store through the
// preview (masked without reading the store), the send and a response that
// echoes it (redacted).
func TestSecretsNeverOnScreen(t *testing.T) {
	m, eng := newTestModel(t, 120, 40, true)
	store := &canaryStore{}
	m.c.session.secrets = store
	m.c.coll.Requests[0].Headers = append(m.c.coll.Requests[0].Headers,
		collectionsKV("Authorization", "Bearer {{secret:token}}"))
	m = feed(m, 0, collectionChangedMsg{})
	if store.gets != 0 {
		t.Fatal("the preview read the secret store (I/O in Update)")
	}
	if !strings.Contains(screenText(m), "Authorization: Bearer ••••••") {
		t.Fatalf("secret not masked in the preview:\n%s", screenText(m))
	}
	eng.responses["Health"] = jsonResponse(`{"echo":"Bearer ` + canary + `"}`)
	eng.responses["Health"].Header.Set("X-Echo", canary)
	m = feed(m, 2, keyEnter)
	if store.gets == 0 {
		t.Fatal("the send did not use the secret store")
	}
	view := m.View().Content
	if strings.Contains(view, canary) || !strings.Contains(screenText(m), "echo") {
		t.Fatalf("secret on screen or body missing:\n%s", screenText(m))
	}
}

func TestOverlayScreens(t *testing.T) {
	m, _ := newTestModel(t, 80, 24, true)
	m = feed(m, 0, keyChar('v'))
	checkGolden(t, "env_chooser_80x24", screenText(m))
	m = feed(m, 0, keyEsc, keyChar('e'))
	checkGolden(t, "edit_80x24", screenText(m))
	m = feed(m, 0, keyEsc, keyDown, keyDown, keyDown)
	m = feed(m, 3, keyEnter)
	checkGolden(t, "prompt_80x24", screenText(m))
}

// TestTruncatedBodyHidesTheStartOfASecret: a body cut at the body limit
// in the middle of a token shows no part of it.
func TestTruncatedBodyHidesTheStartOfASecret(t *testing.T) {
	const token = "canary-cut-token-77"
	resp := jsonResponse(`{"log":"` + strings.Repeat("x", 100) + `","token":"` + token[:10])
	resp.Header.Set("Content-Type", "text/plain")
	resp.Truncated, resp.Size = true, resp.Size+100
	ex := newExchange(time.Now(), run.Outcome{Response: resp, Secrets: []string{token}})
	if shown := strings.Join(ex.body.lines, "\n"); strings.Contains(shown, token[:5]) || !strings.Contains(shown, "xxx") {
		t.Errorf("the body shows the start of the token:\n%s", shown)
	}
}
