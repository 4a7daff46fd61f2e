package collections

import (
	"strings"
	"testing"
)

// TestNamesInMessagesCarryNoEscapes: a profile or environment named with
// an escape sequence (a collection someone else wrote) is quoted when a
// message lists the names, so that `keyway check` cannot set the window
// title or clear the screen (hostile review of issue 9, B-F5).
func TestNamesInMessagesCarryNoEscapes(t *testing.T) {
	src := "name = \"x\"\n[profile.\"a\\u001b]0;PWNED\\u0007b\"]\ntype = \"bearer\"\ntoken = \"t\"\n" +
		"[env.\"x\\u001b[2J\"]\nbase = \"b\"\n" +
		"[[request]]\nname = \"r\"\nurl = \"http://127.0.0.1/\"\nprofile = \"nosuch\"\n"
	_, err := Parse("esc.toml", []byte(src))
	if err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") || !strings.Contains(err.Error(), `"a\x1b]0;PWNED\ab"`) {
		t.Fatalf("unknown profile message = %q; want the names quoted, no raw escape", err)
	}
	c, err := Parse("esc.toml", []byte(strings.Replace(src, `profile = "nosuch"`, "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CheckEnv("prod"); err == nil || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Fatalf("unknown environment message = %q; want no raw escape", err)
	}
	if got := ListNames([]string{"plain", "with space", "tab\there"}); got != `plain, "with space", "tab\there"` {
		t.Errorf("ListNames = %s", got)
	}
}
