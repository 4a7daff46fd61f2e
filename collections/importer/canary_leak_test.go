package importer

import (
	"strings"
	"testing"
)

// TestImportCanaryCredentialsStayOutOfTheFile (canary sweep): credentials the
// importers already recognise in their canonical form reach the collection
// file as they are when the input spells them a little differently, or when
// they come from Postman request headers/query or OpenAPI parameter examples.
// docs/security.md "Imports run nothing and keep secrets out of the file":
// "Credentials found in the input — passwords, tokens, API keys, cookies …
// go to the secret store and the file holds {{secret:NAME}}".
func TestImportCanaryCredentialsStayOutOfTheFile(t *testing.T) {
	cases := []struct {
		name, format, input string
		canaries            []string
	}{
		{
			// `-d password=form-pw-111` goes to the store; a `/` left
			// unescaped (as people type it) keeps the whole body raw.
			name:     "curl form password with a slash",
			format:   "curl",
			input:    `curl -d 'grant_type=password&password=CnPw7/canary111&client_secret=CnCs8/canary222' https://id.example.com/token`,
			canaries: []string{"CnPw7/canary111", "CnCs8/canary222"},
		},
		{
			// `?api_key=Plain1234zz` goes to the store; with a `/` or `%20`
			// in the key it stays in the url.
			name:     "curl api_key query with a slash",
			format:   "curl",
			input:    `curl 'https://api.example.com/t?api_key=CnAkQ5/canary333'`,
			canaries: []string{"CnAkQ5/canary333"},
		},
		{
			name:   ".http form body with a slash",
			format: "http",
			input: "POST https://id.example.com/token\nContent-Type: application/x-www-form-urlencoded\n\n" +
				"grant_type=password&username=bob&password=CnPw7/canary444&client_secret=CnCs8/canary555\n",
			canaries: []string{"CnPw7/canary444", "CnCs8/canary555"},
		},
		{
			// the curl and .http importers store X-Api-Key and Cookie
			// headers; the Postman importer writes them as they are.
			name:   "postman request headers and api_key query",
			format: "postman",
			input: `{"info":{"name":"pm","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"item":[{"name":"b","request":{"method":"GET","url":"https://api.example.com/echo?api_key=CnAkQcanary666",
"header":[{"key":"X-Api-Key","value":"CnAkHcanary777"},{"key":"Cookie","value":"kc=CnAkCcanary888"}]}}]}`,
			canaries: []string{"CnAkQcanary666", "CnAkHcanary777", "CnAkCcanary888"},
		},
		{
			name:   "openapi Authorization and api_key parameter examples",
			format: "openapi",
			input: `{"openapi":"3.0.0","info":{"title":"x","version":"1"},"servers":[{"url":"https://api.example.com"}],
"paths":{"/echo":{"get":{"parameters":[{"name":"api_key","in":"query","example":"CnAkQcanary999"},
{"name":"Authorization","in":"header","example":"Bearer CnBtcanary000"}],"responses":{"200":{"description":"ok"}}}}}}`,
			canaries: []string{"CnAkQcanary999", "CnBtcanary000"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := Lookup(tc.format)
			if !ok {
				t.Fatalf("format %s is not registered", tc.format)
			}
			c, err := f.Import(Input{Name: "input", Data: []byte(tc.input)})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			res, err := Write(c, func(string, string, []string) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.canaries {
				for i, form := range []string{s, strings.ReplaceAll(s, "/", "%2F")} {
					if (i == 0 || form != s) && strings.Contains(string(res.TOML), form) {
						t.Errorf("credential %q is in the collection file:\n%s", form, res.TOML)
					}
				}
			}
		})
	}
}
