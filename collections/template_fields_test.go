package collections

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/keyway-cli/keyway/authflow"
)

// Which fields of Request and Profile hold templates, and which are
// literal. A field added to either struct must be put in one of these
// lists — and, if it holds templates, in Request.templates or
// Profile.templates, which the tests below then find it missing from.
var (
	requestTemplateFields = []string{"URL", "Query", "Headers", "Body", "JSON", "Form", "Multipart"}
	requestLiteralFields  = []string{"Name", "Folder", "Method", "Profile", "HasJSON", "Timeout", "Insecure", "TLS",
		"Expect", "Capture", "Tags", "Pos", "BodyFile", "src"}
	profileTemplateFields = []string{"Username", "Password", "Token", "KeyName", "Value", "TokenURL", "ClientID", "ClientSecret",
		"Scopes", "Params", "Issuer", "AuthorizeURL", "RedirectURI", "DeviceAuthorizationURL", "RevocationURL",
		"IntrospectionURL", "AssertionKID"}
	profileLiteralFields = []string{"Name", "Type", "In", "ClientAuth", "PKCE", "AssertionKey", "AssertionAlg", "Insecure", "TLS", "Pos", "src"}
)

func checkClassified(t *testing.T, typ reflect.Type, templates, literals []string) {
	t.Helper()
	for f := range typ.Fields() {
		if slices.Contains(templates, f.Name) == slices.Contains(literals, f.Name) {
			t.Errorf("%s.%s is neither a template field nor a literal one (or both): say which in template_fields_test.go, and if it holds templates add it to %s.templates", typ.Name(), f.Name, typ.Name())
		}
	}
}

// setTemplate puts template into field of v (a *Request or *Profile),
// in whatever shape the field has.
func setTemplate(t *testing.T, v any, field, template string) {
	t.Helper()
	f := reflect.ValueOf(v).Elem().FieldByName(field)
	switch f.Type() {
	case reflect.TypeFor[string]():
		f.SetString(template)
	case reflect.TypeFor[[]string]():
		f.Set(reflect.ValueOf([]string{"fixed", template}))
	case reflect.TypeFor[[]KV]():
		f.Set(reflect.ValueOf([]KV{{Key: "X-Fixed", Value: "fixed"}, {Key: "X-Field", Value: template}}))
	case reflect.TypeFor[[]Part]():
		f.Set(reflect.ValueOf([]Part{{Name: "m", Value: template}}))
	case reflect.TypeFor[any]():
		f.Set(reflect.ValueOf(map[string]any{"list": []any{1, template}}))
		reflect.ValueOf(v).Elem().FieldByName("HasJSON").SetBool(true)
	default:
		t.Fatalf("%s: no template can be put in a field of type %s", field, f.Type())
	}
}

// stagesSee builds a collection around r (with profile p, if not nil) and
// reports whether each stage that reads references finds {{env:WANTED}}
// (Exposures, Prepare) and {{undefined}} (Check) in the field.
func stagesSee(t *testing.T, build func(template string) (*Request, *Profile)) (exposed, prepared, checked bool) {
	t.Helper()
	c := func(template string) *Collection {
		r, p := build(template)
		c := &Collection{Path: "demo.toml", Requests: []*Request{r}, Profiles: map[string]*Profile{}}
		if p != nil {
			p.Name, r.Profile = "p", "p"
			c.Profiles["p"], c.ProfileNames = p, []string{"p"}
		}
		return c
	}
	env := c("{{env:WANTED}}")
	for _, e := range env.Exposures(nil) {
		exposed = exposed || e.Name == "WANTED"
	}
	lookup := func(name string) (string, bool) {
		prepared = prepared || name == "WANTED"
		return "http://h/", true
	}
	env.Prepare(env.Requests[0], &Scope{LookupEnv: lookup})
	err := c("{{undefined}}").Check(nil)
	checked = err != nil && strings.Contains(err.Error(), `"undefined"`)
	return exposed, prepared, checked
}

