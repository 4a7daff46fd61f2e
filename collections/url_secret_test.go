package collections

import (
	"errors"
	"strings"
	"testing"
)

// TestSecretWithHashInURLIsRefused: a secret holding "#" inserted into a
// URL's path would start a fragment, never sent, and the query table would
// go between its two halves, where the redactor (which masks whole values)
// finds neither: both would be shown in reports, the flow and copy as
// curl. Prepare refuses it, without repeating it, before anything is sent.
// Found by the hostile review of issue 10.
func TestSecretWithHashInURLIsRefused(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://h/echo/{{env:TOK}}"
query = { page = "1" }

[[request]]
name = "in the query table"
url = "http://h/echo"
query = { t = "{{env:TOK}}" }
`)
	const tok = "S3cretHALF#T0kenHALF"
	scope := &Scope{LookupEnv: envOf(map[string]string{"TOK": tok})}
	_, err := c.Prepare(c.Requests[0], scope)
	if !errors.Is(err, errSecretFragment) {
		t.Fatalf("Prepare = %v; want the fragment refused", err)
	}
	if strings.Contains(err.Error(), "S3cretHALF") || strings.Contains(err.Error(), "T0kenHALF") {
		t.Errorf("refusal repeats the secret: %v", err)
	}
	// In the query table the value is encoded as data (%23): allowed.
	p, err := c.Prepare(c.Requests[1], scope)
	if err != nil {
		t.Fatal(err)
	}
	if want := "http://h/echo?t=S3cretHALF%23T0kenHALF"; p.Request.URL != want {
		t.Errorf("URL = %q, want %q", p.Request.URL, want)
	}
}

// TestUserinfoRefusalDoesNotQuoteThePassword: a password from the
// environment in a URL's user-info that holds "#", "/", "?" or a bad
// escape makes url.Parse fail, and its message quotes the piece it stopped
// at (`invalid port ":Tr0ub4dor3" after host`). The refusal says what is
// wrong without it. Found by the hostile review of issue 10.
func TestUserinfoRefusalDoesNotQuoteThePassword(t *testing.T) {
	c := mustParse(t, `
[[request]]
name = "r"
url = "http://alice:{{env:PW}}@h/x"
`)
	for _, pw := range []string{"Tr0ub4dor3#x", "Tr0ub/4dor3", "Tr0ub4dor%zz3", "Tr0ub?4dor3"} {
		_, err := c.Prepare(c.Requests[0], &Scope{LookupEnv: envOf(map[string]string{"PW": pw})})
		if err == nil {
			continue // the URL parsed: the password is masked like any secret
		}
		if strings.Contains(err.Error(), "Tr0ub") || strings.Contains(err.Error(), "4dor") {
			t.Errorf("PW %q: refusal quotes the password: %v", pw, err)
		}
		if !strings.Contains(err.Error(), "not a valid URL") && !errors.Is(err, errSecretFragment) {
			t.Errorf("PW %q: refusal does not say what is wrong: %v", pw, err)
		}
	}
}
