package importer

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

func importOpenAPIFile(t *testing.T, name string) (*collections.Collection, *Result) {
	t.Helper()
	data, err := os.ReadFile("testdata/openapi/" + name)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ImportOpenAPI(Input{Name: name, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	res, stored := write(t, c)
	if len(stored) != 0 {
		t.Errorf("an OpenAPI document holds no credentials, yet %v were stored", stored)
	}
	return checkTOML(t, res.TOML), res
}

type oaWant struct {
	folder, method, url, profile string
	status                       int
}

func checkRequests(t *testing.T, c *collections.Collection, wants map[string]oaWant) {
	t.Helper()
	if len(c.Requests) != len(wants) {
		t.Errorf("%d requests, want %d", len(c.Requests), len(wants))
	}
	for _, r := range c.Requests {
		got := oaWant{r.Folder, r.Method, r.URL, r.Profile, r.Expect.Status}
		if w, ok := wants[r.Name]; !ok || got != w {
			t.Errorf("request %q: %+v, want %+v", r.Name, got, w)
		}
	}
}

// TestOpenAPI30YAML imports a 3.0 YAML document with $refs (parameters,
// schemas, responses), allOf, oneOf, enums, three servers with server
// variables, and security at the document and operation level.
func TestOpenAPI30YAML(t *testing.T) {
	c, res := importOpenAPIFile(t, "petstore-3.0.yaml")
	toml := string(res.TOML)
	checkRequests(t, c, map[string]oaWant{
		"List pets":      {"pets", "GET", "{{base_url}}/pets", "", 200},
		"Add a pet":      {"pets", "POST", "{{base_url}}/pets", "petstore-auth-pets-write", 201},
		"Get a pet":      {"pets", "GET", "{{base_url}}/pets/{{petId}}", "", 200},
		"Delete a pet":   {"pets", "DELETE", "{{base_url}}/pets/{{petId}}", "api-key", 204},
		"Place an order": {"store", "POST", "{{base_url}}/store/orders", "", 200},
		"Health":         {"", "GET", "{{base_url}}/health", "none", 200},
		"Admin report":   {"admin", "GET", "{{base_url}}/admin/report", "basicauth", 200},
	})
	// Servers: the first is [vars], with its variables; the others are
	// environments.
	if c.Vars["base_url"] != "https://{{region}}.petstore.example.com/v2" || c.Vars["region"] != "eu" || c.Vars["petId"] != "7" {
		t.Errorf("vars %v", c.Vars)
	}
	if !slices.Equal(c.EnvNames, []string{"staging", "local"}) || c.Envs["local"]["base_url"] != "http://localhost:{{port}}/v2" || c.Envs["local"]["port"] != "8080" {
		t.Errorf("environments %v %v", c.EnvNames, c.Envs)
	}
	// Security: the document's default with its scopes, an operation's
	// other scopes, an API key, Basic; the implicit flow is said to be left.
	if c.DefaultProfile != "petstore-auth" {
		t.Errorf("default profile %q", c.DefaultProfile)
	}
	def, write := c.Profiles["petstore-auth"], c.Profiles["petstore-auth-pets-write"]
	if def.Type != "oauth2-password" || def.TokenURL != "https://auth.petstore.example.com/oauth/token" || !slices.Equal(def.Scopes, []string{"pets:read"}) || !slices.Equal(write.Scopes, []string{"pets:write"}) {
		t.Errorf("oauth2 profiles %+v %+v", def, write)
	}
	if k := c.Profiles["api-key"]; k.In != "header" || k.KeyName != "X-API-Key" || k.Value != "{{prompt:API key}}" {
		t.Errorf("api key profile %+v", k)
	}
	// Parameters: a query example, an enum's first value, a required
	// header from a $ref with a format's example; bodies from schemas.
	list := c.Request("List pets")
	if len(list.Query) != 2 || list.Query[0] != (collections.KV{Key: "limit", Value: "20"}) || list.Query[1] != (collections.KV{Key: "status", Value: "available"}) {
		t.Errorf("query %v", list.Query)
	}
	if v, _ := header(list, "X-Request-Id"); v != formatExamples()["uuid"] {
		t.Errorf("X-Request-Id %q", v)
	}
	if add := c.Request("Add a pet"); add.Body != "{\n  \"name\": \"Rex\",\n  \"kind\": \"dog\"\n}" {
		t.Errorf("body from NewPet (required properties, oneOf's first branch's enum): %q", add.Body)
	}
	if form := c.Request("Place an order").Form; len(form) != 2 || form[0].Value != "7" || form[1].Value != "1" {
		t.Errorf("form %v", form)
	}
	if !strings.Contains(toml, "# One of: eu, us.") {
		t.Errorf("the server variable's enum is not shown:\n%s", toml)
	}
}

// TestOpenAPI31JSON imports a 3.1 JSON document: type arrays, const,
// examples, a relative server, an external $ref (not followed),
// openIdConnect and alternatives of security requirements.
func TestOpenAPI31JSON(t *testing.T) {
	c, res := importOpenAPIFile(t, "notes-3.1.json")
	share := "oidc-openid-notes-share"
	checkRequests(t, c, map[string]oaWant{
		"Search notes":  {"notes", "GET", "{{base_url}}/notes", "", 200},
		"createNote":    {"notes", "POST", "{{base_url}}/notes", "", 201},
		"Share a note":  {"sharing", "PUT", "{{base_url}}/notes/{{noteId}}/share", share, 200},
		"Upload a file": {"notes", "POST", "{{base_url}}/files", "key-in-query", 0},
	})
	if c.DefaultProfile != "bearer" || c.Profiles["bearer"].Token != "{{prompt:Token}}" {
		t.Errorf("default profile %q", c.DefaultProfile)
	}
	if c.Vars["base_url"] != "https://api.notes.example.com/{{version}}" || c.Envs["same-host"]["base_url"] != "http://localhost/v1" {
		t.Errorf("vars %v envs %v", c.Vars, c.Envs)
	}
	if q := c.Request("Search notes").Query; len(q) != 1 || q[0].Value != "milk & eggs" {
		t.Errorf("query %v", q)
	}
	if b := c.Request("createNote").Body; !strings.Contains(b, `"due": null`) || !strings.HasPrefix(b, "{\n  \"title\": \"Groceries\",") {
		t.Errorf("body from the named example, in its order: %s", b)
	}
	// allOf merged, the external $ref left out, const kept.
	if b := c.Request("Share a note").Body; b != "{\n  \"email\": \"user@example.com\",\n  \"expires\": \"2026-01-01T00:00:00Z\",\n  \"role\": \"reader\"\n}" {
		t.Errorf("share body %q", b)
	}
	if slices.ContainsFunc(res.Unmapped, func(s string) bool { return strings.HasPrefix(s, `security scheme "service"`) }) {
		t.Errorf("the client credentials flow was not mapped: %q", res.Unmapped)
	}
	if !strings.Contains(string(res.TOML), "relative to where the document is served") {
		t.Error("the relative server URL has no note")
	}
}

func TestOpenAPIErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"swagger 2", "swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n", "d.yaml:1:1: this is an OpenAPI 2 (Swagger) document"},
		{"bad YAML", "openapi: 3.0.0\ninfo:\n  title: [unclosed\npaths: {}\n", "d.yaml:3:10: not valid YAML or JSON ((while parsing a flow sequence) did not find expected ',' or ']')"},
		{"truncated JSON", "{\"openapi\": \"3.1.0\",\n \"paths\": {", "d.yaml:3:1: not valid YAML or JSON ((while parsing a flow node) did not find expected node content)"},
		{"not OpenAPI", "{\"info\": {\"name\": \"a Postman export\"}, \"item\": []}", "d.yaml:1:1: not an OpenAPI 3.0 or 3.1 document: it has no openapi: 3.x at its top"},
		{"empty", "", "d.yaml: the file is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImportOpenAPI(Input{Name: "d.yaml", Data: []byte(c.in)})
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Fatalf("got %v, want %q…", err, c.want)
			}
			t.Log(err)
		})
	}
}

// TestOpenAPICycles: schemas that refer to themselves, directly or through
// allOf, give a finite example body; a $ref to another file is not read.
func TestOpenAPICycles(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Cycles, version: "1"}
paths:
  /nodes:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses: {'201': {description: ok}}
components:
  schemas:
    Node:
      type: object
      required: [name, children, self, outside]
      properties:
        name: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        self: {allOf: [{$ref: '#/components/schemas/Node'}]}
        outside: {$ref: '../../../../etc/passwd#/x'}
`
	c, res, _ := importText(t, "openapi", doc)
	if b := c.Requests[0].Body; b != "{\n  \"name\": \"string\",\n  \"children\": [],\n  \"self\": {}\n}" {
		t.Errorf("body %q\n%s", b, res.TOML)
	}
}
