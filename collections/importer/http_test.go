package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// importHTTPFile imports testdata/http/NAME with its folder readable.
func importHTTPFile(t *testing.T, name string) (*collections.Collection, *Result, map[string]string) {
	t.Helper()
	dir := filepath.Join("testdata", "http")
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ImportHTTP(Input{Name: name, Data: data, ReadFile: func(rel string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, rel))
	}})
	if err != nil {
		t.Fatal(err)
	}
	res, stored := write(t, c)
	return checkTOML(t, res.TOML), res, stored
}

func TestHTTPVSCode(t *testing.T) {
	c, res, stored := importHTTPFile(t, "vscode.http")
	noSecretIn(t, res, stored)
	var names []string
	for _, r := range c.Requests {
		names = append(names, r.Name)
	}
	if strings.Join(names, ",") != "login,listItems,createItem,DELETE /v1/items/42" {
		t.Errorf("names %q", names)
	}
	login, list, create, del := c.Requests[0], c.Requests[1], c.Requests[2], c.Requests[3]
	if del.URL != "{{baseUrl}}/items/42" {
		t.Errorf("the full URL does not use {{baseUrl}}: %s", del.URL)
	}
	if c.Vars["baseUrl"] != "https://api.example.com/v1" || login.URL != "{{baseUrl}}/auth/login" || login.Method != "POST" {
		t.Errorf("login %s %s, vars %v", login.Method, login.URL, c.Vars)
	}
	if want := "{\n    \"username\": \"alice\",\n    \"password\": \"{{env:ALICE_PASSWORD}}\"\n}"; login.Body != want {
		t.Errorf("login body %q", login.Body)
	}
	if v, _ := header(login, "Content-Type"); v != "{{contentType}}" {
		t.Errorf("content-type %q", v)
	}
	if list.URL != "{{baseUrl}}/items" || len(list.Query) != 2 || list.Query[1] != (collections.KV{Key: "pageSize", Value: "50"}) {
		t.Errorf("list %s %v", list.URL, list.Query)
	}
	if p := c.Profiles[list.Profile]; p == nil || p.Type != "bearer" || p.Token != "{{apiToken}}" {
		t.Errorf("list profile %+v", p)
	}
	if c.Vars["apiToken"] != "{{secret:vscode/apiToken}}" || stored["vscode/apiToken"] != "tok_live_9a8b7c6d5e4f3a2b" {
		t.Errorf("apiToken %q, stored %v", c.Vars["apiToken"], stored)
	}
	if p := c.Profiles[create.Profile]; p == nil || p.Type != "basic" || p.Username != "alice" || stored["api.example.com/alice"] != "wonderland" {
		t.Errorf("create profile %+v", p)
	}
	if p := c.Profiles[del.Profile]; p == nil || p.Type != "apikey" || p.Value != "{{env:ITEMS_KEY}}" {
		t.Errorf("delete profile %+v", p)
	}
	out := string(res.TOML)
	if len(login.Capture) != 1 || login.Capture[0] != (collections.KV{Key: "sessionToken", Value: ".token"}) {
		t.Errorf("login captures %v: @sessionToken = {{login.response.body.$.token}} is a capture", login.Capture)
	}
	if _, defined := c.Vars["sessionToken"]; defined {
		t.Error("sessionToken is also in [vars], where it would hide nothing but confuse")
	}
	for _, want := range []string{"./fixtures/item.json", "{{$guid}}"} {
		if !strings.Contains(out, want) {
			t.Errorf("the TOML does not mention %s:\n%s", want, out)
		}
	}
	if !strings.Contains(strings.Join(res.Unmapped, "\n"), "$guid") {
		t.Errorf("unmapped %q", res.Unmapped)
	}
}

func TestHTTPJetBrains(t *testing.T) {
	c, res, stored := importHTTPFile(t, "jetbrains.http")
	noSecretIn(t, res, stored)
	if len(c.Requests) != 3 || c.Requests[0].Name != "Get the current user" || c.Requests[1].Name != "Create a note" || c.Requests[2].Name != "Health" {
		t.Fatalf("requests %+v", c.Requests)
	}
	user, note := c.Requests[0], c.Requests[1]
	if user.URL != "{{host}}/user" || c.Profiles[user.Profile].Token != "{{token}}" {
		t.Errorf("user %s %+v", user.URL, c.Profiles[user.Profile])
	}
	if want := "{\n  \"title\": \"Shopping\",\n  \"body\": \"eggs, milk, 'bread'\",\n  \"id\": \"{ {$random.uuid}}\"\n}"; note.Body != want {
		t.Errorf("note body %q", note.Body)
	}
	if strings.Join(c.EnvNames, ",") != "dev,production" || c.Envs["dev"]["host"] != "http://localhost:8080" {
		t.Errorf("envs %v %v", c.EnvNames, c.Envs)
	}
	if c.Envs["dev"]["token"] != "{{secret:jetbrains/dev/token}}" || stored["jetbrains/production/token"] != "prod-token-0a1b2c3d4e" {
		t.Errorf("tokens %v stored %v", c.Envs, stored)
	}
	if c.Vars["host"] != "http://localhost:8080" {
		t.Errorf("host defaults to %q, want the first environment's value", c.Vars["host"])
	}
	if c.Vars["apiVersion"] != "2024-05-01" {
		t.Errorf("$shared %v", c.Vars)
	}
	all := strings.Join(res.Unmapped, "\n")
	if user.Expect.Status != 200 || len(user.Capture) != 1 || user.Capture[0] != (collections.KV{Key: "user_id", Value: ".id"}) {
		t.Errorf("from the handler: status %d, captures %v", user.Expect.Status, user.Capture)
	}
	for _, want := range []string{"response handler script was not run (keyway runs no scripts: use expect and capture); read from it: expect.status = 200, capture user_id", "@no-redirect", "Security"} {
		if !strings.Contains(all, want) {
			t.Errorf("%s not listed: %q", want, res.Unmapped)
		}
	}
	if strings.Contains(string(res.TOML), "client.assert") {
		t.Errorf("the script leaked into the TOML:\n%s", res.TOML)
	}
}

