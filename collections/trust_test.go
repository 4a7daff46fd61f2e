package collections

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// trustCollection reads outside values in every way a collection can:
// directly, through a variable, in a profile sent with the request, in a
// token request, and in a URL whose host is itself unknown.
const trustCollection = `
name = "untrusted"
version = 1

[vars]
base_url = "https://api.example.com"
auth = "Bearer {{secret:api-token}}"
tenant = "{{env:TENANT}}"

[env.staging]
base_url = "https://staging.example.com:8443"

[profile.key]
type = "apikey"
name = "X-API-Key"
value = "{{env:API_KEY}}"

[profile.oauth]
type = "oauth2-password"
token_url = "https://login.example.net/token"
client_id = "app"
client_secret = "{{secret:client-secret}}"
username = "alice"
password = "{{env:ALICE_PASSWORD}}"

[profile.spare]
type = "bearer"
token = "{{secret:spare}}"

[[request]]
name = "list"
url = "{{base_url}}/items"
headers = { Authorization = "{{auth}}" }
profile = "key"

[[request]]
name = "me"
url = "{{base_url}}/me"
profile = "oauth"

[[request]]
name = "tenant"
url = "https://{{tenant}}.example.com/x"
json = { note = "{{env:NOTE}}" }
`

func exposureMap(list []Exposure) map[string][]string {
	m := map[string][]string{}
	for _, e := range list {
		m[e.Reference()] = e.Hosts
	}
	return m
}

func TestExposures(t *testing.T) {
	c := mustParse(t, trustCollection)
	cases := []struct {
		name  string
		scope Scope
		want  map[string][]string
	}{
		{"vars", Scope{}, map[string][]string{
			"{{env:ALICE_PASSWORD}}":   {"login.example.net"},
			"{{env:API_KEY}}":          {"api.example.com"},
			"{{env:NOTE}}":             {UnknownHost},
			"{{env:TENANT}}":           {UnknownHost},
			"{{secret:api-token}}":     {"api.example.com"},
			"{{secret:client-secret}}": {"login.example.net"},
			"{{secret:spare}}":         {UnknownHost},
		}},
		{"environment", Scope{Env: "staging"}, map[string][]string{
			"{{env:ALICE_PASSWORD}}":   {"login.example.net"},
			"{{env:API_KEY}}":          {"staging.example.com:8443"},
			"{{env:NOTE}}":             {UnknownHost},
			"{{env:TENANT}}":           {UnknownHost},
			"{{secret:api-token}}":     {"staging.example.com:8443"},
			"{{secret:client-secret}}": {"login.example.net"},
			"{{secret:spare}}":         {UnknownHost},
		}},
		// A --var replaces a variable's template: what it read is gone,
		// and the host it gives is known.
		{"--var", Scope{Vars: map[string]string{"auth": "none", "tenant": "acme"}}, map[string][]string{
			"{{env:ALICE_PASSWORD}}":   {"login.example.net"},
			"{{env:API_KEY}}":          {"api.example.com"},
			"{{env:NOTE}}":             {"acme.example.com"},
			"{{secret:client-secret}}": {"login.example.net"},
			"{{secret:spare}}":         {UnknownHost},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := exposureMap(c.Exposures(&tc.scope))
			if len(got) != len(tc.want) {
				t.Errorf("got %d exposures %v, want %d", len(got), got, len(tc.want))
			}
			for ref, hosts := range tc.want {
				if !slices.Equal(got[ref], hosts) {
					t.Errorf("%s goes to %v, want %v", ref, got[ref], hosts)
				}
			}
		})
	}
	list := c.Exposures(nil)
	if list[0].Kind != ExposureEnv || list[len(list)-1].Kind != ExposureSecret {
		t.Errorf("exposures not sorted by kind: %+v", list)
	}
	for _, e := range list {
		if e.Reference() == "{{secret:api-token}}" && !slices.Contains(e.Uses, `request "list": headers.Authorization`) {
			t.Errorf("uses of %s = %v; want the header that reads it", e.Reference(), e.Uses)
		}
	}
}

