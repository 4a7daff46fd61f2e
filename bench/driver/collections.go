package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The credentials bench/server accepts, handed to keyway through the
// environment as a user would ({{env:NAME}} references).
const (
	staticToken  = "bench-static-token"
	password     = "bench-password"
	clientSecret = "bench-client-secret"
)

// header starts every benchmark collection: the server's address and the
// profiles: a static bearer token, an OAuth2 password grant and a client
// credentials grant.
func header(base, defaultProfile string) string {
	return fmt.Sprintf(`name = "bench"
version = 1
default_profile = %q

[vars]
base_url = %q

[profile.static]
type = "bearer"
token = "{{env:BENCH_TOKEN}}"

[profile.oauth]
type = "oauth2-password"
token_url = "{{base_url}}/oauth/token"
username = "bench"
password = "{{env:BENCH_PASSWORD}}"

[profile.service]
type = "oauth2-client-credentials"
token_url = "{{base_url}}/oauth/token"
client_id = "bench-client"
client_secret = "{{env:BENCH_CLIENT_SECRET}}"
`, defaultProfile, base)
}

// getCollection is n plain GETs of path(i), like the loop's.
func getCollection(base, profile string, n int, path func(i int) string) string {
	var b strings.Builder
	b.WriteString(header(base, profile))
	for i := range n {
		fmt.Fprintf(&b, "\n[[request]]\nname = \"get %d\"\nurl = \"{{base_url}}%s\"\n", i, path(i))
	}
	return b.String()
}

// bigCollection is the loading workload: n requests with headers, query,
// a JSON body, assertions and a capture each (the shape of
// collections/bench_test.go's), about 3 MB for n = 10,000.
func bigCollection(base string, n int) string {
	var b strings.Builder
	b.WriteString(header(base, "static"))
	for i := range n {
		fmt.Fprintf(&b, `
[[request]]
name = "request %d"
folder = "folder %d"
method = "POST"
url = "{{base_url}}/items/%d"
headers = { Accept = "application/json", X-Request = "%d" }
query = { page = "%d" }
json = { id = %d, name = "item {{base_url}}", tags = ["a", "b"] }
timeout = "5s"
[request.expect]
status = 200
jq = [".id == %d"]
[request.capture]
id_%d = ".id"
`, i, i%10, i, i, i, i, i, i)
	}
	return b.String()
}

// writeCollection writes content to dir/name and returns its path.
func writeCollection(dir, name, content string) (string, error) {
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, []byte(content), 0o600)
}
