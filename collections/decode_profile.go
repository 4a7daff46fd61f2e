package collections

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
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

// without returns keys less drop, in a new slice.
func without(keys []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return k == drop })
}

func (d *decoder) decodeProfiles(e *tomlEntry) {
	if !d.isKind(e, "", "profile", kindTable, "a table of profiles, written [profile.NAME]") {
		return
	}
	for _, pe := range e.value.entries {
		ctx := fmt.Sprintf("profile %q", pe.key)
		if !d.isKind(pe, "", ctx, kindTable, "a table, written [profile."+pe.key+"]") {
			continue
		}
		if pe.key == ProfileNone {
			d.errAt(pe.keyPos, "%s: the name %q is reserved for sending without credentials; choose another name", ctx, ProfileNone)
			continue
		}
		p := d.decodeProfile(pe.key, ctx, pe.value)
		d.c.Profiles[p.Name] = p
		d.c.ProfileNames = append(d.c.ProfileNames, p.Name)
	}
}

func (d *decoder) decodeProfile(name, ctx string, t *tomlValue) *Profile {
	p := &Profile{Name: name, Pos: d.lines.pos(t.pos), src: fieldSource{node: t, lines: d.lines}}
	typeEntry := t.get("type")
	if typeEntry == nil {
		d.errAt(t.pos, "%s has no type; add type = one of %s", ctx, strings.Join(quoteAll(profileTypes), ", "))
	} else if s, ok := d.stringOf(typeEntry, ctx, "type"); ok {
		if slices.Contains(profileTypes, s) {
			p.Type = s
		} else {
			d.errAt(typeEntry.value.pos, "%s", unknownValueMessage(ctx, "type", s, profileTypes))
		}
	}
	fields := profileFields[p.Type]
	for _, e := range t.entries {
		switch {
		case e.key == "type":
			continue
		case !slices.Contains(profileKeys, e.key):
			d.errAt(e.keyPos, "%s", unknownKeyMessage(e.key, " in "+ctx, profileKeys))
			continue
		case p.Type != "" && e.key != "insecure" && !isTLSKey(e.key) && !slices.Contains(fields, e.key):
			d.errAt(e.keyPos, "%s: %s does not apply to type %q (it uses %s)", ctx, e.key, p.Type, strings.Join(fields, ", "))
			continue
		}
		d.profileField(p, ctx, e)
	}
	if p.Type == "" {
		return p
	}
	if t.get("issuer") == nil {
		for _, endpoint := range profileEndpoints[p.Type] {
			if t.get(endpoint) == nil {
				d.errAt(t.pos, "%s (type %q) has no %s (or issuer, to discover it)", ctx, p.Type, endpoint)
			}
		}
	}
	for _, required := range fields[:profileRequired[p.Type]] {
		if t.get(required) == nil {
			d.errAt(t.pos, "%s (type %q) has no %s", ctx, p.Type, required)
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
func (d *decoder) checkClientAuth(p *Profile, t *tomlValue, ctx string) {
	if p.ClientAuth == "" {
		p.ClientAuth = authflow.ClientAuthBasic
		if authflow.Type(p.Type).Interactive() && t.get("client_secret") == nil {
			p.ClientAuth = authflow.ClientAuthNone
		}
	}
	secret := t.get("client_secret")
	if secret != nil && t.get("client_id") == nil && p.Type == string(authflow.TypeOAuth2Password) {
		d.errAt(secret.keyPos, "%s: client_secret needs client_id (with no client_id no client authentication is sent)", ctx)
	}
	if e := t.get("client_id"); e != nil && p.ClientAuth == authflow.ClientAuthBasicUnencoded {
		d.checkLiteral(e.value.pos, ctx, "client_id", p.ClientID, checkUnencodedBasicClientID)
	}
	switch p.ClientAuth {
	case authflow.ClientAuthNone, authflow.ClientAuthPrivateKeyJWT:
		if secret != nil {
			d.errAt(secret.keyPos, "%s: client_secret does not apply with client_auth = %q, which sends no secret", ctx, p.ClientAuth)
		}
	default:
		if p.Type == string(authflow.TypeOAuth2ClientCredentials) && secret == nil {
			d.errAt(t.pos, "%s (type %q) has no client_secret; the client credentials grant is for confidential clients (RFC 6749 §4.4): add client_secret, or client_auth = %q with assertion_key, or %q with a TLS client certificate",
				ctx, p.Type, authflow.ClientAuthPrivateKeyJWT, authflow.ClientAuthNone)
		}
	}
	if p.ClientAuth == authflow.ClientAuthPrivateKeyJWT {
		if t.get("assertion_key") == nil {
			d.errAt(t.get("client_auth").value.pos, "%s: client_auth = %q needs assertion_key, the PEM private key that signs the assertion (RFC 7523 §2.2)", ctx, p.ClientAuth)
		}
		if t.get("client_id") == nil && p.Type == string(authflow.TypeOAuth2Password) {
			d.errAt(t.get("client_auth").value.pos, "%s: client_auth = %q needs client_id, the assertion's iss and sub (RFC 7523 §3)", ctx, p.ClientAuth)
		}
		return
	}
	for _, k := range []string{"assertion_key", "assertion_alg", "assertion_kid"} {
		if e := t.get(k); e != nil {
			d.errAt(e.keyPos, "%s: %s applies only with client_auth = %q", ctx, k, authflow.ClientAuthPrivateKeyJWT)
		}
	}
}

// profileField decodes one key that applies to the profile's type.
func (d *decoder) profileField(p *Profile, ctx string, e *tomlEntry) {
	if e.key == "insecure" {
		p.Insecure, _ = d.boolOf(e, ctx, e.key)
		return
	}
	if isTLSKey(e.key) {
		d.tlsField(&p.TLS, ctx, e)
		return
	}
	if e.key == "scopes" {
		scopes, ok := d.stringArray(e, ctx, e.key)
		for i, s := range scopes {
			d.checkTemplate(e.value.items[i].pos, ctx, fmt.Sprintf("scopes[%d]", i), s)
		}
		if ok {
			p.Scopes = scopes
		}
		return
	}
	if e.key == "params" {
		p.Params = d.paramsTable(e, ctx)
		return
	}
	s, ok := d.stringOf(e, ctx, e.key)
	if !ok {
		return
	}
	pos := e.value.pos
	switch e.key {
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
			d.checkLiteral(pos, ctx, e.key, s, checkBasicUserID)
			return
		}
	case "password":
		p.Password = s
	case "token":
		p.Token = s
		d.checkLiteral(pos, ctx, e.key, s, authflow.CheckHeaderValue)
		return
	case "name":
		p.KeyName = s
	case "value":
		p.Value = s
		d.checkLiteral(pos, ctx, e.key, s, authflow.CheckHeaderValue)
		return
	case "token_url":
		p.TokenURL = s
		d.checkLiteral(pos, ctx, e.key, s, authflow.CheckURL)
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
		d.checkPath(pos, ctx, e.key, s)
		return
	case "assertion_kid":
		p.AssertionKID = s
	case "issuer", "authorize_url", "device_authorization_url", "revocation_url", "introspection_url":
		*p.endpoint(e.key) = s
		check := authflow.CheckURL
		if e.key == "issuer" {
			check = checkIssuer
		}
		d.checkLiteral(pos, ctx, e.key, s, check)
		return
	case "redirect_uri":
		p.RedirectURI = s
		d.checkLiteral(pos, ctx, e.key, s, checkRedirectURI)
		return
	}
	d.checkTemplate(pos, ctx, e.key, s)
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