func TestExposuresNoneForPlainCollection(t *testing.T) {
	c := mustParse(t, "[vars]\nb = \"http://h\"\n[[request]]\nname = \"r\"\nurl = \"{{b}}/x\"\nheaders = { A = \"{{prompt}}\" }\n")
	if got := c.Exposures(nil); len(got) != 0 {
		t.Fatalf("Exposures = %+v, want none (a prompt is typed by the user)", got)
	}
}

func TestStaticHost(t *testing.T) {
	c := mustParse(t, `
[vars]
base = "https://API.Example.com:8443"
partial = "https://{{env:H}}"
cycle = "{{cycle}}"
[[request]]
name = "r"
url = "http://x"
`)
	cases := map[string]string{
		"{{base}}/x":                 "api.example.com:8443",
		"{{base}}":                   "api.example.com:8443",
		"http://h.example/{{env:P}}": "h.example",
		"http://h{{env:P}}/":         UnknownHost,
		"{{partial}}/x":              UnknownHost,
		"{{env:URL}}":                UnknownHost,
		"{{undefined}}/x":            UnknownHost,
		"{{cycle}}":                  UnknownHost,
		"ftp://h/x":                  UnknownHost,
		"":                           UnknownHost,
		"http://[::1]:9/x":           "[::1]:9",
	}
	for tmpl, want := range cases {
		if got := c.StaticHost(tmpl, &Scope{}); got != want {
			t.Errorf("StaticHost(%q) = %q, want %q", tmpl, got, want)
		}
	}
	if scheme, host := c.StaticOrigin("{{base}}/x", &Scope{}); scheme != "https" || host != "api.example.com:8443" {
		t.Errorf("StaticOrigin({{base}}/x) = %q, %q, want https, api.example.com:8443", scheme, host)
	}
	if scheme, host := c.StaticOrigin("{{partial}}/x", &Scope{}); scheme != "" || host != UnknownHost {
		t.Errorf("StaticOrigin({{partial}}/x) = %q, %q, want \"\", %s", scheme, host, UnknownHost)
	}

}

func TestHostAllowed(t *testing.T) {
	cases := []struct {
		host     string
		patterns []string
		want     bool
	}{
		{"api.example.com", []string{"api.example.com"}, true},
		{"API.example.com:443", []string{"api.example.com"}, true},
		{"api.example.com:8443", []string{"api.example.com:443"}, false},
		{"127.0.0.1:8080", []string{"127.0.0.1:8080"}, true},
		{"a.b.example.com", []string{"*.example.com"}, true},
		{"example.com", []string{"*.example.com"}, false},
		{"evilexample.com", []string{"*.example.com"}, false},
		{"api.example.com.evil.net", []string{"api.example.com"}, false},
		{"[::1]:9", []string{"::1"}, true},
		{"", []string{"api.example.com"}, false},
		{"x", nil, false},
	}
	for _, tc := range cases {
		if got := HostAllowed(tc.host, tc.patterns); got != tc.want {
			t.Errorf("HostAllowed(%q, %q) = %v, want %v", tc.host, tc.patterns, got, tc.want)
		}
	}
}

// boundSecrets is a secret source that binds some secrets to hosts.
type boundSecrets struct {
	mapSecrets
	hosts map[string][]string
}

func (b boundSecrets) Hosts(name string) ([]string, error) { return b.hosts[name], nil }

