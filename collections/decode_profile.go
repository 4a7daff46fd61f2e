package collections

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

var (
	profileKeys = []string{"type", "username", "password", "token", "in", "name", "value", "token_url", "client_id", "client_secret", "client_auth", "scopes",
		"params", "issuer", "authorize_url", "redirect_uri", "pkce", "device_authorization_url", "revocation_url", "introspection_url",
		"assertion_key", "assertion_alg", "assertion_kid", "insecure", "ca_file", "client_cert", "client_key"}
	profileTypes = []string{string(authflow.TypeBasic), string(authflow.TypeBearer), string(authflow.TypeAPIKey), string(authflow.TypeOAuth2Password),
		string(authflow.TypeOAuth2ClientCredentials), string(authflow.TypeOAuth2AuthorizationCode), string(authflow.TypeOAuth2DeviceCode)}
	apiKeyPlaces = []string{authflow.InHeader, authflow.InQuery, authflow.InCookie}
	clientAuths  = authflow.ClientAuths
	pkceMethods  = authflow.PKCEMethods

	// oauth2Keys are the keys every OAuth2 type uses.
	oauth2Keys = []string{"token_url", "issuer", "client_id", "client_secret", "client_auth", "scopes", "params",
		"revocation_url", "introspection_url", "assertion_key", "assertion_alg", "assertion_kid"}

	// profileFields lists, per type, the keys it uses besides type and
	// insecure; required ones first, up to profileRequired's count.
	profileFields = map[string][]string{
		string(authflow.TypeBasic):                   {"username", "password"},
		string(authflow.TypeBearer):                  {"token"},
		string(authflow.TypeAPIKey):                  {"name", "value", "in"},
		string(authflow.TypeOAuth2Password):          append([]string{"username", "password"}, oauth2Keys...),
		string(authflow.TypeOAuth2ClientCredentials): append([]string{"client_id"}, without(oauth2Keys, "client_id")...),
		string(authflow.TypeOAuth2AuthorizationCode): append([]string{"client_id"}, append(without(oauth2Keys, "client_id"), "authorize_url", "redirect_uri", "pkce")...),
		string(authflow.TypeOAuth2DeviceCode):        append([]string{"client_id"}, append(without(oauth2Keys, "client_id"), "device_authorization_url")...),
	}
	profileRequired = map[string]int{
		string(authflow.TypeBasic):                   2,
		string(authflow.TypeBearer):                  1,
		string(authflow.TypeAPIKey):                  2,
		string(authflow.TypeOAuth2Password):          2,
		string(authflow.TypeOAuth2ClientCredentials): 1,
		string(authflow.TypeOAuth2AuthorizationCode): 1,
		string(authflow.TypeOAuth2DeviceCode):        1,
	}
	// profileEndpoints lists, per type, the endpoints it needs: each
	// written, or discovered from issuer (RFC 8414).
	profileEndpoints = map[string][]string{
		string(authflow.TypeOAuth2Password):          {"token_url"},
		string(authflow.TypeOAuth2ClientCredentials): {"token_url"},
		string(authflow.TypeOAuth2AuthorizationCode): {"authorize_url", "token_url"},
		string(authflow.TypeOAuth2DeviceCode):        {"device_authorization_url", "token_url"},
	}
)

// ProfileTypes returns the profile types a collection may use, for
// messages that list them.
func ProfileTypes() []string { return slices.Clone(profileTypes) }

// without returns keys less drop, in a new slice.
func without(keys []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == drop })
}

func (d *decoder) decodeProfiles(e *tomldoc.Entry) {
	if !d.isKind(e, "", "profile", tomldoc.Table, "a table of profiles, written [profile.NAME]") {
		return
	}
	for _, pe := range e.Value.Entries {
		ctx := fmt.Sprintf("profile %q", pe.Key)
		if !d.isKind(pe, "", ctx, tomldoc.Table, "a table, written [profile."+pe.Key+"]") {
			continue
		}
		if pe.Key == ProfileNone {
			d.errAt(pe.KeyOffset, "%s: the name %q is reserved for sending without credentials; choose another name", ctx, ProfileNone)
			continue
		}
		p := d.decodeProfile(pe.Key, ctx, pe.Value)
		d.c.Profiles[p.Name] = p
		d.c.ProfileNames = append(d.c.ProfileNames, p.Name)
	}
}