func TestHTTPErrors(t *testing.T) {
	cases := map[string]string{
		"GET https://a.test/\nbad header line\n": "in.http:2:1: a header line",
		"":                                       "in.http:1:1: no request found",
		"### only a title\n# comment\n":          "in.http:1:1: no request found",
		"GET https://a.test/\nX: 1\n\xff\n":      "in.http:3:1: the file is not UTF-8",
		"\n\nPOST /items\n":                      "in.http:3:6: the URL \"/items\" has no host",
		"GET https://a.test/ with spaces HTTP/1.1\n": "in.http:1:1: a request line",
		"GET https://a.test/\n  Bad Header: x\n":     "in.http:2:3: a header line",
	}
	for text, want := range cases {
		_, err := ImportHTTP(Input{Name: "in.http", Data: []byte(text)})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: err = %v, want %s…", text, err, want)
		}
	}
	_, err := ImportHTTP(Input{Name: "in.http", Data: []byte("GET https://a.test/\n"), ReadFile: func(rel string) ([]byte, error) {
		if rel == "http-client.env.json" {
			return []byte("{\n  \"dev\": {\n    \"host\": \"x\",,\n  }\n}"), nil
		}
		return nil, os.ErrNotExist
	}})
	if err == nil || !strings.HasPrefix(err.Error(), "http-client.env.json:3:17: not valid JSON") {
		t.Errorf("env file error = %v", err)
	}
}

func TestHTTPMinimal(t *testing.T) {
	c, _, _ := importText(t, "http", "https://example.com/plain\n\n###\nget example.com/lower\n###\nPROPFIND https://dav.test/ HTTP/1.1\nDepth: 1\n")
	if len(c.Requests) != 3 || c.Requests[0].Method != "GET" || c.Requests[1].URL != "http://example.com/lower" || c.Requests[2].Method != "PROPFIND" {
		t.Errorf("%+v %+v %+v", c.Requests[0], c.Requests[1], c.Requests[2])
	}
}

func TestHTTPRequestVariables(t *testing.T) {
	text := "# @name login\nPOST https://a.test/login\n\n###\n@id = {{login.response.body.$.items[0].id}}\n@etag = {{login.response.headers.ETag}}\n@odd = {{login.response.body.$..name}}\nGET https://a.test/items/{{id}}\nIf-Match: {{etag}}\nX-Odd: {{odd}}\n"
	c, res, _ := importText(t, "http", text)
	if got := c.Requests[0].Capture; len(got) != 1 || got[0] != (collections.KV{Key: "id", Value: ".items[0].id"}) {
		t.Errorf("captures %v", got)
	}
	all := strings.Join(res.Unmapped, "\n")
	if !strings.Contains(all, "@etag takes {{login.response.headers.ETag}}") || !strings.Contains(all, "@odd takes") {
		t.Errorf("unmapped %q", res.Unmapped)
	}
	if c.Vars["etag"] != "{{prompt:etag}}" {
		t.Errorf("etag = %q", c.Vars["etag"])
	}
}

func FuzzHTTP(f *testing.F) {
	for _, name := range []string{"vscode.http", "jetbrains.http"} {
		data, err := os.ReadFile(filepath.Join("testdata", "http", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ImportHTTP(Input{Name: "fuzz.http", Data: []byte(text)})
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

// TestHTTPCredentialsInURLsAndFormsGoToTheStore: the password in
// https://user:password@host/, an API key in the query and a password
// form field leave a .http file for the secret store, as from a curl
// command; the collection holds none of them.
func TestHTTPCredentialsInURLsAndFormsGoToTheStore(t *testing.T) {
	text := "GET https://bob:url-pw-111@api.example.com/y?api_key=query-key-222\n\n###\n" +
		"POST https://id.example.com/token\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=password&username=bob&password=form-pw-333\n"
	c, err := ImportHTTP(Input{Name: "in.http", Data: []byte(text)})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	res, err := Write(c, func(name, value string, _ []string) error { stored[name] = value; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"url-pw-111", "query-key-222", "form-pw-333"} {
		if strings.Contains(string(res.TOML), secret) {
			t.Errorf("%s is in the collection:\n%s", secret, res.TOML)
		}
	}
	if stored["api.example.com/bob"] != "url-pw-111" || stored["api.example.com/api_key"] != "query-key-222" || stored["id.example.com/password"] != "form-pw-333" {
		t.Errorf("stored %v\n%s", stored, res.TOML)
	}
	if !strings.Contains(string(res.TOML), `url = "https://api.example.com/y"`) {
		t.Errorf("the URL keeps its userinfo:\n%s", res.TOML)
	}
}
