package tui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// boundCanary is a secret the store binds to api.example.com only.
const boundCanary = "canary-bound-61ad"

// boundSecrets holds pw, bound to api.example.com.
type boundSecrets struct{}

func (boundSecrets) Get(name string) (string, error) {
	if name == "pw" {
		return boundCanary, nil
	}
	return "", errors.New("no such secret")
}

func (boundSecrets) Hosts(name string) ([]string, error) { return []string{"api.example.com"}, nil }

// checkTOML pairs a request with no secret of its own with a profile whose
// password is a secret (bound to another host) or an environment variable.
const checkTOML = `name = "Check"
version = 1

[profile.plain]
type = "bearer"
token = "t"

[profile.bound]
type = "basic"
username = "alice"
password = "{{secret:pw}}"

[profile.fromenv]
type = "basic"
username = "alice"
password = "{{env:KEYWAY_CHECK_PW}}"

[[request]]
name = "Who am I"
profile = "plain"
url = "http://127.0.0.1:8080/me"
`

// TestFlowChecksTheWalkedProfileAgainstTheRequest: the walk pairs a
// profile with a request that names another; the profile's host-bound
// secret or environment variable must not be sent where it may not go.
func TestFlowChecksTheWalkedProfileAgainstTheRequest(t *testing.T) {
	coll, err := collections.Parse("check.toml", []byte(checkTOML))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		profile string
		noEnv   bool
		want    string
	}{
		{profile: "bound", want: "refusing to send it to 127.0.0.1:8080"},
		{profile: "fromenv", noEnv: true, want: "--no-env"},
	} {
		t.Run(tc.profile, func(t *testing.T) {
			s := newSession(nil, boundSecrets{}, nil)
			s.noEnv = tc.noEnv
			s.lookupEnv = func(string) (string, bool) { return boundCanary, true }
			sent := false
			c := newCommon(coll, "", s, walkEngine{walk: func(ctx context.Context, p *authflow.Profile, req authflow.Request, opts authflow.SendOptions) (*authflow.Response, *authflow.Flow, error) {
				sent = true
				return nil, nil, errors.New("sent")
			}})
			c.styles = newStyles(true, true)
			m := newFlowModel(c)
			m.SetSize(120, 30)
			m, _ = pumpFlow(m, m.Start(tc.profile, "Who am I"))
			if sent {
				t.Fatal("the walk sent the profile's secret to a host it may not reach")
			}
			view := ansi.Strip(m.View())
			if !strings.Contains(strings.Join(strings.Fields(view), " "), tc.want) {
				t.Errorf("the refusal is not shown (want %q):\n%s", tc.want, view)
			}
			if strings.Contains(view, boundCanary) {
				t.Errorf("the secret is on screen:\n%s", view)
			}
		})
	}
}
