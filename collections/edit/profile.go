package edit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// profileKeys are the profile keys UpsertProfile owns: it removes those
// the new type does not use and leaves any other key alone.
var profileKeys = []string{"type", "username", "password", "token", "in", "name", "value",
	"token_url", "client_id", "client_secret", "client_auth", "scopes", "insecure",
	"params", "issuer", "authorize_url", "redirect_uri", "pkce", "device_authorization_url",
	"revocation_url", "introspection_url", "assertion_key", "assertion_alg", "assertion_kid"}

// UpsertProfile writes profile p into src as a [profile.NAME] table and
// returns the new file; src is not modified.
//
// Only the keys p.Type uses are written, in the order a reader expects
// (type first, then endpoints, client, scopes, params), with values exactly
// as given: references such as "{{secret:name}}" or "{{prompt}}" are kept
// as literal strings, so a secret itself must never be passed here.
// Optional keys are written only when set; an endpoint left out with an
// issuer is discovered. params is written as an inline table; a
// [profile.NAME.params] sub-table is left for the user to edit by hand.
//
// An existing [profile.NAME] table is edited key by key: unchanged values
// keep their bytes, changed ones their place and comments, keys the new
// type does not use are removed, new ones go after the last key. A new
// profile is added after the last [profile.*] table or, when there is none,
// before the first [[request]] (and the comments right above it), or at the
// end of the file.
func UpsertProfile(src []byte, p collections.Profile) ([]byte, error) {
	want, err := wantsOf(p)
	if err != nil {
		return nil, err
	}
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	header, keys, found, err := doc.profileTable(p.Name)
	if err != nil {
		return nil, err
	}
	var splices []splice
	if found {
		splices, err = doc.syncTable(keys, nil, want, func(k string) bool { return slices.Contains(profileKeys, k) },
			lastLine(keys, header.LineEnd), indentAfter(doc, keys, header))
	} else {
		splices, err = doc.newProfile(p.Name, want)
	}
	if err != nil {
		return nil, err
	}
	return finish(src, splices)
}

// DeleteProfile removes the [profile.NAME] table from src and returns the
// new file; src is not modified. The table's header line, its keys and
// the comments between them go; the comments above the header and after its
// last key stay, as they may belong to a neighbour. Requests that name the
// profile are left for the caller to change. A profile that is not in the
// file is an error wrapping ErrNotFound.
func DeleteProfile(src []byte, name string) ([]byte, error) {
	doc, err := parse(src)
	if err != nil {
		return nil, err
	}
	header, keys, found, err := doc.profileTable(name)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("profile %q: %w", name, ErrNotFound)
	}
	start, end := header.LineStart, lastLine(keys, header.LineEnd)
	// Take the blank lines after the table too when one already separates
	// it from what comes before, so that no double gap is left.
	if start == 0 || doc.blankLine(doc.Lines.LineStart(start-1)) {
		for end < len(doc.Src) && doc.blankLine(end) {
			end = doc.Lines.LineEnd(end)
		}
	}
	return finish(src, []splice{{start: start, end: end}})
}

// wantsOf lists the keys profile p is written with.
func wantsOf(p collections.Profile) ([]wantKey, error) {
	if p.Name == "" {
		return nil, fmt.Errorf("a profile needs a name")
	}
	w := &profileWants{want: []wantKey{{"type", p.Type}}}
	switch t := authflow.Type(p.Type); t {
	case authflow.TypeBasic:
		w.add("username", p.Username, true)
		w.add("password", p.Password, true)
	case authflow.TypeBearer:
		w.add("token", p.Token, true)
	case authflow.TypeAPIKey:
		w.add("in", p.In, true)
		w.add("name", p.KeyName, true)
		w.add("value", p.Value, true)
	case authflow.TypeOAuth2Password:
		// The order of the files keyway wrote before the other grants.
		w.add("issuer", p.Issuer, false)
		w.add("token_url", p.TokenURL, p.Issuer == "")
		w.oauth2Client(p)
		w.add("username", p.Username, true)
		w.add("password", p.Password, true)
		w.oauth2Rest(p)
	case authflow.TypeOAuth2ClientCredentials, authflow.TypeOAuth2AuthorizationCode, authflow.TypeOAuth2DeviceCode:
		// Endpoints first, in the order the grant uses them: each one
		// written, or discovered from issuer (RFC 8414) when left out.
		w.add("issuer", p.Issuer, false)
		if t == authflow.TypeOAuth2AuthorizationCode {
			w.add("authorize_url", p.AuthorizeURL, p.Issuer == "")
		}
		if t == authflow.TypeOAuth2DeviceCode {
			w.add("device_authorization_url", p.DeviceAuthorizationURL, p.Issuer == "")
		}
		w.add("token_url", p.TokenURL, p.Issuer == "")
		if t == authflow.TypeOAuth2AuthorizationCode {
			w.add("redirect_uri", p.RedirectURI, false)
			w.add("pkce", p.PKCE, false)
		}
		w.oauth2Client(p)
		w.oauth2Rest(p)
	default:
		return nil, fmt.Errorf("profile %q: type %q is not one of %s", p.Name, p.Type, strings.Join(collections.ProfileTypes(), ", "))
	}
	if p.Insecure {
		w.want = append(w.want, wantKey{"insecure", true})
	}
	return w.want, nil
}

