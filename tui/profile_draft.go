package tui

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// A profile being created or edited in the form, and the rules it must
// follow. A secret never goes into the collection file: the draft turns
// each secret field into a reference — {{secret:NAME}} for a value typed
// into the form (which goes to the user's secret store), {{prompt:Label}},
// or {{env:NAME}} — or keeps the reference the file already has.

// Where a secret field's value comes from.
const (
	sourceKeep   = "keep"   // the reference the file already holds
	sourceStore  = "store"  // typed now, saved in the secret store
	sourcePrompt = "prompt" // asked once per session
	sourceEnv    = "env"    // an environment variable
	sourceNone   = "none"   // not set (optional fields only)
)

// secretSlot is one secret field of a profile and where its value comes
// from.
type secretSlot struct {
	key      string // TOML key: "password", "token", "value", "client_secret"
	label    string // "Password"
	optional bool
	Source   string
	// Current is the value the file holds, when editing.
	Current string
	// Typed is a secret typed into the form, for the secret store.
	Typed string
	// EnvName names the environment variable.
	EnvName string
}

// profileDraft is what the form edits; its fields are bound to the huh
// fields by pointer, so it lives on the heap for the form's lifetime.
type profileDraft struct {
	// editing is the name of the profile edited; "" for a new profile.
	editing string
	Type    string
	Name    string

	Username, In, KeyName string
	TokenURL, ClientID    string
	ClientAuth, Scopes    string
	// The keys of the OAuth2 grants besides the password grant's.
	Issuer, AuthorizeURL, DeviceAuthorizationURL string
	RedirectURI, PKCE                            string
	RevocationURL, IntrospectionURL              string
	AssertionKey, AssertionAlg, AssertionKID     string
	// Params is params as "name=value" pairs separated by spaces; the
	// file's own params are kept as written while the text is unchanged
	// (a value with a space cannot be typed here).
	Params                  string
	params                  []collections.KV
	paramsAsLoaded          string
	password, token, value  *secretSlot
	clientSecret            *secretSlot
	storeAvailable, Confirm bool
	// pkceWritten and algWritten say the file wrote pkce and
	// assertion_alg; when it did not, their defaults are not written.
	pkceWritten, algWritten bool
	// insecure is kept as the file has it: the form does not offer it, so
	// that turning TLS verification off stays a deliberate edit of the file.
	insecure bool
}

// newProfileDraft returns a draft for a new profile, or for p when it is
// not nil.
func newProfileDraft(p *collections.Profile, storeAvailable bool) *profileDraft {
	d := &profileDraft{
		Type: string(authflow.TypeBasic), In: authflow.InHeader, ClientAuth: authflow.ClientAuthBasic,
		PKCE: authflow.PKCES256, AssertionAlg: "RS256",
		password:       &secretSlot{key: "password", label: "Password"},
		token:          &secretSlot{key: "token", label: "Token"},
		value:          &secretSlot{key: "value", label: "Key value"},
		clientSecret:   &secretSlot{key: "client_secret", label: "Client secret", optional: true},
		storeAvailable: storeAvailable,
		Confirm:        true,
	}
	for _, s := range d.slots() {
		s.Source = sourcePrompt
		if storeAvailable {
			s.Source = sourceStore
		}
	}
	if p == nil {
		return d
	}
	d.editing, d.Name, d.Type, d.insecure = p.Name, p.Name, p.Type, p.Insecure
	d.Username, d.In, d.KeyName = p.Username, cmpOr(p.In, authflow.InHeader), p.KeyName
	d.TokenURL, d.ClientID, d.ClientAuth = p.TokenURL, p.ClientID, cmpOr(p.ClientAuth, authflow.ClientAuthBasic)
	d.Scopes = strings.Join(p.Scopes, " ")
	d.Issuer, d.AuthorizeURL, d.DeviceAuthorizationURL = p.Issuer, p.AuthorizeURL, p.DeviceAuthorizationURL
	d.RedirectURI, d.PKCE = p.RedirectURI, cmpOr(p.PKCE, authflow.PKCES256)
	d.RevocationURL, d.IntrospectionURL = p.RevocationURL, p.IntrospectionURL
	d.AssertionKey, d.AssertionAlg, d.AssertionKID = p.AssertionKey, cmpOr(p.AssertionAlg, "RS256"), p.AssertionKID
	d.params, d.Params = p.Params, formatParams(p.Params)
	d.paramsAsLoaded = d.Params
	// The file's own spelling of the defaults stays: a key left out stays
	// left out unless the user picks another value.
	d.pkceWritten, d.algWritten = p.PKCE != "", p.AssertionAlg != ""
	for slot, current := range map[*secretSlot]string{
		d.password: p.Password, d.token: p.Token, d.value: p.Value, d.clientSecret: p.ClientSecret,
	} {
		if current != "" {
			slot.Current, slot.Source = current, sourceKeep
		}
	}
	return d
}