func TestPrepareEnforcesHostLimits(t *testing.T) {
	c := mustParse(t, trustCollection)
	env := envOf(map[string]string{"API_KEY": "canary-key-1", "ALICE_PASSWORD": "canary-pw-1", "TENANT": "acme", "NOTE": "n"})
	store := boundSecrets{
		mapSecrets: mapSecrets{"api-token": "canary-token-1", "client-secret": "canary-cs-1"},
		hosts:      map[string][]string{"api-token": {"api.example.com"}, "client-secret": {"*.example.net"}},
	}
	both := boundSecrets{mapSecrets: store.mapSecrets, hosts: map[string][]string{"client-secret": {"*.example.net", "api.example.com"}}}
	cases := []struct {
		name    string
		request string
		scope   Scope
		want    error  // nil: prepared
		field   string // in the message
	}{
		{"binding kept", "list", Scope{Secrets: store}, nil, ""},
		{"binding broken by the environment", "list", Scope{Env: "staging", Secrets: store}, ErrHostNotAllowed, "headers.Authorization"},
		{"binding broken by --var", "list", Scope{Vars: map[string]string{"base_url": "https://evil.test"}, Secrets: store}, ErrHostNotAllowed, "evil.test"},
		// The token bought with a secret bound to the token endpoint goes
		// nowhere else, the API included, until the binding says so.
		{"token bound with the secret that bought it", "me", Scope{Secrets: store}, authflow.ErrTokenHostNotAllowed, "keyway secret set client-secret --host *.example.net --host api.example.com"},
		{"binding covers the token endpoint and the API", "me", Scope{Secrets: both}, nil, ""},
		{"allow-host covers both hosts", "me", Scope{Secrets: both, AllowHosts: []string{"api.example.com", "login.example.net"}}, nil, ""},
		{"allow-host misses the token endpoint", "me", Scope{Secrets: both, AllowHosts: []string{"api.example.com"}}, ErrHostNotAllowed, "login.example.net"},
		{"allow-host binds the token too", "me", Scope{Secrets: both, AllowHosts: []string{"login.example.net"}}, authflow.ErrTokenHostNotAllowed, "the access token of profile \"oauth\" would be sent to api.example.com, which is not an allowed host (--allow-host login.example.net)"},
		{"allow-host binds a token bought with env values", "me", Scope{Secrets: store.mapSecrets, AllowHosts: []string{"login.example.net"}}, authflow.ErrTokenHostNotAllowed, "api.example.com"},
		{"allow-host checks env values too", "tenant", Scope{AllowHosts: []string{"api.example.com"}}, ErrHostNotAllowed, "acme.example.com"},
		{"no-env refuses env", "list", Scope{NoEnv: true, Secrets: store}, ErrOutsideValue, "--no-env"},
		{"no-env refuses secrets", "me", Scope{NoEnv: true, Secrets: store}, ErrOutsideValue, "--no-env"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.scope
			s.LookupEnv = env
			p, err := c.Prepare(c.Request(tc.request), &s)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Prepare: %v", err)
				}
				if p.Request.URL == "" {
					t.Fatal("no request prepared")
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Prepare error = %v, want %v", err, tc.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.field) || !strings.HasPrefix(msg, "demo.toml:") {
				t.Errorf("message %q lacks %q or a position", msg, tc.field)
			}
			for _, canary := range []string{"canary-key-1", "canary-pw-1", "canary-token-1", "canary-cs-1"} {
				if strings.Contains(msg, canary) {
					t.Errorf("message leaks %s: %s", canary, msg)
				}
			}
			var he *HostError
			if errors.As(err, &he) && he.Binding && !strings.Contains(msg, "keyway secret set") {
				t.Errorf("binding error does not say how to allow the host: %s", msg)
			}
		})
	}
}

func TestCheckProfileForAnotherRequest(t *testing.T) {
	c := mustParse(t, trustCollection)
	store := boundSecrets{mapSecrets: mapSecrets{"spare": "canary-spare"}, hosts: map[string][]string{"spare": {"api.example.com"}}}
	s := &Scope{Secrets: store}
	p, _, err := c.ResolveProfile("spare", s)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckProfile("spare", p, "https://api.example.com/x", s); err != nil {
		t.Errorf("allowed host refused: %v", err)
	}
	if err := c.CheckProfile("spare", p, "https://other.example.com/x", s); !errors.Is(err, ErrHostNotAllowed) {
		t.Errorf("other host: error = %v, want ErrHostNotAllowed", err)
	}
	if err := c.CheckProfile("spare", p, "https://api.example.com/x", &Scope{NoEnv: true}); !errors.Is(err, ErrOutsideValue) {
		t.Errorf("--no-env: error = %v, want ErrOutsideValue", err)
	}
}

