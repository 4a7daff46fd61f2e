package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/collections"
)

// downs returns n presses of down.
func downs(n int) []tea.Msg {
	out := make([]tea.Msg, n)
	for i := range out {
		out[i] = keyDown
	}
	return out
}

// keys joins key presses and typed text into one sequence.
func keys(parts ...any) []tea.Msg {
	var out []tea.Msg
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			out = append(out, typeText(p)...)
		case []tea.Msg:
			out = append(out, p...)
		default:
			out = append(out, p)
		}
	}
	return out
}

// The new OAuth2 types are set up in the form: the file gets each type's
// keys and no secret, a typed client secret goes to the store, and an
// edit saved without changes leaves every byte of the file alone.
func TestProfileFormOAuth2Types(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keys    []tea.Msg
		file    string // the profile's table as written
		secrets map[string]string
	}{{
		name: "client-credentials",
		keys: keys(keyChar('n'), downs(4), keyEnter, "svc", keyEnter,
			keyEnter, keyEnter, // issuer empty, token endpoint as filled in
			"svc", keyEnter, downs(2), keyEnter, // client_id, client_auth body
			"read write", keyEnter,
			"audience=https://api.example.com", keyEnter, "{{base_url}}/oauth/revoke", keyEnter, keyEnter,
			keyEnter, profileCanary, keyEnter), // client secret: typed, to the store
		file: "[profile.svc]\ntype = \"oauth2-client-credentials\"\ntoken_url = \"{{base_url}}/oauth/token\"\n" +
			"client_id = \"svc\"\nclient_secret = \"{{secret:svc-client-secret}}\"\nclient_auth = \"body\"\n" +
			"scopes = [\"read\", \"write\"]\nparams = { audience = \"https://api.example.com\" }\n" +
			"revocation_url = \"{{base_url}}/oauth/revoke\"\n",
		secrets: map[string]string{"svc-client-secret": profileCanary},
	}, {
		name: "private-key-jwt",
		keys: keys(keyChar('n'), downs(4), keyEnter, "jwt", keyEnter,
			"{{base_url}}", keyEnter, keyEnter,
			"svc", keyEnter, downs(4), keyEnter, // private_key_jwt
			"keys/svc.pem", keyEnter, downs(6), keyEnter, "k1", keyEnter, // ES256
			keyEnter, keyEnter, keyEnter, keyEnter),
		file: "[profile.jwt]\ntype = \"oauth2-client-credentials\"\nissuer = \"{{base_url}}\"\n" +
			"token_url = \"{{base_url}}/oauth/token\"\nclient_id = \"svc\"\nclient_auth = \"private_key_jwt\"\n" +
			"assertion_key = \"keys/svc.pem\"\nassertion_alg = \"ES256\"\nassertion_kid = \"k1\"\n",
	}, {
		name: "authorization-code",
		keys: keys(keyChar('n'), downs(5), keyEnter, "web", keyEnter,
			keyEnter, "{{base_url}}/authorize", keyEnter, keyEnter,
			keyEnter, keyEnter, // free loopback port, S256
			"cli", keyEnter, downs(3), keyEnter, // a public client
			"openid", keyEnter, keyEnter, keyEnter, keyEnter),
		file: "[profile.web]\ntype = \"oauth2-authorization-code\"\nauthorize_url = \"{{base_url}}/authorize\"\n" +
			"token_url = \"{{base_url}}/oauth/token\"\nclient_id = \"cli\"\nclient_auth = \"none\"\nscopes = [\"openid\"]\n",
	}, {
		name: "device-code",
		keys: keys(keyChar('n'), downs(6), keyEnter, "tv", keyEnter,
			"{{base_url}}", keyEnter, keyEnter, keyEnter, // device endpoint discovered
			"tv", keyEnter, downs(3), keyEnter,
			keyEnter, keyEnter, keyEnter, keyEnter),
		file: "[profile.tv]\ntype = \"oauth2-device-code\"\nissuer = \"{{base_url}}\"\n" +
			"token_url = \"{{base_url}}/oauth/token\"\nclient_id = \"tv\"\nclient_auth = \"none\"\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			m, store := newProfilesTest(t, 120, 40)
			m = feedProfiles(m, 3, tc.keys...)
			m, _ = submitProfiles(t, m, keyEnter)
			if m.err != nil {
				t.Fatal(m.err)
			}
			file, _ := os.ReadFile(m.c.coll.Path)
			if !strings.HasSuffix(string(file), "\n"+tc.file) && !strings.Contains(string(file), "\n"+tc.file+"\n") {
				t.Fatalf("the file holds\n%s\nwant the table\n%s", file, tc.file)
			}
			if strings.Contains(string(file), profileCanary) {
				t.Fatal("the secret reached the file")
			}
			if fmt.Sprint(map[string]string(store)) != fmt.Sprint(tc.secrets) && (len(store) != 0 || len(tc.secrets) != 0) {
				t.Fatalf("store = %v; want %v", store, tc.secrets)
			}
			// Edit it and save with every answer kept: not a byte moves.
			coll, err := collections.Load(m.c.coll.Path)
			if err != nil {
				t.Fatal(err)
			}
			m.c.coll = coll
			m.OpenForm(coll.Profiles[coll.ProfileNames[len(coll.ProfileNames)-1]])
			saved := 0
			m.save = func(s profileSave) tea.Cmd {
				saved++
				msg := saveProfileCmd(s)()
				return func() tea.Msg { return msg }
			}
			for i := 0; i < 40 && saved == 0; i++ {
				m = feedProfiles(m, 3, keyEnter)
			}
			if saved != 1 || m.err != nil {
				t.Fatalf("the edit did not save (%v):\n%s", m.err, ansi.Strip(m.View()))
			}
			again, _ := os.ReadFile(m.c.coll.Path)
			if string(again) != string(file) {
				t.Fatalf("an unchanged edit rewrote the file:\n%s", again)
			}
		})
	}
}