// cmpOr returns a, or b when a is empty.
func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

// slots lists every secret slot of the draft.
func (d *profileDraft) slots() []*secretSlot {
	return []*secretSlot{d.password, d.token, d.value, d.clientSecret}
}

// activeSlots lists the secret slots the draft's type uses.
func (d *profileDraft) activeSlots() []*secretSlot {
	switch authflow.Type(d.Type) {
	case authflow.TypeBasic:
		return []*secretSlot{d.password}
	case authflow.TypeBearer:
		return []*secretSlot{d.token}
	case authflow.TypeAPIKey:
		return []*secretSlot{d.value}
	case authflow.TypeOAuth2Password:
		return []*secretSlot{d.password, d.clientSecret}
	case authflow.TypeOAuth2ClientCredentials, authflow.TypeOAuth2AuthorizationCode, authflow.TypeOAuth2DeviceCode:
		return []*secretSlot{d.clientSecret}
	}
	return nil
}

// usesClientSecret reports whether the client secret is asked for: a
// client is named and authenticates with a secret (not as a public client,
// RFC 6749 §2.1, nor with a signed assertion, RFC 7523 §2.2).
func (d *profileDraft) usesClientSecret() bool {
	return d.ClientID != "" && d.ClientAuth != authflow.ClientAuthNone && d.ClientAuth != authflow.ClientAuthPrivateKeyJWT
}

// isOAuth2 reports whether the draft is of an OAuth2 type.
func (d *profileDraft) isOAuth2() bool {
	return slices.Contains(authflow.OAuth2Types, authflow.Type(d.Type))
}

// uses reports whether slot belongs to the draft's type.
func (d *profileDraft) uses(slot *secretSlot) bool {
	return slices.Contains(d.activeSlots(), slot)
}

// secretName is the secret store entry a typed value goes to, such as
// "alice-oauth-password".
func (d *profileDraft) secretName(slot *secretSlot) string {
	return d.shownName() + "-" + strings.ReplaceAll(slot.key, "_", "-")
}

// shownName is the profile's name, or NAME until one is typed, so that the
// summary reads "{{secret:NAME-password}}" rather than "{{secret:-password}}".
// A draft is only saved once its name is valid, so NAME never reaches a file.
func (d *profileDraft) shownName() string {
	if d.Name == "" {
		return "NAME"
	}
	return d.Name
}

// promptLabel is the label a {{prompt:Label}} of slot asks with, naming
// the profile so that two profiles' passwords are told apart.
func (d *profileDraft) promptLabel(slot *secretSlot) string {
	return strings.ToLower(slot.label) + " for " + d.shownName()
}

// reference is what the collection file gets for slot: never the secret.
func (d *profileDraft) reference(slot *secretSlot) string {
	switch slot.Source {
	case sourceKeep:
		return slot.Current
	case sourceStore:
		return "{{secret:" + d.secretName(slot) + "}}"
	case sourcePrompt:
		return "{{prompt:" + d.promptLabel(slot) + "}}"
	case sourceEnv:
		return "{{env:" + slot.EnvName + "}}"
	}
	return ""
}

