package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// importText imports text in format, writes it, checks the TOML passes
// keyway check, and returns the loaded collection, the result and the
// secrets stored.
func importText(t *testing.T, format, text string) (*collections.Collection, *Result, map[string]string) {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("format %s is not registered", format)
	}
	c, err := f.Import(Input{Name: "input", Data: []byte(text)})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	res, stored := write(t, c)
	return checkTOML(t, res.TOML), res, stored
}

func importFile(t *testing.T, format, name string) (*collections.Collection, *Result, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", format, name))
	if err != nil {
		t.Fatal(err)
	}
	return importText(t, format, string(data))
}

func header(r *collections.Request, name string) (string, bool) {
	for _, h := range r.Headers {
		if strings.EqualFold(h.Key, name) {
			return h.Value, true
		}
	}
	return "", false
}

// noSecretIn fails when a stored secret's value is in the TOML.
func noSecretIn(t *testing.T, res *Result, stored map[string]string) {
	t.Helper()
	for name, v := range stored {
		if strings.Contains(string(res.TOML), v) {
			t.Errorf("secret %s's value is in the TOML:\n%s", name, res.TOML)
		}
	}
}

func TestCurlChromeBash(t *testing.T) {
	c, res, stored := importFile(t, "curl", "chrome_bash.sh")
	noSecretIn(t, res, stored)
	r := c.Requests[0]
	if r.Method != "POST" || r.URL != "https://app.example.com/api/v2/items" || r.Name != "POST /api/v2/items" {
		t.Errorf("request %s %s %q", r.Method, r.URL, r.Name)
	}
	if len(r.Query) != 2 || r.Query[0] != (collections.KV{Key: "page", Value: "2"}) || r.Query[1].Key != "sort" {
		t.Errorf("query %v", r.Query)
	}
	if want := `{"name":"it's a \"test\"","tags":["a","b"],"note":"café"}`; r.Body != want {
		t.Errorf("body %s, want %s", r.Body, want)
	}
	p := c.Profiles[r.Profile]
	if p == nil || p.Type != "bearer" || p.Token != "{{secret:app.example.com/token}}" {
		t.Fatalf("profile %+v", p)
	}
	if stored["app.example.com/token"] != "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl" {
		t.Errorf("stored %v", stored)
	}
	if v, _ := header(r, "Cookie"); v != "{{secret:app.example.com/cookie}}" || stored["app.example.com/cookie"] != "session=9f8e7d6c5b4a3f2e; theme=dark" {
		t.Errorf("cookie %q, stored %v", v, stored)
	}
	if _, ok := header(r, "authorization"); ok {
		t.Error("the Authorization header stayed beside the bearer profile")
	}
	if v, _ := header(r, "sec-ch-ua"); v != `"Chromium";v="131", "Not_A Brand";v="24"` {
		t.Errorf("sec-ch-ua %q", v)
	}
	if len(res.Unmapped) != 0 {
		t.Errorf("unmapped %q", res.Unmapped)
	}
}

func TestCurlChromeCmd(t *testing.T) {
	c, res, stored := importFile(t, "curl", "chrome_cmd.txt")
	noSecretIn(t, res, stored)
	r := c.Requests[0]
	if r.Method != "POST" || r.URL != "https://app.example.com/api/v2/items" || len(r.Query) != 2 {
		t.Errorf("request %s %s %v", r.Method, r.URL, r.Query)
	}
	// What curl.exe receives after cmd.exe and the C runtime: the quote
	// of \^" is kept, ^% ^& ^< ^> are the characters, ^\^\ stays two.
	if want := `{"name":"100%% sure & <ok>","path":"C:\\\\tmp"}`; r.Body != want {
		t.Errorf("body %s, want %s", r.Body, want)
	}
	if v, _ := header(r, "user-agent"); !strings.HasPrefix(v, "Mozilla/5.0 (Windows NT 10.0;") {
		t.Errorf("user-agent %q", v)
	}
	if c.Profiles[r.Profile] == nil || c.Profiles[r.Profile].Type != "bearer" {
		t.Errorf("profile %q", r.Profile)
	}
}

