package run

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// htmlCanary is a secret with every character HTML, URL and JSON escape.
const htmlCanary = `canary<html>&"key'+/ 10`

// encodedForms are the forms a server may echo a value in: as is, JSON-,
// URL- and HTML-escaped, and in base64 (both alphabets, padded or not).
func encodedForms(s string) []string {
	j, _ := json.Marshal(s) // escapes <, > and & as \u003c…
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return []string{
		s,
		string(j[1 : len(j)-1]),
		strings.TrimSuffix(plain.String()[1:], "\"\n"),
		url.QueryEscape(s), url.PathEscape(s),
		html.EscapeString(s), template.HTMLEscapeString(s),
		base64.StdEncoding.EncodeToString([]byte(s)), base64.RawStdEncoding.EncodeToString([]byte(s)),
		base64.URLEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
	}
}

// htmlEchoServer answers /token with the canary access token and /echo
// with every credential it received, in every encoded form, in JSON and
// HTML bodies and in headers.
func htmlEchoServer(t *testing.T) string {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{
				"access_token": canaries["access-token"], "token_type": "Bearer", "expires_in": 3600})
			return
		}
		// Each value is echoed in every form, as received: the
		// containers (query string, JSON body) as they came, and the
		// values in them decoded, so that no form nests another (an
		// HTML-escaped JSON text is two encodings deep: see the report).
		raw, _ := io.ReadAll(r.Body)
		received := []string{r.Header.Get("Authorization"), r.Header.Get("X-API-Key"),
			r.Header.Get("Cookie"), r.Header.Get("X-Canary")}
		if q, err := url.ParseQuery(r.URL.RawQuery); err == nil {
			for _, vs := range q {
				received = append(received, vs...)
			}
		}
		var body map[string]string
		if json.Unmarshal(raw, &body) == nil {
			for _, v := range body {
				received = append(received, v)
			}
		}
		if user, pw, ok := r.BasicAuth(); ok {
			received = append(received, user+":"+pw, pw)
		}
		w.Header().Set("X-Raw-Query", r.URL.RawQuery)
		w.Header().Set("X-Raw-Body", string(raw))
		// Headers carry every form as it is; a body only the forms
		// that its own encoding leaves one level deep: JSON encodes the
		// value itself, HTML the HTML-escaped one, and both the URL and
		// base64 forms, which neither changes.
		var headerForms, bodyForms []string
		for _, v := range received {
			forms := encodedForms(v)
			headerForms = append(headerForms, forms...)
			bodyForms = append(bodyForms, forms[3:5]...)
			bodyForms = append(bodyForms, forms[7:]...)
		}
		for _, f := range headerForms {
			if len(f) < 200 && !strings.ContainsAny(f, "\r\n") {
				w.Header().Add("X-Echo", f)
			}
		}
		if r.URL.Query().Get("as") == "html" {
			w.Header().Set("Content-Type", "text/html")
			for _, v := range received {
				bodyForms = append(bodyForms, html.EscapeString(v), template.HTMLEscapeString(v))
			}
			io.WriteString(w, "<html><body>["+strings.Join(bodyForms, "]<br>[")+"]</body></html>")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.Encode(map[string]any{"echo": append(bodyForms, received...), "query": r.URL.RawQuery})
	})
	return srv.URL
}

// TestNoSecretReachesTheHTMLReport runs requests with every kind of
// credential, and a secret of HTML, URL and JSON special characters in a
// header, the query and the body, against a server that echoes all of them
// in every encoding; writes the HTML report at several body limits, so
// that cuts fall inside echoed secrets; and looks for every secret in
// every form in the page, and in the page read back as text.
func TestNoSecretReachesTheHTMLReport(t *testing.T) {
	base := htmlEchoServer(t)
	src := canaryTOML + `
[profile.html]
type = "apikey"
in = "header"
name = "X-API-Key"
value = "{{env:HTML_KEY}}"
`
	for _, p := range []string{"basic", "bearer", "query", "header", "cookie", "oauth", "html"} {
		for _, as := range []string{"json", "html"} {
			src += `
[[request]]
name = "` + p + ` ` + as + `"
method = "POST"
url = "{{base_url}}/echo?as=` + as + `&k={{env:HTML_KEY}}"
profile = "` + p + `"
headers = { X-Canary = "{{env:HTML_KEY}}" }
json = { secret = "{{env:HTML_KEY}}", oauth = "{{secret:oauth-pw}}" }
[request.expect]
status = 299
`
		}
	}
	c := parse(t, src)
	secrets := map[string]string{"HTML_KEY": htmlCanary}
	for k, v := range canaries {
		secrets[k] = v
	}
	lookup := func(name string) (string, bool) { v, ok := secrets[name]; return v, ok }

	for _, limit := range []int{17, 64, 151, 400, 1 << 13} {
		opts := Options{
			Scope: collections.Scope{
				Vars: map[string]string{"base_url": base}, LookupEnv: lookup, Secrets: secretMap(secrets),
			},
			Client:       authflow.NewClient(),
			Untraced:     true,
			KeepExchange: limit,
		}
		rep := mustRun(t, context.Background(), c, opts)
		var buf bytes.Buffer
		if err := rep.WriteHTML(&buf); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		// The echoes must be in the page, masked, or the test proves
		// nothing.
		if n := strings.Count(page, authflow.Mask); n < 100 {
			t.Errorf("limit %d: the page shows %d masks, too few for the echoes it should hold", limit, n)
		}
		text := html.UnescapeString(page)
		for label, secret := range secrets {
			all := append(encodedForms(secret), secretForms(secret)...)
			if label == "BASIC_PW" {
				all = append(all, encodedForms("alice:"+secret)...)
			}
			if label == "CLIENT_SECRET" {
				all = append(all, encodedForms("demo-client:"+url.QueryEscape(secret))...)
			}
			for _, form := range all {
				// A cut may leave the start of a form: two thirds of one
				// is already too much.
				part := form[:max(len(form)*2/3, authflow.MinSecretLength)]
				for where, s := range map[string]string{"page": page, "page as text": text} {
					if strings.Contains(s, part) {
						i := strings.Index(s, part)
						t.Errorf("limit %d: %s holds canary %s as %q: …%s…", limit, where, label, part,
							s[max(0, i-80):min(len(s), i+len(part)+80)])
					}
				}
			}
		}
	}
}