// A params value the form cannot show as name=value (it holds a space)
// is kept as the file has it while the field is left alone.
func TestProfileDraftKeepsParams(t *testing.T) {
	p := &collections.Profile{Name: "svc", Type: "oauth2-client-credentials", TokenURL: "http://x/token", ClientID: "svc",
		Params: []collections.KV{{Key: "audience", Value: "my api"}}}
	d := newProfileDraft(p, false)
	if got := d.profile().Params; len(got) != 1 || got[0].Value != "my api" {
		t.Fatalf("params = %v", got)
	}
	d.Params = "resource=https://api"
	if got := d.profile().Params; len(got) != 1 || got[0] != (collections.KV{Key: "resource", Value: "https://api"}) {
		t.Fatalf("params = %v", got)
	}
	for _, bad := range []string{"audience", "=x", "scope=a", "a=1 a=2"} {
		if validateParams(bad) == nil {
			t.Errorf("params %q accepted", bad)
		}
	}
}

const oauth2ProfilesTOML = `[vars]
base_url = "http://127.0.0.1:8080"

[profile.service-account]
type = "oauth2-client-credentials"
token_url = "{{base_url}}/oauth/token"
client_id = "svc"
client_secret = "{{secret:svc-client-secret}}"
scopes = ["read"]
params = { audience = "https://api.example.com" }

[profile.browser-login]
type = "oauth2-authorization-code"
issuer = "{{base_url}}"
client_id = "cli"
client_auth = "none"
scopes = ["openid", "profile"]

[profile.tv-login]
type = "oauth2-device-code"
issuer = "{{base_url}}"
token_url = "{{base_url}}/oauth/token"
client_id = "tv"
client_auth = "private_key_jwt"
assertion_key = "keys/tv.pem"
assertion_alg = "ES256"
`

// The Profiles screen shows each OAuth2 type's keys, and which endpoints
// come from the issuer's metadata; the form's endpoint page of the
// authorization code grant.
func TestProfilesOAuth2ScreensGolden(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keyway.toml")
			if err := os.WriteFile(path, []byte(oauth2ProfilesTOML), 0o644); err != nil {
				t.Fatal(err)
			}
			coll, err := collections.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			c := newCommon(coll, "", newSession(nil, memoryStore{}, nil), &fakeEngine{})
			c.styles, c.noColor = newStyles(true, true), true
			m := newProfilesModel(c)
			m.SetSize(size.w, size.h)
			coll.Path = "keyway.toml"
			for i, name := range coll.ProfileNames {
				m.selected = i
				checkFits(t, m.View(), size.w, size.h)
				checkGolden(t, fmt.Sprintf("%s_%dx%d", name, size.w, size.h), ansi.Strip(m.View()))
			}
			coll.Path = path
			m = feedProfiles(m, 3, keys(keyChar('n'), downs(5), keyEnter, "web", keyEnter)...)
			checkFits(t, m.View(), size.w, size.h)
			checkGolden(t, fmt.Sprintf("form_authorization_code_%dx%d", size.w, size.h), ansi.Strip(m.View()))
		})
	}
}