func TestCurlFirefox(t *testing.T) {
	c, res, stored := importFile(t, "curl", "firefox_bash.sh")
	noSecretIn(t, res, stored)
	r := c.Requests[0]
	if r.Method != "POST" || r.Body != `{"query":"query { cart { id total } }","variables":{}}` {
		t.Errorf("%s %q", r.Method, r.Body)
	}
	if v, _ := header(r, "X-CSRFToken"); v != "{{secret:shop.example.org/x-csrftoken}}" {
		t.Errorf("csrf header %q", v)
	}
	if v, _ := header(r, "Cookie"); !strings.HasPrefix(v, "{{secret:") {
		t.Errorf("cookie %q", v)
	}
}

func TestCurlStripeDocs(t *testing.T) {
	c, res, stored := importFile(t, "curl", "stripe.sh")
	noSecretIn(t, res, stored)
	if len(c.Requests) != 2 {
		t.Fatalf("%d requests", len(c.Requests))
	}
	create, list := c.Requests[0], c.Requests[1]
	if create.Name != "Create a customer" || list.Name != "List charges" {
		t.Errorf("names %q, %q: the comments above the commands name them", create.Name, list.Name)
	}
	if create.Method != "POST" || create.URL != "{{base_url}}/v1/customers" || c.Vars["base_url"] != "https://api.stripe.com" {
		t.Errorf("create: %s %s, base_url %q", create.Method, create.URL, c.Vars["base_url"])
	}
	if want := "name=Jenny Rosen&email=jenny.rosen%40example.com&metadata[order_id]=6735"; create.Body != want {
		t.Errorf("body %q, want %q", create.Body, want)
	}
	if v, _ := header(create, "Content-Type"); v != "application/x-www-form-urlencoded" {
		t.Errorf("content-type %q", v)
	}
	if list.Method != "GET" || list.Body != "" || len(list.Query) != 1 || list.Query[0].Value != "3" {
		t.Errorf("list: %s %q %v", list.Method, list.Body, list.Query)
	}
	p := c.Profiles[create.Profile]
	if p == nil || p.Type != "basic" || p.Username != "{{secret:api.stripe.com/api-key}}" || p.Password != "" || list.Profile != create.Profile {
		t.Errorf("profile %+v; list uses %q", p, list.Profile)
	}
	if stored["api.stripe.com/api-key"] != "sk_test_4eC39HqLyjWDarjtT1zdp7dc" || len(stored) != 1 {
		t.Errorf("stored %v", stored)
	}
}

func TestCurlGitHubDocs(t *testing.T) {
	c, res, stored := importFile(t, "curl", "github.sh")
	if len(stored) != 0 {
		t.Errorf("stored %v: $GITHUB_TOKEN is a reference, not a secret", stored)
	}
	r := c.Requests[0]
	if r.Method != "POST" || r.URL != "https://api.github.com/repos/OWNER/REPO/issues" {
		t.Errorf("%s %s", r.Method, r.URL)
	}
	if want := `{"title":"Found a bug","body":"I'm having a problem with this.","labels":["bug"]}`; r.Body != want {
		t.Errorf("body %s", r.Body)
	}
	p := c.Profiles[r.Profile]
	if p == nil || p.Type != "bearer" || p.Token != "{{env:GITHUB_TOKEN}}" {
		t.Errorf("profile %+v\n%s", p, res.TOML)
	}
}

