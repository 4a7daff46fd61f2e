package importer

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// profile maps a Postman auth setting to a profile and returns its name
// ("none" for noauth, or for an auth keyway cannot send, then with a note
// saying why). where names the folder or request it is set on ("" for the
// collection), to name the profile.
func (p *pmImport) profile(a *pmAuth, where string) (ref, note string) {
	// The same credentials set in two places are one profile.
	key := authKey(a)
	if ref, ok := p.byAuth[key]; ok {
		return ref, ""
	}
	defer func() {
		if ref != "none" {
			p.byAuth[key] = ref
		}
	}()
	get := func(k string) string { return p.template(a.Params[k]) }
	base := slug(where)
	named := func(kind string) string {
		if base == "" {
			return kind
		}
		return base + "-" + kind
	}
	var pr *Profile
	switch a.Type {
	case "noauth":
		return "none", ""
	case "basic":
		if strings.Contains(get("username"), ":") {
			return "none", "its Basic username holds ':', which Basic credentials cannot carry (RFC 7617 §2); the requests are sent without credentials"
		}
		pr = &Profile{Name: named("basic"), Type: "basic"}
		pr.Fields = []Field{
			{"username", get("username")},
			{"password", p.secret(get("password"), pr.Name+"-password", fmt.Sprintf("profile %q password", pr.Name))},
		}
	case "bearer":
		pr = &Profile{Name: named("bearer"), Type: "bearer"}
		pr.Fields = []Field{{"token", p.secret(get("token"), pr.Name+"-token", fmt.Sprintf("profile %q token", pr.Name))}}
	case "apikey":
		pr = &Profile{Name: named("apikey"), Type: "apikey"}
		in := a.Params["in"]
		if in != "query" {
			in = "header" // Postman's default, and its only other place
		}
		if !authflow.ValidToken(get("key")) {
			return "none", "its API key has no usable name; the requests are sent without credentials"
		}
		pr.Fields = []Field{
			{"in", in},
			{"name", get("key")},
			{"value", p.secret(get("value"), pr.Name+"-value", fmt.Sprintf("profile %q API key", pr.Name))},
		}
	case "oauth2":
		var n string
		pr, n = p.oauth2(a, named)
		if pr == nil {
			return "none", n
		}
		note = n
	default:
		return "none", fmt.Sprintf("Postman's %q auth has no keyway profile type; the requests that use it are sent without credentials", a.Type)
	}
	if where == "" {
		pr.Notes = append(pr.Notes, "The collection's auth in Postman.")
	} else {
		pr.Notes = append(pr.Notes, "Set on "+where+" in Postman.")
	}
	return p.c.AddProfile(pr), note
}

// authKey identifies an auth setting by its type and parameters.
func authKey(a *pmAuth) string {
	keys := slices.Sorted(maps.Keys(a.Params))
	var b strings.Builder
	b.WriteString(a.Type)
	for _, k := range keys {
		fmt.Fprintf(&b, "\x00%s\x00%s", k, a.Params[k])
	}
	return b.String()
}

