package tui

import (
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestCurlReusesTheUsersEnvironmentVariables: a password the profile reads
// from {{env:NAME}} appears in the copied command as $NAME — the variable
// the user's shell already has — and never as its value.
func TestCurlReusesTheUsersEnvironmentVariables(t *testing.T) {
	const password = "canary-env-password-41"
	c, err := collections.Parse("c.toml", []byte(`
[profile.alice]
type = "basic"
username = "alice"
password = "{{env:ALICE_PASSWORD}}"
[[request]]
name = "me"
url = "https://api.test/me"
profile = "alice"
`))
	if err != nil {
		t.Fatal(err)
	}
	scope := &collections.Scope{LookupEnv: func(name string) (string, bool) {
		return password, name == "ALICE_PASSWORD"
	}}
	cmd, err := realEngine{}.Curl(c, c.Requests[0], scope)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cmd.Script, password) || !strings.Contains(cmd.Script, "ALICE_PASSWORD") {
		t.Fatalf("the command should read $ALICE_PASSWORD and never show its value:\n%s", cmd.Script)
	}
}
