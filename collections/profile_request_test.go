package collections

import "testing"

func TestRequestForProfile(t *testing.T) {
	c := mustParse(t, `
[profile.basic-a]
type = "basic"
username = "a"
password = "x"
[profile.basic-unused]
type = "basic"
username = "b"
password = "y"
[profile.token]
type = "bearer"
token = "t"
[profile.key]
type = "apikey"
name = "K"
value = "v"

[[request]]
name = "open"
url = "http://h/open"
[[request]]
name = "with token"
url = "http://h/t"
profile = "token"
[[request]]
name = "with basic"
url = "http://h/b"
profile = "basic-a"
`)
	for profile, want := range map[string]string{
		"token":        "with token", // the first request sent with it
		"basic-unused": "with basic", // used by none: one of the same type
		"key":          "with token", // none of its type: any with credentials
	} {
		if r := c.RequestForProfile(profile); r == nil || r.Name != want {
			t.Errorf("RequestForProfile(%q) = %v, want %q", profile, r, want)
		}
	}
	if r := mustParse(t, "").RequestForProfile("token"); r != nil {
		t.Errorf("an empty collection gave %q", r.Name)
	}
}