// An issued token is listed with the hosts it goes to: those of the
// requests sent with its profile, or an unknown host for a profile no
// request uses.
func TestTokenExposures(t *testing.T) {
	c := mustParse(t, trustCollection)
	for _, e := range c.Exposures(&Scope{}) {
		switch e.Reference() {
		case "{{secret:client-secret}}", "{{env:ALICE_PASSWORD}}":
			want := []TokenExposure{{Profile: "oauth", Host: "api.example.com", Uses: []string{`request "me"`}}}
			if len(e.Tokens) != 1 || e.Tokens[0].Profile != want[0].Profile || e.Tokens[0].Host != want[0].Host || !slices.Equal(e.Tokens[0].Uses, want[0].Uses) {
				t.Errorf("%s: tokens %+v, want %+v", e.Reference(), e.Tokens, want)
			}
		default:
			if len(e.Tokens) != 0 {
				t.Errorf("%s buys no token, yet lists %+v", e.Reference(), e.Tokens)
			}
		}
	}
	unused := mustParse(t, `
version = 1
[profile.idp]
type = "oauth2-password"
token_url = "https://id.example.com/token"
username = "alice"
password = "{{secret:alice-pw}}"

[[request]]
name = "plain"
url = "https://api.example.com/"
profile = "none"
`)
	list := unused.Exposures(&Scope{})
	if len(list) != 1 || len(list[0].Tokens) != 1 || list[0].Tokens[0].Host != UnknownHost {
		t.Errorf("a profile no request uses: its token may go anywhere, got %+v", list)
	}
}

// keyway flow and the TUI may pair a profile with any request: the token
// its bound credentials buy is refused to a host they may not reach.
func TestCheckProfileRefusesTokenElsewhere(t *testing.T) {
	c := mustParse(t, trustCollection)
	env := envOf(map[string]string{"ALICE_PASSWORD": "canary-pw-1"})
	store := boundSecrets{mapSecrets: mapSecrets{"client-secret": "canary-cs-1"}, hosts: map[string][]string{"client-secret": {"login.example.net", "api.example.com"}}}
	s := &Scope{Secrets: store, LookupEnv: env}
	p, _, err := c.ResolveProfile("oauth", s)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.TokenLimits) != 1 || p.TokenLimits[0].Secret != "client-secret" {
		t.Fatalf("token limits = %+v, want the binding of client-secret", p.TokenLimits)
	}
	if err := c.CheckProfile("oauth", p, "https://api.example.com/me", s); err != nil {
		t.Errorf("allowed host refused: %v", err)
	}
	err = c.CheckProfile("oauth", p, "https://evil.test/steal", s)
	if !errors.Is(err, authflow.ErrTokenHostNotAllowed) || !strings.Contains(err.Error(), "evil.test") || strings.Contains(err.Error(), "canary") {
		t.Errorf("other host: error = %v, want the token refused to evil.test", err)
	}
}

// TestAllowHostBindsAKeptLogin: an interactive profile's token comes from
// the user's token store, outside the file, even when its token request
// reads nothing else from outside: --allow-host binds it, so a
// collection edited after `keyway login` to send a request elsewhere is
// refused before anything is sent — in Prepare and in ResolveProfile
// (keyway flow, the TUI).
func TestAllowHostBindsAKeptLogin(t *testing.T) {
	c := mustParse(t, `
name = "logins"
version = 1

[profile.browser]
type = "oauth2-authorization-code"
authorize_url = "https://id.example.com/authorize"
token_url = "https://id.example.com/token"
client_id = "cli"

[[request]]
name = "steal"
url = "https://evil.test/collect"
profile = "browser"

[[request]]
name = "me"
url = "https://api.example.com/me"
profile = "browser"
`)
	s := &Scope{AllowHosts: []string{"api.example.com", "id.example.com"}}
	if _, err := c.Prepare(c.Request("me"), s); err != nil {
		t.Fatalf("an allowed host: %v", err)
	}
	_, err := c.Prepare(c.Request("steal"), s)
	if !errors.Is(err, authflow.ErrTokenHostNotAllowed) || !strings.Contains(err.Error(), "evil.test") {
		t.Fatalf("Prepare = %v; want the kept token refused to evil.test", err)
	}
	p, _, err := c.ResolveProfile("browser", s)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckTokenHost("evil.test"); !errors.Is(err, authflow.ErrTokenHostNotAllowed) {
		t.Fatalf("the resolved profile lets its token go to evil.test: %v", err)
	}
	// Without --allow-host nothing changes: the file's own login.
	if _, err := c.Prepare(c.Request("steal"), &Scope{}); err != nil {
		t.Fatalf("without --allow-host: %v", err)
	}
}
