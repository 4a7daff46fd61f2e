package importer

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
)

// importPostmanFiles imports the collection at path with the environment
// exports envs, from testdata/postman.
func importPostmanFiles(t *testing.T, path string, envs ...string) *Collection {
	t.Helper()
	read := func(name string) []byte {
		data, err := os.ReadFile("testdata/postman/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	in := Input{Name: path, Data: read(path)}
	for _, e := range envs {
		in.Environments = append(in.Environments, File{Name: e, Data: read(e)})
	}
	c, err := ImportPostman(in)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPostmanNotesExport imports an export shaped as Postman 11 writes
// it: nested folders, auth inherited from the collection (bearer),
// overridden by a folder (basic) and turned off on a request (noauth),
// collection variables, a secret environment value, scripts.
func TestPostmanNotesExport(t *testing.T) {
	ic := importPostmanFiles(t, "notes.postman_collection.json", "staging.postman_environment.json")
	res, stored := write(t, ic)
	c := checkTOML(t, res.TOML)
	noSecretIn(t, res, stored)
	toml := string(res.TOML)

	if c.Name != "Notes API" || c.DefaultProfile != "bearer" {
		t.Errorf("name %q, default profile %q", c.Name, c.DefaultProfile)
	}
	type want struct{ folder, method, url, profile string }
	wants := map[string]want{
		"List notes":              {"Notes", "GET", "{{baseUrl}}/notes", ""},
		"Create note":             {"Notes", "POST", "{{baseUrl}}/notes", ""},
		"Get note":                {"Notes", "GET", "{{baseUrl}}/notes/{{noteId}}", ""},
		"Upload attachment":       {"Notes/Attachments", "POST", "{{baseUrl}}/notes/{{noteId}}/attachments", ""},
		"List users":              {"Admin", "GET", "{{baseUrl}}/admin/users", "admin-basic"},
		"Log in with a form":      {"Admin", "POST", "{{baseUrl}}/login", "none"},
		"Health":                  {"", "GET", "{{baseUrl}}/health", "none"},
		"Search with an API key":  {"", "GET", "{{baseUrl}}/search", "search-with-an-api-key-apikey"},
		"Reports (service token)": {"", "GET", "{{baseUrl}}/reports", "reports-service-token-oauth2-client"},
	}
	if len(c.Requests) != len(wants) {
		t.Fatalf("%d requests, want %d", len(c.Requests), len(wants))
	}
	for _, r := range c.Requests {
		w, ok := wants[r.Name]
		if got := (want{r.Folder, r.Method, r.URL, r.Profile}); !ok || got != w {
			t.Errorf("request %q: %+v, want %+v", r.Name, got, w)
		}
	}
	list := c.Request("List notes")
	if _, debug := header(list, "X-Debug"); debug || len(list.Query) != 2 || list.Query[1].Value != "café bar" || list.Expect.Status != 200 {
		t.Errorf("List notes: headers %v, query %v, status %d", list.Headers, list.Query, list.Expect.Status)
	}
	if c.Request("Create note").Expect.Status != 201 {
		t.Error("pm.expect(pm.response.code).to.eql(201) did not become expect.status")
	}
	if form := c.Request("Log in with a form").Form; len(form) != 2 {
		t.Errorf("form %v (the disabled field must be left out)", form)
	}

	// Credentials: literals and the values of variables that hold them go
	// to the store; a Postman secret-typed environment value too.
	wantStored := map[string]string{
		"access_token":                        "tok-collection-7c1d2e",
		"notes-staging-access_token":          "tok-staging-9f8e7d",
		"notes-staging-admin_password":        "staging-admin-Pa55",
		"search-with-an-api-key-apikey-value": "k-5f2a9c1e7b",
	}
	for k, v := range wantStored {
		if stored[k] != v {
			t.Errorf("secret %s = %q, want %q (stored %v)", k, stored[k], v, stored)
		}
	}
	if c.Vars["access_token"] != "{{secret:access_token}}" || c.Envs["notes-staging"]["admin_password"] != "{{secret:notes-staging-admin_password}}" {
		t.Errorf("vars %v, env %v", c.Vars, c.Envs)
	}
	if _, ok := c.Envs["notes-staging"]["legacy"]; ok {
		t.Error("a disabled environment value was imported")
	}

	// What keyway does not do is said, per item.
	for _, line := range []string{
		"# Not imported: its pre-request script (keyway runs no code from a collection)",
		"# Postman's {{$guid}} is a new value on every send",
		"# Folder Notes:\n# Everything about notes.\n# Lists the caller's notes, newest first.",
		"# Not imported: the collection's pre-request script",
	} {
		if !strings.Contains(toml, line) {
			t.Errorf("the TOML lacks %q:\n%s", line, toml)
		}
	}
	if slices.ContainsFunc(res.Unmapped, func(s string) bool { return strings.Contains(s, `"Reports (service token)"`) }) {
		t.Errorf("the client credentials grant was not mapped: %q", res.Unmapped)
	}
}

func TestPostmanErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"v1 export", `{"id": "x", "name": "Old", "order": [], "requests": [{"id": "r", "url": "https://x"}]}`, "c.json:1:1: this is a Postman collection v1 export"},
		{"another JSON", `{"openapi": "3.0.3", "paths": {}}`, "c.json:1:1: not a Postman collection v2.1 export"},
		{"truncated", "{\n  \"info\": {\"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},\n  \"item\": [\n    {\"name\": \"a\",", "c.json:4:18: not valid JSON"},
		{"item of the wrong shape", "{\"info\": {\"name\": \"n\"},\n \"item\": [{\"name\": \"a\", \"request\": {\"url\": {\"host\": 7}}}]}", "c.json:2:53: host: expected a string or an array of strings, found a JSON number"},
		{"YAML", "openapi: 3.0.0\n", "c.json:1:1: not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImportPostman(Input{Name: "c.json", Data: []byte(c.in)})
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v\nwant %q…", err, c.want)
			}
		})
	}
	t.Run("environment", func(t *testing.T) {
		_, err := ImportPostman(Input{Name: "c.json", Data: []byte(`{"info": {"name": "n"}, "item": []}`),
			Environments: []File{{Name: "e.json", Data: []byte(`{"info": {"name": "n"}, "item": []}`)}}})
		if err == nil || !strings.HasPrefix(err.Error(), "e.json:1:1: not a Postman environment export") {
			t.Fatalf("got %v", err)
		}
	})
}