// profile is the draft as the collection file will hold it.
func (d *profileDraft) profile() collections.Profile {
	p := collections.Profile{Name: d.Name, Type: d.Type, Insecure: d.insecure}
	switch authflow.Type(d.Type) {
	case authflow.TypeBasic:
		p.Username, p.Password = d.Username, d.reference(d.password)
	case authflow.TypeBearer:
		p.Token = d.reference(d.token)
	case authflow.TypeAPIKey:
		p.In, p.KeyName, p.Value = d.In, d.KeyName, d.reference(d.value)
	case authflow.TypeOAuth2Password:
		p.Username, p.Password = d.Username, d.reference(d.password)
		d.oauth2(&p)
	case authflow.TypeOAuth2ClientCredentials, authflow.TypeOAuth2DeviceCode:
		d.oauth2(&p)
	case authflow.TypeOAuth2AuthorizationCode:
		d.oauth2(&p)
		p.RedirectURI = strings.TrimSpace(d.RedirectURI)
		if d.pkceWritten || d.PKCE != authflow.PKCES256 {
			p.PKCE = d.PKCE
		}
	}
	return p
}

// oauth2 fills the keys every OAuth2 type has. An endpoint the grant does
// not use is left out, as is a client secret for a public client or one
// that signs an assertion.
func (d *profileDraft) oauth2(p *collections.Profile) {
	t := authflow.Type(d.Type)
	p.Issuer, p.TokenURL = strings.TrimSpace(d.Issuer), strings.TrimSpace(d.TokenURL)
	if t == authflow.TypeOAuth2AuthorizationCode {
		p.AuthorizeURL = strings.TrimSpace(d.AuthorizeURL)
	}
	if t == authflow.TypeOAuth2DeviceCode {
		p.DeviceAuthorizationURL = strings.TrimSpace(d.DeviceAuthorizationURL)
	}
	p.ClientID = d.ClientID
	if d.ClientID != "" {
		p.ClientAuth = d.ClientAuth
		if d.usesClientSecret() {
			p.ClientSecret = d.reference(d.clientSecret)
		}
		if d.ClientAuth == authflow.ClientAuthPrivateKeyJWT {
			p.AssertionKey, p.AssertionKID = strings.TrimSpace(d.AssertionKey), strings.TrimSpace(d.AssertionKID)
			if d.algWritten || d.AssertionAlg != "RS256" {
				p.AssertionAlg = d.AssertionAlg
			}
		}
	}
	p.Scopes = strings.Fields(d.Scopes)
	p.Params = d.params
	if d.Params != d.paramsAsLoaded {
		p.Params, _ = parseParams(d.Params)
	}
	p.RevocationURL, p.IntrospectionURL = strings.TrimSpace(d.RevocationURL), strings.TrimSpace(d.IntrospectionURL)
}

// formatParams writes params as the form shows them: name=value pairs
// separated by spaces.
func formatParams(kvs []collections.KV) string {
	parts := make([]string, len(kvs))
	for i, kv := range kvs {
		parts[i] = kv.Key + "=" + kv.Value
	}
	return strings.Join(parts, " ")
}

// parseParams reads the form's params: name=value pairs separated by
// spaces, in order, each name once.
func parseParams(s string) ([]collections.KV, error) {
	var kvs []collections.KV
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		switch {
		case !ok || k == "":
			return nil, fmt.Errorf("write each parameter as name=value, e.g. audience=https://api.example.com (%q has no name=)", printableLine(f))
		case slices.ContainsFunc(kvs, func(kv collections.KV) bool { return kv.Key == k }):
			return nil, fmt.Errorf("the parameter %s is written twice", printableLine(k))
		case slices.Contains(reservedTokenParams, k):
			return nil, fmt.Errorf("%s is set by keyway from the profile's other keys; use another name, such as audience or resource (RFC 8707)", printableLine(k))
		}
		kvs = append(kvs, collections.KV{Key: k, Value: v})
	}
	return kvs, nil
}

// reservedTokenParams are the token-request parameters keyway sets itself
// (RFC 6749 §4, RFC 7521 §4.2, RFC 7636 §4.5, RFC 8628 §3.4); the file
// check refuses them too.
var reservedTokenParams = []string{"grant_type", "client_id", "client_secret", "username", "password", "scope",
	"refresh_token", "code", "code_verifier", "redirect_uri", "device_code", "client_assertion", "client_assertion_type"}

// storeWrites are the secrets the save puts in the secret store, by
// store name.
func (d *profileDraft) storeWrites() map[string]string {
	out := map[string]string{}
	for _, s := range d.activeSlots() {
		if s.Source == sourceStore && (s != d.clientSecret || d.usesClientSecret()) {
			out[d.secretName(s)] = s.Typed
		}
	}
	return out
}

