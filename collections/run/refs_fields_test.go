package run

import (
	"reflect"
	"slices"
	"testing"

	"github.com/keyway-cli/keyway/collections"
)

// TestPlanWaitsForACaptureInAnyProfileField: a request whose profile
// reads a captured variable in any of its template fields — the issuer,
// a scope or a parameter as much as the password — waits for the request
// that captures it. The profile's fields are those collections resolves
// (Profile.Templates), not a list of the run's own.
func TestPlanWaitsForACaptureInAnyProfileField(t *testing.T) {
	// Closed sets of values, or a path: never a template.
	literal := []string{"Name", "Type", "In", "ClientAuth", "PKCE", "AssertionKey", "AssertionAlg"}
	var tried []string
	for f := range reflect.TypeFor[collections.Profile]().Fields() {
		if !f.IsExported() || slices.Contains(literal, f.Name) {
			continue
		}
		p := &collections.Profile{Name: "p", Type: "oauth2-authorization-code"}
		switch v := reflect.ValueOf(p).Elem().FieldByIndex(f.Index); v.Interface().(type) {
		case string:
			v.SetString("{{c}}")
		case []string:
			v.Set(reflect.ValueOf([]string{"{{c}}"}))
		case []collections.KV:
			v.Set(reflect.ValueOf([]collections.KV{{Key: "k", Value: "{{c}}"}}))
		default:
			continue // not text: Insecure, TLS, Pos
		}
		tried = append(tried, f.Name)
		login := request("Login", "", "http://h/login", "c")
		login.Profile = collections.ProfileNone
		use := request("Use", "", "http://h/use")
		use.Profile = "p"
		c := &collections.Collection{Profiles: map[string]*collections.Profile{"p": p}, ProfileNames: []string{"p"},
			Requests: []*collections.Request{login, use}}
		steps := plan(c, []int{0, 1}, &collections.Scope{})
		if want := []need{{name: "c", from: 0}}; !reflect.DeepEqual(steps[1].needs, want) {
			t.Errorf("{{c}} in the profile's %s: the request needs %+v, want %+v", f.Name, steps[1].needs, want)
		}
	}
	if len(tried) < 10 {
		t.Fatalf("tried only %v", tried)
	}
}