func (d *decoder) decodeProfile(name, ctx string, t *tomldoc.Value) *Profile {
	p := &Profile{Name: name, Pos: d.lines.pos(t.Offset), src: fieldSource{node: t, lines: d.lines}}
	typeEntry := t.Get("type")
	if typeEntry == nil {
		d.errAt(t.Offset, "%s has no type; add type = one of %s", ctx, strings.Join(quoteAll(profileTypes), ", "))
	} else if s, ok := d.stringOf(typeEntry, ctx, "type"); ok {
		if slices.Contains(profileTypes, s) {
			p.Type = s
		} else {
			d.errAt(typeEntry.Value.Offset, "%s", unknownValueMessage(ctx, "type", s, profileTypes))
		}
	}
	fields := profileFields[p.Type]
	for _, e := range t.Entries {
		switch {
		case e.Key == "type":
			continue
		case !slices.Contains(profileKeys, e.Key):
			d.errAt(e.KeyOffset, "%s", unknownKeyMessage(e.Key, " in "+ctx, profileKeys))
			continue
		case p.Type != "" && e.Key != "insecure" && !isTLSKey(e.Key) && !slices.Contains(fields, e.Key):
			d.errAt(e.KeyOffset, "%s: %s does not apply to type %q (it uses %s)", ctx, e.Key, p.Type, strings.Join(fields, ", "))
			continue
		}
		d.profileField(p, ctx, e)
	}
	if p.Type == "" {
		return p
	}
	if t.Get("issuer") == nil {
		for _, endpoint := range profileEndpoints[p.Type] {
			if t.Get(endpoint) == nil {
				d.errAt(t.Offset, "%s (type %q) has no %s (or issuer, to discover it)", ctx, p.Type, endpoint)
			}
		}
	}
	for _, required := range fields[:profileRequired[p.Type]] {
		if t.Get(required) == nil {
			d.errAt(t.Offset, "%s (type %q) has no %s", ctx, p.Type, required)
		}
	}
	d.checkTLSPair(t, ctx)
	if p.Type == string(authflow.TypeAPIKey) && p.In == "" {
		p.In = authflow.InHeader
	}
	if authflow.Type(p.Type).IsOAuth2() {
		d.checkClientAuth(p, t, ctx)
	}
	return p
}

// checkClientAuth checks the client keys of an OAuth2 profile against
// one another (RFC 6749 §2.3, RFC 7523 §2.2), and sets the default
// client_auth: none for an interactive grant without a client secret (a
// public client, RFC 8252 §8.4), else basic.
func (d *decoder) checkClientAuth(p *Profile, t *tomldoc.Value, ctx string) {
	if p.ClientAuth == "" {
		p.ClientAuth = authflow.ClientAuthBasic
		if authflow.Type(p.Type).Interactive() && t.Get("client_secret") == nil {
			p.ClientAuth = authflow.ClientAuthNone
		}
	}
	secret := t.Get("client_secret")
	if secret != nil && t.Get("client_id") == nil && p.Type == string(authflow.TypeOAuth2Password) {
		d.errAt(secret.KeyOffset, "%s: client_secret needs client_id (with no client_id no client authentication is sent)", ctx)
	}
	if e := t.Get("client_id"); e != nil && p.ClientAuth == authflow.ClientAuthBasicUnencoded {
		d.checkLiteral(e.Value.Offset, ctx, "client_id", p.ClientID, checkUnencodedBasicClientID)
	}
	switch p.ClientAuth {
	case authflow.ClientAuthNone, authflow.ClientAuthPrivateKeyJWT:
		if secret != nil {
			d.errAt(secret.KeyOffset, "%s: client_secret does not apply with client_auth = %q, which sends no secret", ctx, p.ClientAuth)
		}
	default:
		if p.Type == string(authflow.TypeOAuth2ClientCredentials) && secret == nil {
			d.errAt(t.Offset, "%s (type %q) has no client_secret; the client credentials grant is for confidential clients (RFC 6749 §4.4): add client_secret, or client_auth = %q with assertion_key, or %q with a TLS client certificate",
				ctx, p.Type, authflow.ClientAuthPrivateKeyJWT, authflow.ClientAuthNone)
		}
	}
	if p.ClientAuth == authflow.ClientAuthPrivateKeyJWT {
		if t.Get("assertion_key") == nil {
			d.errAt(t.Get("client_auth").Value.Offset, "%s: client_auth = %q needs assertion_key, the PEM private key that signs the assertion (RFC 7523 §2.2)", ctx, p.ClientAuth)
		}
		if t.Get("client_id") == nil && p.Type == string(authflow.TypeOAuth2Password) {
			d.errAt(t.Get("client_auth").Value.Offset, "%s: client_auth = %q needs client_id, the assertion's iss and sub (RFC 7523 §3)", ctx, p.ClientAuth)
		}
		return
	}
	for _, k := range []string{"assertion_key", "assertion_alg", "assertion_kid"} {
		if e := t.Get(k); e != nil {
			d.errAt(e.KeyOffset, "%s: %s applies only with client_auth = %q", ctx, k, authflow.ClientAuthPrivateKeyJWT)
		}
	}
}

