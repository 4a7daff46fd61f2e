package importer

import (
	"fmt"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/keyway-cli/keyway/authflow"
)

// securitySchemes makes a profile of each security scheme keyway can
// send, in the document's order. The document holds no credentials: the
// secrets are asked for ({{prompt}}) and the rest are variables to set.
func (o *oaImport) securitySchemes() {
	if o.doc.Components == nil || o.doc.Components.SecuritySchemes == nil {
		return
	}
	for name, s := range o.doc.Components.SecuritySchemes.FromOldest() {
		if s == nil {
			continue
		}
		pr, note := o.scheme(name, s)
		if pr == nil {
			o.schemes[name] = ""
			o.c.Unmapped = append(o.c.Unmapped, fmt.Sprintf("security scheme %q: %s", name, note))
			continue
		}
		if note != "" {
			pr.Unmapped = append(pr.Unmapped, note)
		}
		pr.Notes = append(firstLines(s.Description, 3), pr.Notes...)
		pr.Notes = append(pr.Notes, fmt.Sprintf("The security scheme %q.", name))
		o.schemes[name] = o.c.AddProfile(pr)
	}
}

// credential is what a profile's secret field holds: asked for once per
// session in the TUI; keyway run names the variable to set instead.
func credential(label string) string { return "{{prompt:" + label + "}}" }

// settable defines a variable the user must set (a user name, a client
// id) and returns its reference.
func (o *oaImport) settable(name, note string) string {
	o.addVar(name, "", note)
	return "{{" + name + "}}"
}

func (o *oaImport) scheme(name string, s *v3.SecurityScheme) (*Profile, string) {
	pname := slug(name)
	if pname == "" {
		pname = "auth"
	}
	switch strings.ToLower(s.Type) {
	case "http":
		switch strings.ToLower(s.Scheme) {
		case "basic":
			return &Profile{Name: pname, Type: "basic", Fields: []Field{
				{"username", o.settable(VarName(strings.ReplaceAll(pname, "-", "_")+"_username"), "The user name for the "+name+" scheme.")},
				{"password", credential("Password")},
			}}, ""
		case "bearer":
			return &Profile{Name: pname, Type: "bearer", Fields: []Field{{"token", credential("Token")}}}, ""
		}
		return nil, fmt.Sprintf("HTTP %q authentication has no keyway profile type", s.Scheme)
	case "apikey":
		in := strings.ToLower(s.In)
		if in != "header" && in != "query" && in != "cookie" {
			return nil, fmt.Sprintf("an API key in %q (keyway sends one in a header, the query or a cookie)", s.In)
		}
		if !authflow.ValidToken(s.Name) {
			return nil, "its API key has no usable name"
		}
		return &Profile{Name: pname, Type: "apikey", Fields: []Field{{"in", in}, {"name", s.Name}, {"value", credential("API key")}}}, ""
	case "oauth2":
		return o.oauth2Scheme(name, pname, s.Flows)
	case "openidconnect":
		return o.openIDScheme(name, pname, s.OpenIdConnectUrl)
	}
	return nil, fmt.Sprintf("the scheme type %q has no keyway profile type", s.Type)
}

// oauth2Scheme maps the first of a scheme's flows that keyway has: the
// password grant, client credentials, then authorization code.
func (o *oaImport) oauth2Scheme(name, pname string, flows *v3.OAuthFlows) (*Profile, string) {
	if flows == nil {
		return nil, "an OAuth 2.0 scheme without flows"
	}
	var skipped []string
	try := func(flow *v3.OAuthFlow, grant, typ string) *Profile {
		if flow == nil {
			return nil
		}
		if !sendableURL(flow.TokenUrl) || typ == "oauth2-authorization-code" && !sendableURL(flow.AuthorizationUrl) {
			skipped = append(skipped, fmt.Sprintf("its %s flow, whose URLs are not absolute http or https URLs", grant))
			return nil
		}
		pr := &Profile{Name: pname, Type: typ}
		if typ == "oauth2-authorization-code" {
			pr.Fields = append(pr.Fields, Field{"authorize_url", flow.AuthorizationUrl})
		}
		pr.Fields = append(pr.Fields, Field{"token_url", flow.TokenUrl})
		pr.Fields = append(pr.Fields, Field{"client_id", o.settable(VarName(strings.ReplaceAll(pname, "-", "_")+"_client_id"), "The OAuth 2.0 client id for the "+name+" scheme.")})
		if typ != "oauth2-authorization-code" {
			pr.Fields = append(pr.Fields, Field{"client_secret", credential("Client secret")})
		}
		if typ == "oauth2-password" {
			pr.Fields = append(pr.Fields, Field{"username", o.settable(VarName(strings.ReplaceAll(pname, "-", "_")+"_username"), "The user name for the "+name+" scheme.")}, Field{"password", credential("Password")})
		}
		if flow.Scopes != nil && flow.Scopes.Len() > 0 {
			var scopes []string
			for s := range flow.Scopes.KeysFromOldest() {
				scopes = append(scopes, s)
			}
			pr.Notes = append(pr.Notes, "Scopes the document lists: "+strings.Join(scopes, ", ")+"; the requests ask for those their operation names.")
		}
		return pr
	}
	for _, f := range []struct {
		flow        *v3.OAuthFlow
		grant, kind string
	}{
		{flows.Password, "password", "oauth2-password"},
		{flows.ClientCredentials, "clientCredentials", "oauth2-client-credentials"},
		{flows.AuthorizationCode, "authorizationCode", "oauth2-authorization-code"},
	} {
		if pr := try(f.flow, f.grant, f.kind); pr != nil {
			return pr, strings.Join(skipped, "; ")
		}
	}
	if flows.Implicit != nil {
		skipped = append(skipped, "its implicit flow (deprecated by OAuth 2.0 Security BCP, RFC 9700 §2.1.2; keyway has none)")
	}
	return nil, strings.Join(skipped, "; ")
}

