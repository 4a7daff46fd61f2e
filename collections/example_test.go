package collections_test

import (
	"fmt"

	"github.com/keyway-cli/keyway/collections"
)

// Every problem in a file is reported at once, each at its position.
func ExampleParse() {
	_, err := collections.Parse("demo.toml", []byte(`version = 1

[[request]]
name = "Who am I"
methd = "GET"
url = "ftp://example.com/me"

[request.expect]
status = "200"
`))
	fmt.Println(err)
	// Output:
	// demo.toml:5:1: unknown key "methd" in request "Who am I"; did you mean "method"?
	// demo.toml:6:7: request "Who am I": url: unsupported scheme "ftp": keyway sends http and https only
	// demo.toml:9:1: request "Who am I": expect.status must be an integer, not a string
}

// Prepare resolves references, lowest precedence first: vars, the chosen
// environment, --var, captures.
func ExampleCollection_Prepare() {
	c, err := collections.Parse("demo.toml", []byte(`
[vars]
base_url = "http://127.0.0.1:8080"

[env.staging]
base_url = "https://staging.example.com"

[[request]]
name = "Get user"
url = "{{base_url}}/users/{{user_id}}"
headers = { X-Key = "{{env:SERVICE_KEY}}" }
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := c.Prepare(c.Request("Get user"), &collections.Scope{
		Env:       "staging",
		Captures:  map[string]string{"user_id": "42"},
		LookupEnv: func(string) (string, bool) { return "k-123", true },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Request.Method, p.Request.URL)
	fmt.Println(p.Request.Header.Get("X-Key"), p.Secrets)
	// Output:
	// GET https://staging.example.com/users/42
	// k-123 [k-123]
}