// oauth2 maps Postman's OAuth 2.0 auth, by its grant type.
func (p *pmImport) oauth2(a *pmAuth, named func(string) string) (*Profile, string) {
	get := func(k string) string { return p.template(a.Params[k]) }
	grant := a.Params["grant_type"]
	if grant == "" {
		grant = "authorization_code"
	}
	var pr *Profile
	switch grant {
	case "password_credentials":
		pr = &Profile{Name: named("oauth2-password"), Type: "oauth2-password"}
	case "client_credentials":
		pr = &Profile{Name: named("oauth2-client"), Type: "oauth2-client-credentials"}
	case "authorization_code", "authorization_code_with_pkce":
		pr = &Profile{Name: named("oauth2-code"), Type: "oauth2-authorization-code"}
	default:
		return nil, fmt.Sprintf("the OAuth 2.0 grant %q (keyway has none such); the requests are sent without credentials", grant)
	}
	secret := func(key, field string) string {
		return p.secret(get(key), pr.Name+"-"+strings.ReplaceAll(field, "_", "-"), fmt.Sprintf("profile %q %s", pr.Name, field))
	}
	if !sendableURL(get("accessTokenUrl")) || pr.Type == "oauth2-authorization-code" && !sendableURL(get("authUrl")) {
		return nil, "its OAuth 2.0 token or authorization URL is not an http or https URL; the requests are sent without credentials"
	}
	if pr.Type == "oauth2-authorization-code" {
		pr.Fields = append(pr.Fields, Field{"authorize_url", get("authUrl")})
	}
	pr.Fields = append(pr.Fields, Field{"token_url", get("accessTokenUrl")})
	if id := get("clientId"); id != "" {
		pr.Fields = append(pr.Fields, Field{"client_id", id})
		if get("clientSecret") != "" {
			pr.Fields = append(pr.Fields, Field{"client_secret", secret("clientSecret", "client_secret")})
		}
		// Postman sends the client's credentials in a Basic header
		// ("header", its default) or in the body (RFC 6749 §2.3.1).
		auth := "basic"
		if a.Params["client_authentication"] == "body" {
			auth = "body"
		}
		pr.Fields = append(pr.Fields, Field{"client_auth", auth})
	}
	if pr.Type == "oauth2-password" {
		pr.Fields = append(pr.Fields, Field{"username", get("username")}, Field{"password", secret("password", "password")})
	}
	if pr.Type == "oauth2-authorization-code" {
		if cb := get("redirect_uri"); cb != "" {
			pr.Fields = append(pr.Fields, Field{"redirect_uri", cb})
			pr.Notes = append(pr.Notes, "keyway listens on a loopback address for the redirect (RFC 8252): register it with the server, or drop redirect_uri.")
		}
		pkce := "none"
		if grant == "authorization_code_with_pkce" {
			pkce = "S256"
			if a.Params["challengeAlgorithm"] == "plain" {
				pkce = "plain"
			}
		}
		pr.Fields = append(pr.Fields, Field{"pkce", pkce})
	}
	if scope := strings.Fields(get("scope")); len(scope) > 0 {
		pr.Fields = append(pr.Fields, Field{"scopes", scope})
	}
	var note string
	if a.Params["accessToken"] != "" {
		note = "the access token Postman had kept was left out: keyway asks the token endpoint for its own"
	}
	return pr, note
}

// secret returns what to write for a credential: a {{variable}} stays
// (its value, in the collection's variables or an environment, goes to
// the secret store instead), a literal goes to the store as name.
func (p *pmImport) secret(value, name, where string) string {
	if value == "" {
		return "{{prompt}}"
	}
	if inner, ok := soleReference(value); ok {
		p.secretVariable(inner, where)
		return value
	}
	if strings.Contains(value, "{{") {
		return value
	}
	return p.c.Secret(name, value, where)
}

// soleReference reports whether s is exactly one {{name}}.
func soleReference(s string) (string, bool) {
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return "", false
	}
	inner := strings.TrimSpace(s[2 : len(s)-2])
	if !isVariableName(inner) {
		return "", false
	}
	return inner, true
}

// secretVariable moves the literal values of variable name — in [vars]
// and in each environment — to the secret store: a variable that holds a
// credential is as secret as the credential.
func (p *pmImport) secretVariable(name, where string) {
	move := func(v *Var, secretName, what string) {
		if v.Name != name || v.Value == "" || strings.Contains(v.Value, "{{") {
			return
		}
		v.Value = p.c.Secret(secretName, v.Value, what)
	}
	for i := range p.c.Vars {
		move(&p.c.Vars[i], name, fmt.Sprintf("variable %s, used as %s", name, where))
	}
	for e := range p.c.Envs {
		env := &p.c.Envs[e]
		for i := range env.Vars {
			move(&env.Vars[i], env.Name+"-"+name, fmt.Sprintf("environment %s variable %s, used as %s", env.Name, name, where))
		}
	}
}

// slug turns a folder path or request name into a profile name's start:
// lower case, words joined by '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
