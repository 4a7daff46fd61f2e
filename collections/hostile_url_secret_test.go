package collections

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// Hostile review (issue 10): a secret holding '#' inserted into a URL's
// path is not encoded, so it becomes a fragment; the query table is then
// spliced between its two halves, and no form of the whole secret is left
// in the URL for the redactor (reports' "url", flow output) or for copy as
// curl to find. Both halves are shown.
func TestHostileSecretWithHashInURLIsMasked(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://h/echo/{{env:TOK}}"
query = { page = "1" }
`)
	const tok = "S3cretHALF#T0kenHALF"
	p, err := c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"TOK": tok})})
	if err != nil {
		t.Fatal(err)
	}
	shown := authflow.NewRedactor(p.Secrets...).Redact(p.Request.URL)
	if strings.Contains(shown, "S3cretHALF") || strings.Contains(shown, "T0kenHALF") {
		t.Errorf("masked URL %q shows the secret %q (secrets %q)", shown, tok, p.Secrets)
	}
}

// Hostile review (issue 10): a password from the environment in a URL's
// user-info that holds '#', '/' or '?' makes url.Parse fail, and the
// refusal quotes the part before it ("invalid port \":Tr0ub4dor3\"").
func TestHostileUserinfoRefusalDoesNotQuoteThePassword(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://alice:{{env:PW}}@h/x"
`)
	_, err := c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"PW": "Tr0ub4dor3#x"})})
	if err != nil && strings.Contains(err.Error(), "Tr0ub4dor3") {
		t.Errorf("refusal quotes the password: %v", err)
	}
}