// validateName checks a new profile's name: snake or kebab case, not
// taken.
func validateName(coll *collections.Collection, editing string) func(string) error {
	return func(name string) error {
		switch {
		case name == "":
			return errors.New("a name is needed")
		case !isProfileName(name):
			return errors.New("use lower-case letters and digits joined by - or _ (e.g. alice-oauth)")
		case name == "none":
			return errors.New(`"none" means no credentials; pick another name`)
		case name != editing && coll != nil && coll.Profiles[name] != nil:
			return fmt.Errorf("a profile named %q already exists", name)
		}
		return nil
	}
}

// validateUsername checks a Basic user-id: RFC 7617 §2 forbids a colon,
// which would split it from the password.
func validateUsername(basic bool) func(string) error {
	return func(s string) error {
		switch {
		case s == "":
			return errors.New("a username is needed")
		case basic && strings.Contains(s, ":"):
			return errors.New("a Basic username cannot contain ':' (RFC 7617 §2)")
		case strings.ContainsAny(s, "\r\n"):
			return errors.New("a username cannot contain a line break")
		}
		return nil
	}
}

// validateTokenURL checks the token endpoint: an http(s) URL, which may
// start with a variable such as {{base_url}} resolved at send time.
func validateTokenURL(s string) error {
	if s == "" {
		return errors.New("the token endpoint URL is needed")
	}
	return validateURL(s)
}

// validateIn checks where an API key goes.
func validateIn(s string) error {
	if s != authflow.InHeader && s != authflow.InQuery && s != authflow.InCookie {
		return errors.New("an API key goes in a header, a query parameter or a cookie")
	}
	return nil
}

// validateKeyName checks the header, parameter or cookie name of an API
// key: an HTTP token (RFC 9110 §5.6.2) is safe for all three.
func validateKeyName(s string) error {
	if s == "" {
		return errors.New("a name is needed, such as X-API-Key")
	}
	for _, r := range s {
		if r > 0x7e || r <= ' ' || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) {
			return errors.New("use letters, digits and - _ . only (an HTTP token, RFC 9110 §5.6.2)")
		}
	}
	return nil
}

// validateEnvName checks an environment variable's name.
func validateEnvName(s string) error {
	if !isEnvName(s) {
		return errors.New("use letters, digits and _, not starting with a digit (e.g. DEMO_PASSWORD)")
	}
	return nil
}

// validateSecret checks a secret typed into the form.
func validateSecret(s string) error {
	switch {
	case s == "":
		return errors.New("type the value, or choose another source")
	case strings.ContainsAny(s, "\r\n"):
		return errors.New("a secret cannot contain a line break")
	}
	return nil
}

// validateEndpoint checks an endpoint field: an http(s) URL, or one that
// starts with a variable; empty is allowed when required says so (an
// issuer is set, whose metadata names the endpoint, RFC 8414 §2).
func validateEndpoint(what string, required func() bool) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if required() {
				return fmt.Errorf("the %s is needed, or an issuer to discover it from", what)
			}
			return nil
		}
		return validateURL(strings.TrimSpace(s))
	}
}

// validateOptionalURL checks a URL field that may be left empty.
func validateOptionalURL(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return validateURL(strings.TrimSpace(s))
}

// validateURL checks an http(s) URL, or one that starts with a variable
// such as {{base_url}} resolved at send time.
func validateURL(s string) error {
	if strings.HasPrefix(s, "{{") {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("use an http:// or https:// URL, or one that starts with a variable like {{base_url}}")
	}
	return nil
}

// validateParams checks the params field.
func validateParams(s string) error {
	_, err := parseParams(s)
	return err
}

// validateClientID checks the client ID, which every grant but the
// password grant needs (RFC 6749 §2.2).
func validateClientID(required func() bool) func(string) error {
	return func(s string) error {
		if s == "" && required() {
			return errors.New("this grant needs a client ID (RFC 6749 §2.2)")
		}
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("a client ID cannot contain a line break")
		}
		return nil
	}
}

// validateAssertionKey checks the assertion key's path: needed for
// private_key_jwt, and a path, not a reference.
func validateAssertionKey(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("the PEM private key that signs the assertion is needed (RFC 7523 §2.2)")
	case strings.Contains(s, "{{"):
		return errors.New("write a path relative to the collection's folder, or from ~/; it holds no {{references}}")
	}
	return nil
}