// TestTemplateFieldsListEveryField: a reference in any field of a request
// or a profile that may hold one is found by every stage alike —
// Exposures (what the collection reads and where it goes), Check and
// Prepare — since all walk one list (template_fields.go); and every field
// of Request and Profile is known to be a template field or a literal one.
func TestTemplateFieldsListEveryField(t *testing.T) {
	checkClassified(t, reflect.TypeFor[Request](), requestTemplateFields, requestLiteralFields)
	checkClassified(t, reflect.TypeFor[Profile](), profileTemplateFields, profileLiteralFields)
	for _, field := range requestTemplateFields {
		exposed, prepared, checked := stagesSee(t, func(template string) (*Request, *Profile) {
			r := &Request{Name: "r", URL: "http://h/"}
			setTemplate(t, r, field, template)
			return r, nil
		})
		if !exposed || !prepared || !checked {
			t.Errorf("a reference in Request.%s: Exposures finds it %v, Prepare %v, Check %v; want all true", field, exposed, prepared, checked)
		}
	}
	for _, field := range profileTemplateFields {
		exposed, prepared, checked := stagesSee(t, func(template string) (*Request, *Profile) {
			p := &Profile{Type: string(authflow.TypeOAuth2AuthorizationCode), ClientID: "c", TokenURL: "http://h/token", AuthorizeURL: "http://h/authorize"}
			switch field {
			case "Username", "Password":
				p = &Profile{Type: string(authflow.TypeBasic), Username: "u"}
			case "Token":
				p = &Profile{Type: string(authflow.TypeBearer)}
			case "KeyName", "Value":
				p = &Profile{Type: string(authflow.TypeAPIKey), KeyName: "X-Key", Value: "v"}
			}
			setTemplate(t, p, field, template)
			return &Request{Name: "r", URL: "http://h/"}, p
		})
		if !exposed || !prepared || !checked {
			t.Errorf("a reference in Profile.%s: Exposures finds it %v, Prepare %v, Check %v; want all true", field, exposed, prepared, checked)
		}
	}
}

// TestTemplatesYieldEveryTemplateField: the exported lists (the run's
// ordering reads them) hold a template put in any template field.
func TestTemplatesYieldEveryTemplateField(t *testing.T) {
	for _, field := range requestTemplateFields {
		r := &Request{Name: "r"}
		setTemplate(t, r, field, "{{wanted}}")
		found := false
		for _, template := range r.Templates() {
			found = found || strings.Contains(template, "{{wanted}}")
		}
		if !found {
			t.Errorf("Request.Templates misses %s", field)
		}
	}
	for _, field := range profileTemplateFields {
		p := &Profile{Name: "p"}
		setTemplate(t, p, field, "{{wanted}}")
		found := false
		for _, template := range p.Templates() {
			found = found || template == "{{wanted}}"
		}
		if !found {
			t.Errorf("Profile.Templates misses %s", field)
		}
	}
}

// TestPrepareSendsOneBody: a Request built in code (not loaded) may hold
// more than one body; Prepare sends its json, else its form, else its
// body, whichever order the template fields come in.
func TestPrepareSendsOneBody(t *testing.T) {
	for _, tc := range []struct {
		r    *Request
		want string
	}{
		{&Request{Body: "raw", Form: []KV{{Key: "a", Value: "b"}}}, "a=b"},
		{&Request{Body: "raw", JSON: map[string]any{"k": "v"}, HasJSON: true, Form: []KV{{Key: "a", Value: "b"}}}, `{"k":"v"}`},
		{&Request{Body: "raw"}, "raw"},
	} {
		tc.r.Name, tc.r.URL = "r", "http://h/"
		c := &Collection{Path: "demo.toml", Requests: []*Request{tc.r}}
		p, err := c.Prepare(tc.r, nil)
		if err != nil || string(p.Request.Body) != tc.want {
			t.Errorf("body %q, %v; want %q", p.Request.Body, err, tc.want)
		}
	}
}
