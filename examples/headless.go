package examples

import (
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// DemoHeadless splits the demo collection's requests into those a
// headless run sends (send) and those whose profile needs a person to log
// in, in a browser or with a code on another device (login). `keyway
// run` never opens a browser, so `keyway demo --run` and the tests that
// replay the demo leave the second kind out; a learner walks them in the
// TUI's Flow screen, or logs in first with `keyway login`.
func DemoHeadless(c *collections.Collection) (send, login []string) {
	for _, r := range c.Requests {
		p := c.Profiles[c.ProfileFor(r)]
		if p != nil && authflow.Type(p.Type).Interactive() {
			login = append(login, r.Name)
			continue
		}
		send = append(send, r.Name)
	}
	return send, login
}