// profileWants collects the keys a profile is written with, in order.
type profileWants struct{ want []wantKey }

// add adds key when value is set, or always.
func (w *profileWants) add(key, value string, always bool) {
	if always || value != "" {
		w.want = append(w.want, wantKey{key, value})
	}
}

// oauth2Client adds an OAuth2 profile's client keys: the id, then how it
// authenticates (RFC 6749 §2.3.1; RFC 7523 §2.2 for private_key_jwt). The
// password grant may go without a client; the others name one.
func (w *profileWants) oauth2Client(p collections.Profile) {
	w.add("client_id", p.ClientID, authflow.Type(p.Type) != authflow.TypeOAuth2Password)
	w.add("client_secret", p.ClientSecret, false)
	w.add("client_auth", p.ClientAuth, false)
	w.add("assertion_key", p.AssertionKey, false)
	w.add("assertion_alg", p.AssertionAlg, false)
	w.add("assertion_kid", p.AssertionKID, false)
}

// oauth2Rest adds what every OAuth2 type may have after its grant's keys:
// scopes, extra token parameters (as an inline table, in their order),
// and where a token is revoked (RFC 7009) or introspected (RFC 7662).
func (w *profileWants) oauth2Rest(p collections.Profile) {
	if len(p.Scopes) > 0 {
		w.want = append(w.want, wantKey{"scopes", p.Scopes})
	}
	if len(p.Params) > 0 {
		w.want = append(w.want, wantKey{"params", p.Params})
	}
	w.add("revocation_url", p.RevocationURL, false)
	w.add("introspection_url", p.IntrospectionURL, false)
}

// profileTable finds the [profile.NAME] table and its keys. A profile
// written another way (an inline table, dotted keys under [profile]) is
// an error: rewriting it would change more than the user asked.
func (d *document) profileTable(name string) (header tomldoc.Expr, keys []tomldoc.Expr, found bool, err error) {
	want := []string{"profile", name}
	for _, e := range d.Exprs {
		full := append(slices.Clone(e.Table), e.Key...)
		switch {
		case e.Key == nil && slices.Equal(e.Table, want):
			header, found = e, true
		case e.Key != nil && slices.Equal(e.Table, want):
			keys = append(keys, e)
		case len(full) >= 2 && slices.Equal(full[:2], want):
			return header, nil, false, fmt.Errorf("line %d: profile %q is not written as a [profile.%s] table; edit it by hand",
				d.lineNumber(e.Start), name, name)
		}
	}
	return header, keys, found, nil
}

// newProfile returns the splice that adds a new [profile.NAME] table.
func (d *document) newProfile(name string, want []wantKey) ([]splice, error) {
	head, err := dottedKey("profile", name)
	if err != nil {
		return nil, err
	}
	lines := []string{"[" + head + "]"}
	for _, w := range want {
		line, err := keyValueLine([]string{w.key}, w.value)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	at, place := d.profilesEnd()
	switch place {
	case afterLastProfile:
		// After the last profile's last key, with a blank line before.
		return []splice{d.insertLines(at, "", append([]string{""}, lines...))}, nil
	case beforeFirstRequest:
		if at > 0 && !d.blankLine(d.Lines.LineStart(at-1)) {
			lines = append([]string{""}, lines...)
		}
		return []splice{d.insertLines(at, "", append(lines, ""))}, nil
	}
	if len(d.Src) > 0 {
		lines = append([]string{""}, lines...)
	}
	return []splice{d.insertLines(at, "", lines)}, nil
}