func TestCurlOptions(t *testing.T) {
	cases := []struct {
		name, line string
		check      func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string)
	}{
		{"grouped short options and attached values", `curl -sSLXPUT -HX-Trace:1 -d@body.json https://x.test/a`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if r.Method != "PUT" {
				t.Errorf("method %s", r.Method)
			}
			if v, _ := header(r, "X-Trace"); v != "1" {
				t.Errorf("header %q", v)
			}
			if !strings.Contains(string(res.TOML), "body.json") {
				t.Errorf("the body file is not named:\n%s", res.TOML)
			}
		}},
		{"head, user agent, referer, insecure, TLS files, timeout", `curl -I -A 'agent/1.0' -e https://ref.test/ -k --cacert ca.pem --cert client.pem --key client.key -m 7 --compressed https://x.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			ua, _ := header(r, "User-Agent")
			ref, _ := header(r, "Referer")
			if r.Method != "HEAD" || ua != "agent/1.0" || ref != "https://ref.test/" || !r.Insecure || r.TLS.CAFile != "ca.pem" || r.TLS.ClientCert != "client.pem" || r.TLS.ClientKey != "client.key" || r.Timeout.Seconds() != 7 {
				t.Errorf("%+v", r)
			}
		}},
		{"json", `curl --json '{"a":1}' https://x.test/j`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			ct, _ := header(r, "Content-Type")
			acc, _ := header(r, "Accept")
			if r.Method != "POST" || r.Body != `{"a":1}` || ct != "application/json" || acc != "application/json" {
				t.Errorf("%s %q %q %q", r.Method, r.Body, ct, acc)
			}
		}},
		{"form body becomes a form table", `curl -d grant_type=client_credentials -d scope=read%20write https://x.test/token`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if len(r.Form) != 0 || r.Body != "grant_type=client_credentials&scope=read%20write" {
				// %20 is not how url.QueryEscape writes a space: kept raw.
				t.Errorf("form %v body %q", r.Form, r.Body)
			}
		}},
		{"form table when it re-encodes the same", `curl -d grant_type=client_credentials -d scope=read+write https://x.test/token`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if len(r.Form) != 2 || r.Form[1] != (collections.KV{Key: "scope", Value: "read write"}) {
				t.Errorf("form %v body %q", r.Form, r.Body)
			}
		}},
		{"basic with password, oauth2 bearer, several URLs", `curl -u alice:wonder-land-42 https://a.test/1 --url https://a.test/2`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			p := c.Profiles[r.Profile]
			if p.Type != "basic" || p.Username != "alice" || p.Password != "{{secret:a.test/alice}}" || stored["a.test/alice"] != "wonder-land-42" {
				t.Errorf("%+v %v", p, stored)
			}
			if len(c.Requests) != 2 || c.Requests[1].Profile != r.Profile || c.Requests[1].URL != "{{base_url}}/2" {
				t.Errorf("second request %+v", c.Requests[1])
			}
		}},
		{"user without password is prompted", `curl -u bob https://a.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			if p := c.Profiles[r.Profile]; p.Password != "{{prompt:Password for bob}}" || len(stored) != 0 {
				t.Errorf("%+v", p)
			}
		}},
		{"credentials in the URL", `curl https://carol:s3cret-pass@a.test/x`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			if r.URL != "https://a.test/x" || c.Profiles[r.Profile].Username != "carol" || stored["a.test/carol"] != "s3cret-pass" {
				t.Errorf("%s %+v %v", r.URL, c.Profiles[r.Profile], stored)
			}
		}},
		{"oauth2-bearer", `curl --oauth2-bearer tok-123456 https://a.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			if c.Profiles[r.Profile].Type != "bearer" || stored["a.test/token"] != "tok-123456" {
				t.Errorf("%+v", c.Profiles[r.Profile])
			}
		}},
		{"api key header", `curl -H 'X-API-Key: abcdef123456' -H 'Private-Token: glpat-xyz12345' https://api.example.com/v1/x`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			p := c.Profiles[r.Profile]
			if p.Type != "apikey" || p.In != "header" || p.KeyName != "X-API-Key" || p.Value != "{{secret:api.example.com/x-api-key}}" || r.Profile != "example-key" {
				t.Errorf("%q %+v", r.Profile, p)
			}
			if v, _ := header(r, "Private-Token"); v != "{{secret:api.example.com/private-token}}" || stored["api.example.com/private-token"] != "glpat-xyz12345" {
				t.Errorf("second key header %q", v)
			}
		}},
		{"api key in the query", `curl 'https://maps.example.com/geo?q=berlin&api_key=AIzaSyD-1234567890'`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			p := c.Profiles[r.Profile]
			if p.Type != "apikey" || p.In != "query" || p.KeyName != "api_key" || len(r.Query) != 1 {
				t.Errorf("%+v %v", p, r.Query)
			}
		}},
		{"other authorization scheme and basic header", `curl -H 'Authorization: Token abcdef0123' https://a.test/ ; curl -H 'Authorization: Basic YWxpY2U6c2VjcmV0LXB3' https://b.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, stored map[string]string) {
			if v, _ := header(r, "Authorization"); v != "Token {{secret:a.test/authorization}}" {
				t.Errorf("auth header %q", v)
			}
			b := c.Requests[1]
			if p := c.Profiles[b.Profile]; p.Type != "basic" || p.Username != "alice" || stored["b.test/alice"] != "secret-pw" {
				t.Errorf("%+v %v", p, stored)
			}
		}},
		{"data-urlencode forms", `curl --data-urlencode 'q=a b&c' --data-urlencode '=x/y' --data-urlencode 'plain text' https://a.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if r.Body != "q=a+b%26c&x%2Fy&plain+text" {
				t.Errorf("body %q", r.Body)
			}
		}},
		{"multipart", `curl -F name=logo -F 'file=@logo.png;type=image/png' https://a.test/upload`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			out := string(res.TOML)
			if r.Method != "POST" || !strings.Contains(out, "logo.png") || !strings.Contains(out, "multipart") {
				t.Errorf("%s\n%s", r.Method, out)
			}
		}},
		{"unknown options are listed", `curl --frobnicate -Q x --proxy http://p:3128 https://a.test/`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			all := strings.Join(res.Unmapped, "\n")
			for _, want := range []string{"--frobnicate", "-Q", "--proxy"} {
				if !strings.Contains(all, want) || !strings.Contains(string(res.TOML), want) {
					t.Errorf("%s not listed: %q", want, res.Unmapped)
				}
			}
		}},
		{"next starts another request", `curl -H 'A: 1' https://a.test/1 --next -X DELETE https://a.test/2`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if len(c.Requests) != 2 || c.Requests[1].Method != "DELETE" || len(c.Requests[1].Headers) != 0 {
				t.Errorf("%+v", c.Requests)
			}
		}},
		{"command substitution is text, not run", "curl -H \"X-Date: $(date)\" -d `id` https://a.test/ && echo done", func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if v, _ := header(r, "X-Date"); v != "$(date)" || r.Body != "`id`" {
				t.Errorf("%q %q", v, r.Body)
			}
			if !strings.Contains(strings.Join(res.Unmapped, "\n"), `"echo done" is not a curl command`) {
				t.Errorf("%q", res.Unmapped)
			}
		}},
		{"references in the input are not followed", `curl -d '{{secret:github-token}} {{env:HOME}} {{$guid}}' 'https://a.test/{{id}}'`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if r.Body != "{ {secret:github-token}} { {env:HOME}} { {$guid}}" || r.URL != "https://a.test/{{id}}" {
				t.Errorf("%q %q", r.Body, r.URL)
			}
			if _, ok := c.Vars["id"]; !ok {
				t.Error("the {{id}} variable is not defined")
			}
		}},
		{"ansi-c quoting and continuations", "curl \\\n  -H $'X-Tab: a\\tb' \\\n  $'https://a.test/\\x41'", func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if v, _ := header(r, "X-Tab"); v != "a\tb" || r.URL != "https://a.test/A" {
				t.Errorf("%q %q", v, r.URL)
			}
		}},
		{"no scheme, get with data", `curl -G -d q=1 example.com/search`, func(t *testing.T, r *collections.Request, c *collections.Collection, res *Result, _ map[string]string) {
			if r.URL != "http://example.com/search" || len(r.Query) != 1 || r.Method != "GET" {
				t.Errorf("%s %v", r.URL, r.Query)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// keyway check opens TLS files, relative to the collection.
			t.Chdir(t.TempDir())
			for _, f := range []string{"ca.pem", "client.pem", "client.key"} {
				if err := os.WriteFile(f, []byte("pem"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			c, res, stored := importText(t, "curl", tc.line)
			noSecretIn(t, res, stored)
			tc.check(t, c.Requests[0], c, res, stored)
		})
	}
}

func TestCurlErrors(t *testing.T) {
	cases := map[string]string{
		"curl 'https://a.test/":   "input:1:6: ",
		"echo hello":              "input:1:1: no curl command",
		"":                        "input:1:1: no curl command",
		"curl \"a ^\r\n  -H ^\"x": "input:",
	}
	for text, want := range cases {
		f, _ := Lookup("curl")
		_, err := f.Import(Input{Name: "input", Data: []byte(text)})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: err = %v, want %s…", text, err, want)
		}
	}
}

func FuzzCurl(f *testing.F) {
	for _, name := range []string{"chrome_bash.sh", "chrome_cmd.txt", "firefox_bash.sh", "stripe.sh", "github.sh"} {
		data, err := os.ReadFile(filepath.Join("testdata", "curl", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(`curl -u a:b -H 'X-Api-Key: k' -F a=@b --json '{}' -G -d x=1 https://h/{{v}}`)
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ImportCurl(Input{Name: "fuzz", Data: []byte(text)})
		if err != nil {
			return
		}
		res, err := Write(c, func(string, string, []string) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		checkTOML(t, res.TOML)
	})
}

// TestUnmappedOptionsDoNotQuoteCredentials: the line saying an option
// was left out goes to stderr, so it quotes no value that may be a
// credential — a proxy's userinfo, a proxy or TLS password, a proxy
// header, a variable — while a harmless value is still shown.
func TestUnmappedOptionsDoNotQuoteCredentials(t *testing.T) {
	cmd := `curl -x http://puser:proxy-pw-111@proxy:8080 --proxy-user u:proxy-pw-222 --pass key-pw-333 ` +
		`--tlspassword tls-pw-444 --proxy-header 'Proxy-Authorization: Basic cHJveHktcHctNTU1' ` +
		`--variable tok=var-pw-666 --socks5 suser:socks-pw-777@s:1080 --resolve api.example.com:443:127.0.0.1 https://api.example.com/x`
	c, err := ImportCurl(Input{Name: "stdin", Data: []byte(cmd)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Write(c, func(string, string, []string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(res.Unmapped, "\n") + string(res.TOML)
	for _, secret := range []string{"proxy-pw-111", "proxy-pw-222", "key-pw-333", "tls-pw-444", "cHJveHktcHctNTU1", "var-pw-666", "socks-pw-777"} {
		if strings.Contains(all, secret) {
			t.Errorf("%s is quoted:\n%s", secret, all)
		}
	}
	if !strings.Contains(all, `option --resolve "api.example.com:443:127.0.0.1" has no keyway setting`) {
		t.Errorf("a harmless value is no longer shown:\n%s", all)
	}
}

// TestFormCredentialsGoToTheStore: a token request copied from API docs
// keeps its password and client secret out of the collection.
func TestFormCredentialsGoToTheStore(t *testing.T) {
	cmd := `curl -d grant_type=password -d username=bob -d password=form-pw-111 -d client_secret=form-cs-222 https://id.example.com/token`
	c, err := ImportCurl(Input{Name: "stdin", Data: []byte(cmd)})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	res, err := Write(c, func(name, value string, _ []string) error { stored[name] = value; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"form-pw-111", "form-cs-222"} {
		if strings.Contains(string(res.TOML), secret) {
			t.Errorf("%s is in the collection:\n%s", secret, res.TOML)
		}
	}
	if !strings.Contains(string(res.TOML), `password = "{{secret:id.example.com/password}}"`) || stored["id.example.com/password"] != "form-pw-111" ||
		stored["id.example.com/client_secret"] != "form-cs-222" || !strings.Contains(string(res.TOML), `username = "bob"`) {
		t.Errorf("stored %v\n%s", stored, res.TOML)
	}
}