// profileField decodes one key that applies to the profile's type.
func (d *decoder) profileField(p *Profile, ctx string, e *tomldoc.Entry) {
	if e.Key == "insecure" {
		p.Insecure, _ = d.boolOf(e, ctx, e.Key)
		return
	}
	if isTLSKey(e.Key) {
		d.tlsField(&p.TLS, ctx, e)
		return
	}
	if e.Key == "scopes" {
		scopes, ok := d.stringArray(e, ctx, e.Key)
		for i, s := range scopes {
			d.checkTemplate(e.Value.Items[i].Offset, ctx, fmt.Sprintf("scopes[%d]", i), s)
		}
		if ok {
			p.Scopes = scopes
		}
		return
	}
	if e.Key == "params" {
		p.Params = d.paramsTable(e, ctx)
		return
	}
	s, ok := d.stringOf(e, ctx, e.Key)
	if !ok {
		return
	}
	pos := e.Value.Offset
	switch e.Key {
	case "in":
		if !slices.Contains(apiKeyPlaces, s) {
			d.errAt(pos, "%s", unknownValueMessage(ctx, "in", s, apiKeyPlaces))
		}
		p.In = s
		return
	case "client_auth":
		if !slices.Contains(clientAuths, s) {
			d.errAt(pos, "%s", unknownValueMessage(ctx, "client_auth", s, clientAuths))
		}
		p.ClientAuth = s
		return
	case "username":
		p.Username = s
		if p.Type == string(authflow.TypeBasic) {
			d.checkLiteral(pos, ctx, e.Key, s, checkBasicUserID)
			return
		}
	case "password":
		p.Password = s
	case "token":
		p.Token = s
		d.checkLiteral(pos, ctx, e.Key, s, authflow.CheckHeaderValue)
		return
	case "name":
		p.KeyName = s
	case "value":
		p.Value = s
		d.checkLiteral(pos, ctx, e.Key, s, authflow.CheckHeaderValue)
		return
	case "token_url":
		p.TokenURL = s
		d.checkLiteral(pos, ctx, e.Key, s, authflow.CheckURL)
		return
	case "client_id":
		p.ClientID = s
	case "client_secret":
		p.ClientSecret = s
	case "pkce":
		if !slices.Contains(pkceMethods, s) {
			d.errAt(pos, "%s", unknownValueMessage(ctx, "pkce", s, pkceMethods))
		}
		p.PKCE = s
		return
	case "assertion_alg":
		if !slices.Contains(authflow.AssertionAlgs, s) {
			d.errAt(pos, "%s", unknownValueMessage(ctx, "assertion_alg", s, authflow.AssertionAlgs))
		}
		p.AssertionAlg = s
		return
	case "assertion_key":
		p.AssertionKey = s
		d.checkPath(pos, ctx, e.Key, s)
		return
	case "assertion_kid":
		p.AssertionKID = s
	case "issuer", "authorize_url", "device_authorization_url", "revocation_url", "introspection_url":
		*p.endpoint(e.Key) = s
		check := authflow.CheckURL
		if e.Key == "issuer" {
			check = checkIssuer
		}
		d.checkLiteral(pos, ctx, e.Key, s, check)
		return
	case "redirect_uri":
		p.RedirectURI = s
		d.checkLiteral(pos, ctx, e.Key, s, checkRedirectURI)
		return
	}
	d.checkTemplate(pos, ctx, e.Key, s)
}

// unknownValueMessage names a value outside a closed set and lists the set.
func unknownValueMessage(ctx, key, value string, allowed []string) string {
	return fmt.Sprintf("%s: unknown %s %q (allowed: %s)", ctx, key, value, strings.Join(quoteAll(allowed), ", "))
}

// ListNames lists names for a message, comma-separated: each as written,
// unless it holds a character that could not be read as is — a control
// character (an escape sequence in a profile's name must not reach the
// terminal), a quote, a comma, a space — then quoted as Go quotes it.
func ListNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if q := strconv.Quote(n); n == "" || q[1:len(q)-1] != n || strings.ContainsAny(n, " ,") {
			out[i] = q
		}
	}
	return strings.Join(out, ", ")
}

func quoteAll(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strconv.Quote(v)
	}
	return out
}
