package collections

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

func TestTLSKeysErrors(t *testing.T) {
	const req = "[[request]]\nname = \"a\"\nurl = \"https://x\"\n"
	cases := []struct{ name, toml, want string }{
		{"cert without key", req + "client_cert = \"c.pem\"\n", `demo.toml:4:1: request "a": client_cert needs client_key (the certificate's private key, a PEM file)`},
		{"key without cert", "[profile.p]\ntype = \"bearer\"\ntoken = \"t\"\nclient_key = \"k.pem\"\n", `demo.toml:4:1: profile "p": client_key needs client_cert (the certificate it belongs to, a PEM file)`},
		{"reference in path", req + "ca_file = \"{{env:HOME}}/ca.pem\"\n", `demo.toml:4:11: request "a": ca_file: a path holds no {{references}}; write it relative to the collection's folder, or from ~/`},
		{"empty path", req + "ca_file = \"\"\n", `demo.toml:4:11: request "a": ca_file: the path is empty; name a PEM file, or remove the key`},
		{"not a string", req + "ca_file = true\n", `demo.toml:4:1: request "a": ca_file must be a string, not a boolean`},
		{"typo", req + "ca_flie = \"ca.pem\"\n", `demo.toml:4:1: unknown key "ca_flie" in request "a"; did you mean "ca_file"?`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("demo.toml", []byte(tc.toml))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error:\n%v\nwant:\n%s", err, tc.want)
			}
		})
	}
}

func TestTLSFilesResolveAgainstTheCollection(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "api.toml")
	c, err := Parse(path, []byte(`
[profile.m]
type = "bearer"
token = "t"
ca_file = "certs/ca.pem"
client_cert = "/abs/client.pem"
client_key = "~/keys/client-key.pem"

[[request]]
name = "a"
url = "https://x"
profile = "m"
ca_file = "other-ca.pem"
`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Prepare(c.Requests[0], &Scope{})
	if err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	wantProfile := authflow.TLSFiles{CAFile: filepath.Join(dir, "certs/ca.pem"), ClientCert: "/abs/client.pem", ClientKey: filepath.Join(home, "keys/client-key.pem")}
	if p.Profile.TLS != wantProfile {
		t.Errorf("profile TLS = %+v, want %+v", p.Profile.TLS, wantProfile)
	}
	if want := (authflow.TLSFiles{CAFile: filepath.Join(dir, "other-ca.pem")}); p.Request.TLS != want {
		t.Errorf("request TLS = %+v, want %+v", p.Request.TLS, want)
	}
	// The request's CA file wins; the profile's client certificate stays.
	merged := p.Request.TLS.Or(p.Profile.TLS)
	if merged.CAFile != filepath.Join(dir, "other-ca.pem") || merged.ClientCert != "/abs/client.pem" {
		t.Errorf("merged = %+v", merged)
	}
}
