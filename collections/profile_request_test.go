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
		if r := c.RequestForProfile(profile, nil); r == nil || r.Name != want {
			t.Errorf("RequestForProfile(%q) = %v, want %q", profile, r, want)
		}
	}
	if r := mustParse(t, "").RequestForProfile("token", nil); r != nil {
		t.Errorf("an empty collection gave %q", r.Name)
	}
}

// TestRequestForProfilePrefersWhatCanBeSentNow: a profile whose only own
// request needs a value an earlier request captures (the demo's
// alice-read-only and note_id) ends its walk with a request of the same
// type that can be sent now, until the capture is there.
func TestRequestForProfilePrefersWhatCanBeSentNow(t *testing.T) {
	c := mustParse(t, `
[vars]
base = "http://h"
path = "/notes/{{note_id}}"
[profile.writer]
type = "bearer"
token = "w"
[profile.reader]
type = "bearer"
token = "r"
[[request]]
name = "Create"
url = "{{base}}/notes"
profile = "writer"
capture.note_id = ".id"
[[request]]
name = "Delete"
url = "{{base}}{{path}}"
profile = "reader"
`)
	for _, tc := range []struct {
		scope *Scope
		want  string
	}{
		{nil, "Create"},
		{&Scope{}, "Create"},
		{&Scope{Captures: map[string]string{"note_id": "7"}}, "Delete"},
		{&Scope{Vars: map[string]string{"note_id": "7"}}, "Delete"},
	} {
		if r := c.RequestForProfile("reader", tc.scope); r == nil || r.Name != tc.want {
			got := "none"
			if r != nil {
				got = r.Name
			}
			t.Errorf("RequestForProfile(reader, captures %v, vars %v) = %q, want %q", tc.scope != nil && tc.scope.Captures != nil, tc.scope != nil && tc.scope.Vars != nil, got, tc.want)
		}
	}
	// When nothing can be sent now, the profile's own request still is
	// the one shown.
	c = mustParse(t, `
[profile.reader]
type = "bearer"
token = "r"
[[request]]
name = "Delete"
url = "http://h/{{note_id}}"
profile = "reader"
`)
	if r := c.RequestForProfile("reader", nil); r == nil || r.Name != "Delete" {
		t.Errorf("RequestForProfile(reader) = %v, want Delete", r)
	}
}
