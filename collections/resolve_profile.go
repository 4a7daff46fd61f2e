package collections

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/keyway-cli/keyway/authflow"
)

// ResolveProfile resolves the named profile's references against s. It
// returns the credentials, every secret value in them (for redaction), and
// an *Error positioned at the failing field when a reference cannot be
// resolved. For a profile that obtains tokens, the credentials' limits
// (s.AllowHosts, secrets bound to hosts) become the tokens' limits
// (authflow.Profile.TokenLimits).
func (c *Collection) ResolveProfile(name string, s *Scope) (*authflow.Profile, []string, error) {
	res := c.newResolver(s)
	p, err := c.resolveProfile(res, name)
	if err != nil {
		return nil, nil, err
	}
	if p.Type.IssuesTokens() && s != nil && res.readOutside {
		// Its tokens may go only where the credentials that buy them may.
		if p.TokenLimits, err = tokenLimits(c.profileUses(c.Profiles[name], s), s); err != nil {
			return nil, nil, err
		}
	}
	p.TokenLimits = keptLoginLimits(p.Type, p.TokenLimits, s)
	return p, append(res.secrets, profileSecrets(p)...), nil
}

func (c *Collection) resolveProfile(res *resolver, name string) (*authflow.Profile, error) {
	cp := c.Profiles[name]
	if cp == nil {
		return nil, fmt.Errorf("%s", unknownProfileMessage(c, name))
	}
	fail := func(field string, err error) error {
		msg := authflow.NewRedactor(res.secrets...).Redact(fmt.Sprintf("profile %q: %s: %v", name, field, err))
		return &Error{Pos: cp.fieldPos(field), Msg: msg, Err: err}
	}
	p := &authflow.Profile{
		Name:         name,
		Type:         authflow.Type(cp.Type),
		In:           cp.In,
		ClientAuth:   cp.ClientAuth,
		Insecure:     cp.Insecure,
		TLS:          cp.TLS.resolve(c.Path),
		PKCE:         cp.PKCE,
		AssertionAlg: cp.AssertionAlg,
	}
	if cp.AssertionKey != "" {
		p.AssertionKey = resolvePath(c.Path, cp.AssertionKey)
	}
	// The profile holds only its type's keys (the decoder refuses the
	// others): resolving every template field sets those of its type.
	for f := range cp.templates {
		v, _, err := res.expand(f.value, name+" "+f.group)
		if err != nil {
			return nil, fail(f.key(), err)
		}
		setProfileField(p, f, v)
	}
	if key, err := checkResolvedProfile(p); err != nil {
		return nil, fail(key, err)
	}
	env := ""
	if res.scope != nil {
		env = res.scope.Env
	}
	// Tokens are cached per collection, profile and environment;
	// authflow's TokenCacheKey adds the endpoint, client and user, so
	// that a changed one never reuses another's token.
	// The absolute path, when known, keys the tokens an interactive
	// login keeps across processes (collections/store/tokens) whichever way
	// the path was typed.
	p.CacheKey = cmp.Or(c.absPath, c.Path) + "#" + name + "@" + env
	return p, nil
}

// setProfileField puts the resolved value v of template field f where
// authflow reads it. Endpoints are sent percent-encoded where a value put
// a character a URL cannot hold raw (url_encode.go).
func setProfileField(p *authflow.Profile, f templateField, v string) {
	switch f.group {
	case "username":
		p.Username = v
	case "password":
		p.Password = v
	case "token":
		p.Token = v
	case "name":
		p.KeyName = v
	case "value":
		p.KeyValue = v
	case "client_id":
		p.ClientID = v
	case "client_secret":
		p.ClientSecret = v
	case "redirect_uri":
		p.RedirectURI = v
	case "assertion_kid":
		p.AssertionKID = v
	case "token_url":
		p.TokenURL = encodeURLText(v)
	case "issuer":
		p.Issuer = encodeURLText(v)
	case "authorize_url":
		p.AuthorizeURL = encodeURLText(v)
	case "device_authorization_url":
		p.DeviceAuthorizationURL = encodeURLText(v)
	case "revocation_url":
		p.RevocationURL = encodeURLText(v)
	case "introspection_url":
		p.IntrospectionURL = encodeURLText(v)
	case "scopes":
		p.Scopes = append(p.Scopes, v)
	case "params":
		if p.Params == nil {
			p.Params = map[string]string{}
		}
		p.Params[f.name] = v
	default:
		// Only a field added to Profile.templates and not here: the
		// tests that put a reference in every field find it.
		panic("collections: profile field " + f.group + " has no place in authflow.Profile")
	}
}

// checkResolvedProfile validates what only resolved values can show,
// returning the offending field's key. It refuses all that authflow would
// refuse when sending (a control character in a Basic password from the
// environment, say), so that `keyway run`'s check before the first
// request finds it and nothing is sent.
func checkResolvedProfile(p *authflow.Profile) (string, error) {
	if key, err := checkResolvedFields(p); err != nil {
		return key, err
	}
	if err := p.Validate(); err != nil {
		if fe := (*authflow.FieldError)(nil); errors.As(err, &fe) {
			return fe.Field, errors.New(fe.Msg)
		}
		return "", err
	}
	return "", nil
}

// checkResolvedFields is what collections checks beyond authflow's
// Validate, with its own messages.
func checkResolvedFields(p *authflow.Profile) (string, error) {
	switch p.Type {
	case authflow.TypeBasic:
		return "username", checkBasicUserID(p.Username)
	case authflow.TypeBearer:
		return "token", authflow.CheckHeaderValue(p.Token)
	case authflow.TypeAPIKey:
		if p.In != authflow.InQuery {
			if err := authflow.CheckHeaderName(p.KeyName); err != nil {
				return "name", err
			}
		}
		return "value", authflow.CheckHeaderValue(p.KeyValue)
	case authflow.TypeOAuth2Password, authflow.TypeOAuth2ClientCredentials, authflow.TypeOAuth2AuthorizationCode, authflow.TypeOAuth2DeviceCode:
		if p.ClientAuth == authflow.ClientAuthBasicUnencoded {
			if err := checkUnencodedBasicClientID(p.ClientID); err != nil {
				return "client_id", err
			}
		}
		for _, e := range []struct {
			key, value string
			check      func(string) error
		}{
			{"issuer", p.Issuer, checkIssuer}, {"token_url", p.TokenURL, authflow.CheckURL},
			{"authorize_url", p.AuthorizeURL, authflow.CheckURL}, {"device_authorization_url", p.DeviceAuthorizationURL, authflow.CheckURL},
			{"revocation_url", p.RevocationURL, authflow.CheckURL}, {"introspection_url", p.IntrospectionURL, authflow.CheckURL},
			{"redirect_uri", p.RedirectURI, checkRedirectURI},
		} {
			if e.value == "" {
				continue
			}
			if err := e.check(e.value); err != nil {
				return e.key, err
			}
		}
	}
	return "", nil
}

// profileSecrets lists a resolved profile's secret values: what authflow
// knows of their encoded forms, plus the raw values themselves, so that a
// literal password written in the file is masked too.
func profileSecrets(p *authflow.Profile) []string {
	secrets := p.Secrets()
	for _, v := range []string{p.Password, p.Token, p.KeyValue, p.ClientSecret} {
		if v != "" && !slices.Contains(secrets, v) {
			secrets = append(secrets, v)
		}
	}
	return secrets
}
