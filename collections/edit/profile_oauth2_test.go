package edit

import (
	"reflect"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestUpsertProfileOAuth2RoundTrip: each new OAuth2 type is written with
// its keys, reads back as the same profile, and writing it again leaves
// every byte alone.
func TestUpsertProfileOAuth2RoundTrip(t *testing.T) {
	const base = "# demo\n[[request]]\nname = \"r\"\nurl = \"http://x/\"\n"
	for _, p := range []collections.Profile{
		{Name: "svc", Type: "oauth2-client-credentials", TokenURL: "{{base_url}}/oauth/token", ClientID: "svc",
			ClientSecret: "{{secret:svc-client-secret}}", ClientAuth: "body", Scopes: []string{"read", "write"},
			Params:        []collections.KV{{Key: "audience", Value: "https://api"}, {Key: "resource", Value: "{{base_url}}/"}},
			RevocationURL: "{{base_url}}/oauth/revoke", IntrospectionURL: "{{base_url}}/oauth/introspect"},
		{Name: "jwt", Type: "oauth2-client-credentials", Issuer: "{{base_url}}", ClientID: "svc",
			ClientAuth: "private_key_jwt", AssertionKey: "keys/svc.pem", AssertionAlg: "ES256", AssertionKID: "k1"},
		{Name: "browser", Type: "oauth2-authorization-code", AuthorizeURL: "{{base_url}}/authorize",
			TokenURL: "{{base_url}}/oauth/token", RedirectURI: "http://127.0.0.1:9000/callback", PKCE: "S256",
			ClientID: "cli", ClientAuth: "none", Scopes: []string{"openid"}},
		{Name: "tv", Type: "oauth2-device-code", Issuer: "{{base_url}}", ClientID: "tv", ClientAuth: "none"},
		{Name: "tv2", Type: "oauth2-device-code", DeviceAuthorizationURL: "{{base_url}}/device_authorization",
			TokenURL: "{{base_url}}/oauth/token", ClientID: "tv", ClientSecret: "{{env:TV_SECRET}}", ClientAuth: "basic"},
	} {
		t.Run(p.Name, func(t *testing.T) {
			out, err := UpsertProfile([]byte(base), p)
			if err != nil {
				t.Fatal(err)
			}
			c, err := collections.Parse("t.toml", out)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			got := *c.Profiles[p.Name]
			if !sameExported(got, p) {
				t.Fatalf("read back\n%+v\nwant\n%+v\nfrom\n%s", got, p, out)
			}
			again, err := UpsertProfile(out, got)
			if err != nil || string(again) != string(out) {
				t.Fatalf("second save changed the file (%v):\n%s", err, again)
			}
		})
	}
}

// TestUpsertProfileKeepsHandWrittenOAuth2: an edit of one key of a
// hand-written profile keeps the other keys' bytes, comments, literal
// quotes and the inline params table; a key the new type does not use
// goes, keys keyway does not manage (TLS files) stay; new keys go last.
func TestUpsertProfileKeepsHandWrittenOAuth2(t *testing.T) {
	src := "[profile.tv]\n" +
		"type = 'oauth2-device-code'\n" +
		"issuer   = '{{base_url}}'  # discovery\n" +
		"client_id = \"tv\"\n" +
		"params = {audience='api'}  # RFC 8707\n" +
		"ca_file = \"ca.pem\"\n"
	c, err := collections.Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p := *c.Profiles["tv"]
	p.ClientAuth = "none"
	out, err := UpsertProfile([]byte(src), p)
	if err != nil {
		t.Fatal(err)
	}
	want := src + "client_auth = \"none\"\n"
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	p.Type, p.Params, p.TokenURL, p.Issuer = "oauth2-client-credentials", []collections.KV{{Key: "audience", Value: "api2"}}, "http://x/token", ""
	p.ClientSecret, p.ClientAuth = "{{env:S}}", ""
	out, err = UpsertProfile([]byte(src), p)
	if err != nil {
		t.Fatal(err)
	}
	want = "[profile.tv]\n" +
		"type = \"oauth2-client-credentials\"\n" +
		"client_id = \"tv\"\n" +
		"params = { audience = \"api2\" }  # RFC 8707\n" +
		"ca_file = \"ca.pem\"\n" +
		"token_url = \"http://x/token\"\n" +
		"client_secret = \"{{env:S}}\"\n"
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
}

// sameExported compares two profiles' exported fields but Pos: a loaded
// profile also records where it and each field were written.
func sameExported(a, b collections.Profile) bool {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		f := va.Type().Field(i)
		if f.IsExported() && f.Name != "Pos" && !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return false
		}
	}
	return true
}
