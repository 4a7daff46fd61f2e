package authflow

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestSessionOnlyLogin: a client without a store that says why (the
// demo) keeps a login's token for its own later sends, says so in a step,
// and a send before the login gives the advice instead of a command.
func TestSessionOnlyLogin(t *testing.T) {
	a := newAuthServer(t)
	p := a.profile()
	c := NewClient()
	c.SessionOnly = "the demo ends with this session"
	c.LoginAdvice = func(name string) string { return "walk " + name + " in Flow (f)" }
	_, _, err := c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{})
	var lr *LoginRequiredError
	if !errors.As(err, &lr) || !strings.HasSuffix(err.Error(), "; walk browser in Flow (f)") || strings.Contains(err.Error(), "keyway login") {
		t.Fatalf("err = %v; want the advice, not a command", err)
	}
	flow, err := c.Login(context.Background(), p, SendOptions{Interaction: &Interaction{OpenBrowser: followBrowser(t)}})
	if err != nil {
		t.Fatal(err)
	}
	var kept *Step
	for i := range flow.Steps {
		if flow.Steps[i].Title == "Keep for the session" {
			kept = &flow.Steps[i]
		}
	}
	if kept == nil || kept.Why != c.SessionOnly {
		t.Fatalf("no session-only step in %d steps", len(flow.Steps))
	}
	if _, _, err := c.Send(context.Background(), p, Request{URL: a.URL + "/api"}, SendOptions{}); err != nil {
		t.Fatalf("send after the login: %v", err)
	}
}