// TestPostmanInheritance covers Postman's auth inheritance on its own:
// a folder's noauth reaches its requests, a request's own auth wins, and
// an auth equal to the collection's is the default profile.
func TestPostmanInheritance(t *testing.T) {
	const export = `{"info": {"name": "I", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "pw-1234"}]},
"item": [
 {"name": "Open", "auth": {"type": "noauth"}, "item": [
   {"name": "a", "request": {"url": "https://x.example/a"}},
   {"name": "b", "request": {"url": "https://x.example/b", "auth": {"type": "inherit"}}},
   {"name": "c", "request": {"url": "https://x.example/c", "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t-5678"}]}}}
 ]},
 {"name": "d", "request": {"url": "https://x.example/d", "auth": {"type": "basic", "basic": {"username": "u", "password": "pw-1234"}}}},
 {"name": "e", "request": {"url": "https://x.example/e", "auth": {"type": "digest", "digest": []}}}
]}`
	c, res, stored := importText(t, "postman", export)
	noSecretIn(t, res, stored)
	got := map[string]string{}
	for _, r := range c.Requests {
		got[r.Name] = r.Profile
	}
	want := map[string]string{"a": "none", "b": "none", "c": "open-c-bearer", "d": "", "e": "none"}
	if !maps.Equal(got, want) || c.DefaultProfile != "basic" {
		t.Errorf("profiles %v, default %q; want %v", got, c.DefaultProfile, want)
	}
	if stored["basic-password"] != "pw-1234" || stored["open-c-bearer-token"] != "t-5678" {
		t.Errorf("stored %v", stored)
	}
	if !slices.ContainsFunc(res.Unmapped, func(s string) bool { return strings.Contains(s, `request "e": auth: Postman's "digest" auth`) }) {
		t.Errorf("unmapped %q", res.Unmapped)
	}
}

// TestPostmanOAuth2Password maps Postman's OAuth 2.0 password grant, its
// client and user credentials going to the store.
func TestPostmanOAuth2Password(t *testing.T) {
	const export = `{"info": {"name": "O", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"auth": {"type": "oauth2", "oauth2": [
  {"key": "grant_type", "value": "password_credentials"}, {"key": "accessTokenUrl", "value": "https://id.example.com/token"},
  {"key": "clientId", "value": "cli"}, {"key": "clientSecret", "value": "cs-0a1b2c"}, {"key": "client_authentication", "value": "body"},
  {"key": "username", "value": "alice"}, {"key": "password", "value": "pw-alice-9"}, {"key": "scope", "value": "read write"},
  {"key": "accessToken", "value": "at-kept-by-postman"}]},
"item": [{"name": "me", "request": {"url": "https://api.example.com/me"}}]}`
	c, res, stored := importText(t, "postman", export)
	noSecretIn(t, res, stored)
	p := c.Profiles[c.DefaultProfile]
	if p == nil || p.Type != "oauth2-password" || p.TokenURL != "https://id.example.com/token" || p.ClientID != "cli" || p.ClientAuth != "body" ||
		p.Username != "alice" || !slices.Equal(p.Scopes, []string{"read", "write"}) {
		t.Fatalf("profile %+v", p)
	}
	if stored["oauth2-password-client-secret"] != "cs-0a1b2c" || stored["oauth2-password-password"] != "pw-alice-9" || len(stored) != 2 {
		t.Errorf("stored %v (Postman's kept access token must not be imported)", stored)
	}
	if strings.Contains(string(res.TOML), "at-kept-by-postman") {
		t.Error("the access token Postman kept is in the TOML")
	}
}
