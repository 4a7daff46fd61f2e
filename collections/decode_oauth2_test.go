package collections

import (
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// TestOAuth2ProfileErrors asserts each new OAuth2 key's bad-input message
// and its FILE:LINE:COL.
func TestOAuth2ProfileErrors(t *testing.T) {
	const cc = "[profile.p]\ntype = \"oauth2-client-credentials\"\ntoken_url = \"http://x/token\"\nclient_id = \"svc\"\n"
	cases := []struct{ name, toml, want string }{
		{"client credentials without client_id", "[profile.p]\ntype = \"oauth2-client-credentials\"\ntoken_url = \"http://x\"\nclient_secret = \"s\"\n",
			`demo.toml:1:1: profile "p" (type "oauth2-client-credentials") has no client_id`},
		{"client credentials without endpoint", "[profile.p]\ntype = \"oauth2-client-credentials\"\nclient_id = \"svc\"\nclient_secret = \"s\"\n",
			`demo.toml:1:1: profile "p" (type "oauth2-client-credentials") has no token_url (or issuer, to discover it)`},
		{"client credentials without secret", cc,
			`demo.toml:1:1: profile "p" (type "oauth2-client-credentials") has no client_secret; the client credentials grant is for confidential clients (RFC 6749 §4.4): add client_secret, or client_auth = "private_key_jwt" with assertion_key, or "none" with a TLS client certificate`},
		{"device code without endpoints", "[profile.p]\ntype = \"oauth2-device-code\"\nclient_id = \"cli\"\n",
			"demo.toml:1:1: profile \"p\" (type \"oauth2-device-code\") has no device_authorization_url (or issuer, to discover it)\n" +
				"demo.toml:1:1: profile \"p\" (type \"oauth2-device-code\") has no token_url (or issuer, to discover it)"},
		{"auth code without authorize_url", "[profile.p]\ntype = \"oauth2-authorization-code\"\ntoken_url = \"http://x\"\nclient_id = \"cli\"\n",
			`demo.toml:1:1: profile "p" (type "oauth2-authorization-code") has no authorize_url (or issuer, to discover it)`},
		{"auth code key on client credentials", cc + "client_secret = \"s\"\npkce = \"S256\"\n",
			`demo.toml:6:1: profile "p": pkce does not apply to type "oauth2-client-credentials" (it uses client_id, token_url, issuer, client_secret, client_auth, scopes, params, revocation_url, introspection_url, assertion_key, assertion_alg, assertion_kid)`},
		{"unknown pkce", "[profile.p]\ntype = \"oauth2-authorization-code\"\nissuer = \"http://x\"\nclient_id = \"cli\"\npkce = \"s256\"\n",
			`demo.toml:5:8: profile "p": unknown pkce "s256" (allowed: "S256", "plain", "none")`},
		{"issuer with a query", cc + "client_secret = \"s\"\nissuer = \"http://x/?tenant=a\"\n",
			`demo.toml:6:10: profile "p": issuer: an issuer has no query or fragment (RFC 8414 §2)`},
		{"redirect_uri with a fragment", "[profile.p]\ntype = \"oauth2-authorization-code\"\nissuer = \"http://x\"\nclient_id = \"cli\"\nredirect_uri = \"http://127.0.0.1/cb#x\"\n",
			`demo.toml:5:16: profile "p": redirect_uri: a redirect URI has no fragment (RFC 6749 §3.1.2)`},
		{"bad revocation_url", cc + "client_secret = \"s\"\nrevocation_url = \"ftp://x\"\n",
			`demo.toml:6:18: profile "p": revocation_url: unsupported scheme "ftp": keyway sends http and https only`},
		{"params not a table", cc + "client_secret = \"s\"\nparams = \"audience\"\n",
			`demo.toml:6:1: profile "p": params must be a table of strings, such as { Name = "value" }, not a string`},
		{"params value a number", cc + "client_secret = \"s\"\nparams = { n = 1 }\n",
			`demo.toml:6:12: profile "p": params.n must be a string, not an integer`},
		{"params overriding grant_type", cc + "client_secret = \"s\"\nparams = { grant_type = \"password\" }\n",
			`demo.toml:6:12: profile "p": params: grant_type is set by keyway from the profile's other keys; it cannot be a parameter (allowed: any other name, such as audience or resource)`},
		{"params bad reference", cc + "client_secret = \"s\"\nparams = { audience = \"{{env:}}\" }\n",
			`demo.toml:6:23: profile "p": params.audience: invalid reference: {{env:NAME}} needs a name without spaces or braces`},
		{"private_key_jwt without key", cc + "client_auth = \"private_key_jwt\"\n",
			`demo.toml:5:15: profile "p": client_auth = "private_key_jwt" needs assertion_key, the PEM private key that signs the assertion (RFC 7523 §2.2)`},
		{"private_key_jwt with a secret", cc + "client_auth = \"private_key_jwt\"\nassertion_key = \"k.pem\"\nclient_secret = \"s\"\n",
			`demo.toml:7:1: profile "p": client_secret does not apply with client_auth = "private_key_jwt", which sends no secret`},
		{"assertion_key without private_key_jwt", cc + "client_secret = \"s\"\nassertion_key = \"k.pem\"\n",
			`demo.toml:6:1: profile "p": assertion_key applies only with client_auth = "private_key_jwt"`},
		{"assertion_key with a reference", cc + "client_auth = \"private_key_jwt\"\nassertion_key = \"{{env:KEY}}\"\n",
			`demo.toml:6:17: profile "p": assertion_key: a path holds no {{references}}; write it relative to the collection's folder, or from ~/`},
		{"unknown assertion_alg", cc + "client_auth = \"private_key_jwt\"\nassertion_key = \"k.pem\"\nassertion_alg = \"HS256\"\n",
			`demo.toml:7:17: profile "p": unknown assertion_alg "HS256" (allowed: "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")`},
		{"none with a secret", "[profile.p]\ntype = \"oauth2-device-code\"\nissuer = \"http://x\"\nclient_id = \"cli\"\nclient_auth = \"none\"\nclient_secret = \"s\"\n",
			`demo.toml:6:1: profile "p": client_secret does not apply with client_auth = "none", which sends no secret`},
		{"unknown key still refused", cc + "client_secret = \"s\"\naudience = \"x\"\n",
			`demo.toml:6:1: unknown key "audience" in profile "p"; known keys: type, username, password, token, in, name, value, token_url, client_id, client_secret, client_auth, scopes, params, issuer, authorize_url, redirect_uri, pkce, device_authorization_url, revocation_url, introspection_url, assertion_key, assertion_alg, assertion_kid, insecure, ca_file, client_cert, client_key`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("demo.toml", []byte(tc.toml))
			if err == nil {
				t.Fatal("Parse accepted it")
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestOAuth2ProfileResolves checks that every new key reaches
// authflow.Profile, references resolved, the key path made absolute.
func TestOAuth2ProfileResolves(t *testing.T) {
	t.Setenv("KW_AUDIENCE", "https://api.example.com")
	t.Setenv("KW_KID", "key-1")
	src := `[vars]
base = "https://id.example.com"

[profile.svc]
type = "oauth2-client-credentials"
issuer = "{{base}}"
client_id = "svc"
client_auth = "private_key_jwt"
assertion_key = "keys/svc.pem"
assertion_alg = "ES256"
assertion_kid = "{{env:KW_KID}}"
revocation_url = "{{base}}/revoke"
introspection_url = "{{base}}/introspect"
params = { audience = "{{env:KW_AUDIENCE}}", resource = "{{base}}/api" }

[profile.web]
type = "oauth2-authorization-code"
authorize_url = "{{base}}/authorize"
token_url = "{{base}}/token"
client_id = "cli"
redirect_uri = "http://127.0.0.1:9000/callback"
pkce = "plain"

[profile.tv]
type = "oauth2-device-code"
issuer = "{{base}}"
client_id = "cli"
`
	path := filepath.Join(t.TempDir(), "c.toml")
	c, err := Parse(path, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	svc, _, err := c.ResolveProfile("svc", &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if svc.Issuer != "https://id.example.com" || svc.ClientAuth != authflow.ClientAuthPrivateKeyJWT || svc.AssertionAlg != "ES256" ||
		svc.AssertionKID != "key-1" || svc.RevocationURL != "https://id.example.com/revoke" || svc.IntrospectionURL != "https://id.example.com/introspect" ||
		svc.AssertionKey != filepath.Join(filepath.Dir(path), "keys", "svc.pem") {
		t.Errorf("svc = %+v", svc)
	}
	if want := map[string]string{"audience": "https://api.example.com", "resource": "https://id.example.com/api"}; !maps.Equal(svc.Params, want) {
		t.Errorf("params = %v, want %v", svc.Params, want)
	}
	web, _, err := c.ResolveProfile("web", &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if web.AuthorizeURL != "https://id.example.com/authorize" || web.RedirectURI != "http://127.0.0.1:9000/callback" || web.PKCE != "plain" ||
		web.ClientAuth != authflow.ClientAuthNone || !web.Type.Interactive() {
		t.Errorf("web = %+v", web)
	}
	tv, _, err := c.ResolveProfile("tv", &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	if tv.Issuer != "https://id.example.com" || tv.ClientAuth != authflow.ClientAuthNone || !tv.Type.IssuesTokens() {
		t.Errorf("tv = %+v", tv)
	}
}

// TestCheckAssertionKey: `keyway check` reports an assertion_key it
// cannot read at the key's FILE:LINE:COL, as for a TLS key file.
func TestCheckAssertionKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.toml")
	c, err := Parse(path, []byte(`[profile.svc]
type = "oauth2-client-credentials"
token_url = "https://id.example/token"
client_id = "svc"
client_auth = "private_key_jwt"
assertion_key = "missing.pem"
`))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check(&Scope{})
	want := path + `:6:17: profile "svc": assertion_key: open ` + filepath.Join(filepath.Dir(path), "missing.pem") + `: no such file or directory`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

// TestPrepareIssuerProfileHostLimits: a profile whose token endpoint is
// discovered sends its credentials toward the issuer's host, which
// --allow-host must allow (and only that: the API host is checked for
// the token).
func TestPrepareIssuerProfileHostLimits(t *testing.T) {
	c := mustParse(t, `[profile.svc]
type = "oauth2-client-credentials"
issuer = "https://id.example.com"
client_id = "svc"
client_secret = "{{env:SVC_SECRET}}"

[[request]]
name = "me"
url = "https://api.example.com/me"
profile = "svc"
`)
	env := envOf(map[string]string{"SVC_SECRET": "canary-svc-secret"})
	p, err := c.Prepare(c.Request("me"), &Scope{LookupEnv: env, AllowHosts: []string{"id.example.com", "api.example.com"}})
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if len(p.Profile.TokenLimits) == 0 {
		t.Error("the token is not bound to the allowed hosts")
	}
	_, err = c.Prepare(c.Request("me"), &Scope{LookupEnv: env, AllowHosts: []string{"api.example.com"}})
	if !errors.Is(err, ErrHostNotAllowed) || !strings.Contains(err.Error(), "id.example.com") {
		t.Errorf("issuer host not allowed: err = %v", err)
	}
}

// TestParamsReferenceErrorIsPositioned: an unresolvable reference in
// params is reported at its FILE:LINE:COL, and its secrets resolve.
func TestParamsReferenceErrorIsPositioned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.toml")
	c, err := Parse(path, []byte(`[profile.svc]
type = "oauth2-client-credentials"
token_url = "https://id.example/token"
client_id = "svc"
client_secret = "{{secret:svc}}"
params = { audience = "{{env:KW_NO_SUCH_AUDIENCE}}" }
`))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.ResolveProfile("svc", &Scope{LookupEnv: envOf(nil), Secrets: mapSecrets{"svc": "canary-svc-secret"}})
	if err == nil || !strings.HasPrefix(err.Error(), path+":6:") || !strings.Contains(err.Error(), "KW_NO_SUCH_AUDIENCE") {
		t.Errorf("err = %v", err)
	}
}
