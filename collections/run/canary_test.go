package run

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// Canary values for every kind of secret. Each is unique, so finding one in
// an output is never a coincidence, and holds characters that URL, path and
// Basic encodings change, so that encoded forms are looked for too.
var canaries = map[string]string{
	"BASIC_PW":      "canary-basic/pw+1 x",
	"bearer-token":  "canary-bearer+tok/2",
	"API_KEY":       "canary-query key+3/%",
	"header-key":    "canary-header-key-4",
	"COOKIE_KEY":    "canary-cookie-key-5",
	"CLIENT_SECRET": "canary-client+secret 6",
	"oauth-pw":      "canary-oauth/pw 7",
	"access-token":  "canary-access-token-8",
}

const canaryTOML = `
name = "Canary"
version = 1

[profile.basic]
type = "basic"
username = "alice"
password = "{{env:BASIC_PW}}"

[profile.bearer]
type = "bearer"
token = "{{secret:bearer-token}}"

[profile.query]
type = "apikey"
in = "query"
name = "api_key"
value = "{{env:API_KEY}}"

[profile.header]
type = "apikey"
in = "header"
name = "X-API-Key"
value = "{{secret:header-key}}"

[profile.cookie]
type = "apikey"
in = "cookie"
name = "session"
value = "{{env:COOKIE_KEY}}"

[profile.oauth]
type = "oauth2-password"
token_url = "{{base_url}}/token"
client_id = "demo-client"
client_secret = "{{env:CLIENT_SECRET}}"
client_auth = "basic"
username = "alice"
password = "{{secret:oauth-pw}}"
`

// canaryRequest is a request with profile p against the echo server whose
// every assertion fails by showing what the server echoed back.
func canaryRequest(p, base string) string {
	return `
[[request]]
name = "` + p + `"
url = "` + base + `/echo"
profile = "` + p + `"
[request.expect]
status = 299
headers = { X-Echo = "nothing like it" }
jq = [".authorization", ".query", ".key", ".cookie"]
`
}

type secretMap map[string]string

func (m secretMap) Get(name string) (string, error) {
	if v, ok := m[name]; ok {
		return v, nil
	}
	return "", errors.New("no such secret")
}

// echoServer answers /token with the canary access token and /echo with
// every credential it received, in the body and in a header.
func echoServer(t *testing.T) string {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/token" {
			json.NewEncoder(w).Encode(map[string]any{
				"access_token": canaries["access-token"], "token_type": "Bearer", "expires_in": 3600})
			return
		}
		echo := map[string]string{
			"authorization": r.Header.Get("Authorization"),
			"query":         r.URL.RawQuery,
			"key":           r.Header.Get("X-API-Key"),
			"cookie":        r.Header.Get("Cookie"),
		}
		all, _ := json.Marshal(echo)
		w.Header().Set("X-Echo", string(all))
		w.Write(all)
	})
	return srv.URL
}

func TestNoSecretReachesAnyReport(t *testing.T) {
	base := echoServer(t)
	src := canaryTOML
	for _, p := range []string{"basic", "bearer", "query", "header", "cookie", "oauth"} {
		src += canaryRequest(p, "{{base_url}}")
	}
	// A request that gets no response: Go's error quotes the URL with the
	// API key in its query string.
	src += strings.Replace(canaryRequest("query", refusedURL(t)), `name = "query"`, `name = "refused"`, 1)
	c := parse(t, src)

	opts := Options{
		Scope: collections.Scope{
			Vars: map[string]string{"base_url": base},
			LookupEnv: func(name string) (string, bool) {
				v, ok := canaries[name]
				return v, ok
			},
			Secrets: secretMap(canaries),
		},
		Client: authflow.NewClient(),
	}
	rep := mustRun(t, context.Background(), c, opts)
	if len(rep.Results) != 7 || rep.Summary.Passed != 0 {
		t.Fatalf("results %+v", rep.Results)
	}
	refused := rep.Results[6]
	if !strings.Contains(refused.Error, "api_key="+authflow.Mask) {
		t.Errorf("the refused request's error does not show the masked key: %q", refused.Error)
	}
	// The echoes must have come back masked, or the test proves nothing.
	for _, res := range rep.Results[:6] {
		masked := false
		for _, a := range res.Assertions {
			masked = masked || strings.Contains(a.Actual, authflow.Mask)
		}
		if !masked || res.Error != "" {
			t.Errorf("request %s: no masked echo among %+v (error %q)", res.Name, res.Assertions, res.Error)
		}
	}

	jsonOut, junitOut, textOut := encodeAll(t, rep)
	for name, out := range map[string]string{"JSON": jsonOut, "JUnit": junitOut, "text": textOut} {
		for label, secret := range canaries {
			for _, form := range secretForms(secret) {
				if strings.Contains(out, form) {
					t.Errorf("%s report holds canary %s as %q:\n%s", name, label, form, out)
				}
			}
		}
		for _, form := range []string{
			base64.StdEncoding.EncodeToString([]byte("alice:" + canaries["BASIC_PW"])),
			base64.StdEncoding.EncodeToString([]byte("demo-client:" + url.QueryEscape(canaries["CLIENT_SECRET"]))),
		} {
			if strings.Contains(out, form) {
				t.Errorf("%s report holds Basic credentials %q", name, form)
			}
		}
	}
}

// secretForms returns the forms a secret can take in an output: as is,
// URL-query and path escaped, JSON escaped, XML escaped.
func secretForms(s string) []string {
	j, _ := json.Marshal(s)
	var x strings.Builder
	xmlEscape(&x, s)
	return []string{s, url.QueryEscape(s), url.PathEscape(s), string(j[1 : len(j)-1]), x.String()}
}

func xmlEscape(w io.StringWriter, s string) {
	w.WriteString(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s))
}

// TestCapturedCredentialIsMaskedInTheReport checks the run-wide pass: a
// token the login's failed assertion would show is not shown, as the
// collection sends it as a bearer token: the value jq made of the
// response is withheld.
func TestCapturedCredentialIsMaskedInTheReport(t *testing.T) {
	const token = "canary-captured-token-9"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"token": "`+token+`"}`)
	})
	c := parse(t, `
name = "Captured"
version = 1
[profile.session]
type = "bearer"
token = "{{token}}"
[[request]]
name = "Login"
url = "{{base_url}}/login"
[request.expect]
jq = [".token"]
[request.capture]
token = ".token"
[[request]]
name = "Use"
url = "{{base_url}}/use"
profile = "session"
`)
	rep := mustRun(t, context.Background(), c, options(srv.URL))
	jsonOut, junitOut, textOut := encodeAll(t, rep)
	for name, out := range map[string]string{"JSON": jsonOut, "JUnit": junitOut, "text": textOut} {
		if strings.Contains(out, token) {
			t.Errorf("%s report holds the captured token:\n%s", name, out)
		}
	}
	if got := rep.Results[0].Assertions[1].Actual; got != "a string ("+hiddenValue+")" {
		t.Errorf("login's jq assertion shows %q, want it withheld", got)
	}
}