// openIDScheme maps an OpenID Connect scheme to an authorization code
// profile whose endpoints are discovered from its issuer, where this
// keyway has both.
func (o *oaImport) openIDScheme(name, pname, discovery string) (*Profile, string) {
	issuer := strings.TrimSuffix(strings.TrimRight(discovery, "/"), "/.well-known/openid-configuration")
	if !sendableURL(issuer) {
		return nil, "OpenID Connect with a discovery URL that is not an absolute http or https URL"
	}
	return &Profile{Name: pname, Type: "oauth2-authorization-code", Fields: []Field{
		{"issuer", issuer},
		{"client_id", o.settable(VarName(strings.ReplaceAll(pname, "-", "_")+"_client_id"), "The OAuth 2.0 client id for the "+name+" scheme.")},
		{"scopes", []string{"openid"}},
	}}, ""
}

// securityProfile picks the profile of a security requirement list (an
// operation's or the document's): alternatives, the first one keyway can
// send wins; an empty requirement means none is needed. ok is false when
// the list names nothing keyway maps, and notes go to unmapped.
func (o *oaImport) securityProfile(reqs []*base.SecurityRequirement, unmapped *[]string) (string, bool) {
	if reqs == nil {
		return "", false
	}
	if len(reqs) == 0 {
		return "none", true
	}
	for _, req := range reqs {
		if req == nil {
			continue
		}
		if req.ContainsEmptyRequirement || req.Requirements == nil || req.Requirements.Len() == 0 {
			return "none", true
		}
		var names []string
		for name := range req.Requirements.KeysFromOldest() {
			names = append(names, name)
		}
		profile := o.schemes[names[0]]
		if profile == "" {
			continue
		}
		if len(names) > 1 {
			*unmapped = append(*unmapped, fmt.Sprintf("the security schemes %s together (keyway sends one profile's credentials: %s)", strings.Join(names, " + "), names[0]))
		}
		if scopes, _ := req.Requirements.Get(names[0]); len(scopes) > 0 {
			return o.scoped(profile, scopes), true
		}
		return profile, true
	}
	*unmapped = append(*unmapped, "its security requirement names no scheme keyway can send")
	return "none", true
}

// scoped returns a profile like profile that asks for scopes: an OAuth 2.0
// profile per set of scopes (the same set twice is one profile).
func (o *oaImport) scoped(profile string, scopes []string) string {
	p := o.c.Profile(profile)
	if p == nil || !strings.HasPrefix(p.Type, "oauth2-") {
		return profile
	}
	has := false
	for _, f := range p.Fields {
		if f.Key == "scopes" {
			has = true
			if fmt.Sprint(f.Value) == fmt.Sprint(scopes) {
				return profile
			}
		}
	}
	if !has {
		// The first set of scopes asked for goes on the scheme's own
		// profile; another set makes another profile.
		p.Fields = append(p.Fields, Field{"scopes", scopes})
		return profile
	}
	q := &Profile{Name: profile + "-" + slug(strings.Join(scopes, " ")), Type: p.Type, Notes: p.Notes}
	for _, f := range p.Fields {
		if f.Key != "scopes" {
			q.Fields = append(q.Fields, f)
		}
	}
	q.Fields = append(q.Fields, Field{"scopes", scopes})
	if len(q.Name) > 60 {
		q.Name = profile + "-scoped"
	}
	return o.c.AddProfile(q)
}
