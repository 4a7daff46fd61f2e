package collections

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

var (
	profileKeys  = []string{"type", "username", "password", "token", "in", "name", "value", "token_url", "client_id", "client_secret", "client_auth", "scopes", "insecure", "ca_file", "client_cert", "client_key"}
	profileTypes = []string{string(authflow.TypeBasic), string(authflow.TypeBearer), string(authflow.TypeAPIKey), string(authflow.TypeOAuth2Password)}
	apiKeyPlaces = []string{authflow.InHeader, authflow.InQuery, authflow.InCookie}
	clientAuths  = authflow.ClientAuths

	// profileFields lists, per type, the keys it uses besides type and
	// insecure; required ones first, up to profileRequired's count.
	profileFields = map[string][]string{
		string(authflow.TypeBasic):          {"username", "password"},
		string(authflow.TypeBearer):         {"token"},
		string(authflow.TypeAPIKey):         {"name", "value", "in"},
		string(authflow.TypeOAuth2Password): {"token_url", "username", "password", "client_id", "client_secret", "client_auth", "scopes"},
	}
	profileRequired = map[string]int{
		string(authflow.TypeBasic):          2,
		string(authflow.TypeBearer):         1,
		string(authflow.TypeAPIKey):         2,
		string(authflow.TypeOAuth2Password): 3,
	}
)

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
	for _, required := range fields[:profileRequired[p.Type]] {
		if t.get(required) == nil {
			d.errAt(t.pos, "%s (type %q) has no %s", ctx, p.Type, required)
		}
	}
	d.checkTLSPair(t, ctx)
	if p.Type == string(authflow.TypeAPIKey) && p.In == "" {
		p.In = authflow.InHeader
	}
	if p.Type == string(authflow.TypeOAuth2Password) {
		if p.ClientAuth == "" {
			p.ClientAuth = authflow.ClientAuthBasic
		}
		if e := t.get("client_secret"); e != nil && t.get("client_id") == nil {
			d.errAt(e.keyPos, "%s: client_secret needs client_id (with no client_id no client authentication is sent)", ctx)
		}
		if e := t.get("client_id"); e != nil && p.ClientAuth == authflow.ClientAuthBasicUnencoded {
			d.checkLiteral(e.value.pos, ctx, "client_id", p.ClientID, checkUnencodedBasicClientID)
		}
	}
	return p
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
		d.checkLiteral(pos, ctx, e.key, s, checkHeaderValue)
		return
	case "name":
		p.KeyName = s
	case "value":
		p.Value = s
		d.checkLiteral(pos, ctx, e.key, s, checkHeaderValue)
		return
	case "token_url":
		p.TokenURL = s
		d.checkLiteral(pos, ctx, e.key, s, checkURL)
		return
	case "client_id":
		p.ClientID = s
	case "client_secret":
		p.ClientSecret = s
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
