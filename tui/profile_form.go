package tui

import (
	"strings"

	"charm.land/huh/v2"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// newProfileForm builds the huh form for d: the type first, then only the
// fields that type needs, then where each secret comes from and, for a
// secret typed now, the value itself (masked). Groups that do not apply
// hide themselves as the answers change.
func newProfileForm(c *common, d *profileDraft) *huh.Form {
	isType := func(t authflow.Type) func() bool {
		return func() bool { return authflow.Type(d.Type) != t }
	}
	typeOptions := []huh.Option[string]{
		huh.NewOption("Basic — username and password (RFC 7617)", string(authflow.TypeBasic)),
		huh.NewOption("Bearer — a token you already have (RFC 6750)", string(authflow.TypeBearer)),
		huh.NewOption("API key — in a header, query parameter or cookie", string(authflow.TypeAPIKey)),
		huh.NewOption("OAuth2 password grant — trade a password for a token (RFC 6749 §4.3)", string(authflow.TypeOAuth2Password)),
		huh.NewOption("OAuth2 client credentials — a service's own token (RFC 6749 §4.4)", string(authflow.TypeOAuth2ClientCredentials)),
		huh.NewOption("OAuth2 authorization code — sign in in a browser (RFC 6749 §4.1)", string(authflow.TypeOAuth2AuthorizationCode)),
		huh.NewOption("OAuth2 device code — sign in on another device (RFC 8628)", string(authflow.TypeOAuth2DeviceCode)),
	}
	notOAuth2 := func() bool { return !d.isOAuth2() }
	noIssuer := func() bool { return strings.TrimSpace(d.Issuer) == "" }
	issuer := func() huh.Field {
		return huh.NewInput().Key("issuer").Title("Issuer (optional)").
			Description("Endpoints left empty are discovered from its metadata (RFC 8414)").
			Validate(validateOptionalURL).Value(&d.Issuer)
	}
	tokenURL := func() huh.Field {
		return huh.NewInput().Key("token_url").Title("Token endpoint").Description("Empty: discovered from the issuer").
			Validate(validateEndpoint("token endpoint", noIssuer)).Value(&d.TokenURL)
	}
	var first []huh.Field
	first = append(first, huh.NewSelect[string]().Key("type").Title("Type").Options(typeOptions...).Value(&d.Type))
	if d.editing == "" {
		first = append(first, huh.NewInput().Key("name").Title("Name").
			Description("How requests refer to it: profile = \"name\"").
			Placeholder("my-api").Validate(validateName(c.coll, "")).Value(&d.Name))
	}
	groups := []*huh.Group{
		// No group title: formView heads every page of the form with
		// formTitle, so the title stays when huh moves to a later group.
		huh.NewGroup(first...),
		huh.NewGroup(
			huh.NewInput().Key("username").Title("Username").Description("Sent as user-id:password, base64-encoded (RFC 7617 §2)").
				Validate(validateUsername(true)).Value(&d.Username),
		).WithHideFunc(isType(authflow.TypeBasic)),
		huh.NewGroup(
			huh.NewSelect[string]().Key("in").Title("Where the key goes").
				Options(huh.NewOptions(authflow.InHeader, authflow.InQuery, authflow.InCookie)...).Value(&d.In),
			huh.NewInput().Key("key_name").Title("Header, parameter or cookie name").Placeholder("X-API-Key").
				Validate(validateKeyName).Value(&d.KeyName),
		).WithHideFunc(isType(authflow.TypeAPIKey)),
		huh.NewGroup(
			huh.NewInput().Key("token_url").Title("Token endpoint").Placeholder("{{base_url}}/oauth/token").
				Validate(validateTokenURL).Value(&d.TokenURL),
			huh.NewInput().Key("username").Title("Username").Description("The resource owner (RFC 6749 §4.3.2)").
				Validate(validateUsername(false)).Value(&d.Username),
			huh.NewInput().Key("scopes").Title("Scopes").Description("Separated by spaces; empty for none (RFC 6749 §3.3)").
				Value(&d.Scopes),
		).WithHideFunc(isType(authflow.TypeOAuth2Password)),
		huh.NewGroup(issuer(), tokenURL()).WithHideFunc(isType(authflow.TypeOAuth2ClientCredentials)),
		huh.NewGroup(issuer(),
			huh.NewInput().Key("authorize_url").Title("Authorization endpoint").Description("Where the browser signs in; empty: discovered").
				Validate(validateEndpoint("authorization endpoint", noIssuer)).Value(&d.AuthorizeURL),
			tokenURL(),
		).WithHideFunc(isType(authflow.TypeOAuth2AuthorizationCode)),
		huh.NewGroup(
			huh.NewInput().Key("redirect_uri").Title("Redirect URI (optional)").
				Description("Empty: http://127.0.0.1 on a free port (RFC 8252 §7.3)").
				Validate(validateOptionalURL).Value(&d.RedirectURI),
			huh.NewSelect[string]().Key("pkce").Title("PKCE (RFC 7636)").
				Options(huh.NewOption("S256 — send SHA-256 of a secret verifier (recommended)", authflow.PKCES256),
					huh.NewOption("plain — send the verifier itself", authflow.PKCEPlain),
					huh.NewOption("none — no PKCE (only for servers without it)", authflow.PKCENone)).
				Value(&d.PKCE),
		).WithHideFunc(isType(authflow.TypeOAuth2AuthorizationCode)),
		huh.NewGroup(issuer(),
			huh.NewInput().Key("device_authorization_url").Title("Device authorization endpoint").
				Description("Gives the code to enter; empty: discovered (RFC 8628 §3.1)").
				Validate(validateEndpoint("device authorization endpoint", noIssuer)).Value(&d.DeviceAuthorizationURL),
			tokenURL(),
		).WithHideFunc(isType(authflow.TypeOAuth2DeviceCode)),
		huh.NewGroup(
			huh.NewInput().Key("client_id").Title("Client ID").
				DescriptionFunc(func() string {
					if authflow.Type(d.Type) == authflow.TypeOAuth2Password {
						return "Optional: with none, no client authentication is sent at all"
					}
					return "The id the server gave this app (RFC 6749 §2.2)"
				}, &d.Type).
				Validate(validateClientID(func() bool { return authflow.Type(d.Type) != authflow.TypeOAuth2Password })).
				Value(&d.ClientID),
			huh.NewSelect[string]().Key("client_auth").Title("Client authentication (RFC 6749 §2.3.1)").
				Options(huh.NewOption("HTTP Basic header", authflow.ClientAuthBasic),
					huh.NewOption("HTTP Basic header, id and secret not form-encoded (as curl -u)", authflow.ClientAuthBasicUnencoded),
					huh.NewOption("client_id and client_secret in the form body", authflow.ClientAuthBody),
					huh.NewOption("none — a public client: client_id only, no secret", authflow.ClientAuthNone),
					huh.NewOption("private_key_jwt — a JWT signed with a key file (RFC 7523)", authflow.ClientAuthPrivateKeyJWT)).
				Value(&d.ClientAuth),
		).WithHideFunc(notOAuth2),
		huh.NewGroup(
			huh.NewInput().Key("assertion_key").Title("Assertion key").
				Description("PEM private key file, relative to the collection's folder").
				Validate(validateAssertionKey).Value(&d.AssertionKey),
			huh.NewSelect[string]().Key("assertion_alg").Title("Signing algorithm").
				Options(huh.NewOptions(authflow.AssertionAlgs...)...).Value(&d.AssertionAlg),
			huh.NewInput().Key("assertion_kid").Title("Key ID (optional)").Description("Sent as kid, when the server has several keys").
				Value(&d.AssertionKID),
		).WithHideFunc(func() bool {
			return notOAuth2() || d.ClientID == "" || d.ClientAuth != authflow.ClientAuthPrivateKeyJWT
		}),
		huh.NewGroup(
			huh.NewInput().Key("scopes").Title("Scopes").Description("Separated by spaces; empty for none (RFC 6749 §3.3)").
				Value(&d.Scopes),
		).WithHideFunc(func() bool { return notOAuth2() || authflow.Type(d.Type) == authflow.TypeOAuth2Password }),
		huh.NewGroup(
			huh.NewInput().Key("params").Title("Extra token parameters (optional)").
				Description("name=value, separated by spaces: audience=…, resource=… (RFC 8707)").
				Validate(validateParams).Value(&d.Params),
			huh.NewInput().Key("revocation_url").Title("Revocation endpoint (optional)").
				Description("For r on the Flow screen (RFC 7009); empty: discovered").
				Validate(validateOptionalURL).Value(&d.RevocationURL),
			huh.NewInput().Key("introspection_url").Title("Introspection endpoint (optional)").
				Description("For i on the Flow screen (RFC 7662); empty: discovered").
				Validate(validateOptionalURL).Value(&d.IntrospectionURL),
		).WithHideFunc(notOAuth2),
	}
	for _, slot := range d.slots() {
		groups = append(groups, secretGroups(d, slot)...)
	}
	groups = append(groups, huh.NewGroup(
		huh.NewConfirm().Key("confirm").Title("Save this profile to the collection?").
			Description("Typed secrets go to your secret store only.").
			Affirmative("Save").Negative("Cancel").Value(&d.Confirm),
	))
	// The root keeps c.dark up to date; huh would only learn the background
	// from a message the root does not forward.
	theme := huh.ThemeFunc(func(bool) *huh.Styles {
		if c.noColor {
			return huh.ThemeBase(c.dark)
		}
		return huh.ThemeCharm(c.dark)
	})
	return huh.NewForm(groups...).WithTheme(theme).WithShowHelp(false).WithShowErrors(true)
}

// formTitle heads the form, with the type chosen so far.
func formTitle(d *profileDraft) string {
	title := "New profile"
	if d.editing != "" {
		title = "Edit profile " + printableLine(d.editing)
	}
	if d.Type != "" {
		title += " (" + printableLine(d.Type) + ")"
	}
	return title
}

// secretGroups are the questions about one secret: where it comes from,
// then the value to store or the environment variable's name.
func secretGroups(d *profileDraft, slot *secretSlot) []*huh.Group {
	used := func() bool {
		return d.uses(slot) && (slot != d.clientSecret || d.usesClientSecret())
	}
	var options []huh.Option[string]
	if slot.Current != "" {
		options = append(options, huh.NewOption("Keep "+describeReference(slot.Current), sourceKeep))
	}
	if d.storeAvailable {
		options = append(options, huh.NewOption("Type it now: it goes to your secret store", sourceStore))
	}
	options = append(options,
		huh.NewOption("Ask for it once per session ({{prompt}})", sourcePrompt),
		huh.NewOption("Read it from an environment variable ({{env:NAME}})", sourceEnv))
	if slot.optional {
		options = append(options, huh.NewOption("None", sourceNone))
	}
	title := slot.label + ": where does it come from?"
	return []*huh.Group{
		huh.NewGroup(
			huh.NewSelect[string]().Key(slot.key + "-source").Title(title).
				// Descriptions stay within one line at 60 columns: huh sizes
				// a group before wrapping, so a second line would push the
				// field itself out of view.
				Description("The collection file only ever gets a reference to it.").
				Options(options...).Value(&slot.Source),
		).WithHideFunc(func() bool { return !used() }),
		huh.NewGroup(
			huh.NewInput().Key(slot.key + "-secret").Title(slot.label).
				// The summary beside the form names the stored secret.
				Description("Masked; saved to your secret store, not the file.").
				EchoMode(huh.EchoModePassword).Validate(validateSecret).Value(&slot.Typed),
		).WithHideFunc(func() bool { return !used() || slot.Source != sourceStore }),
		huh.NewGroup(
			huh.NewInput().Key(slot.key + "-env").Title(slot.label + ": environment variable").
				Placeholder(strings.ToUpper(strings.ReplaceAll(slot.key, "-", "_"))).
				Validate(validateEnvName).Value(&slot.EnvName),
		).WithHideFunc(func() bool { return !used() || slot.Source != sourceEnv }),
	}
}

// liveError validates the focused field's current value as the user
// types, so a mistake shows before they try to move on; huh itself only
// checks when leaving the field.
func liveError(coll *collections.Collection, d *profileDraft, fieldKey string) error {
	var slot *secretSlot
	for _, s := range d.slots() {
		if strings.HasPrefix(fieldKey, s.key+"-") {
			slot = s
		}
	}
	switch {
	case fieldKey == "name":
		return validateName(coll, d.editing)(d.Name)
	case fieldKey == "username":
		return validateUsername(authflow.Type(d.Type) == authflow.TypeBasic)(d.Username)
	case fieldKey == "key_name":
		return validateKeyName(d.KeyName)
	case fieldKey == "in":
		return validateIn(d.In)
	case fieldKey == "token_url" && authflow.Type(d.Type) == authflow.TypeOAuth2Password:
		return validateTokenURL(d.TokenURL)
	case fieldKey == "token_url":
		return validateEndpoint("token endpoint", func() bool { return strings.TrimSpace(d.Issuer) == "" })(d.TokenURL)
	case fieldKey == "issuer" || fieldKey == "redirect_uri" || fieldKey == "revocation_url" || fieldKey == "introspection_url":
		return validateOptionalURL(map[string]string{"issuer": d.Issuer, "redirect_uri": d.RedirectURI,
			"revocation_url": d.RevocationURL, "introspection_url": d.IntrospectionURL}[fieldKey])
	case fieldKey == "params":
		return validateParams(d.Params)
	case fieldKey == "assertion_key":
		return validateAssertionKey(d.AssertionKey)
	case slot != nil && strings.HasSuffix(fieldKey, "-secret"):
		return validateSecret(slot.Typed)
	case slot != nil && strings.HasSuffix(fieldKey, "-env"):
		return validateEnvName(slot.EnvName)
	}
	return nil
}

// describeReference says where a value in the file comes from without
// ever showing a secret: a reference is shown as written, a literal value
// only as "a value written in the file".
func describeReference(v string) string {
	switch ref := strings.TrimSpace(v); {
	case v == "":
		return "—"
	case strings.HasPrefix(ref, "{{secret:") && strings.HasSuffix(ref, "}}"):
		return "secret store (" + printableLine(strings.TrimSuffix(strings.TrimPrefix(ref, "{{secret:"), "}}")) + ")"
	case strings.HasPrefix(ref, "{{env:") && strings.HasSuffix(ref, "}}"):
		return "env " + printableLine(strings.TrimSuffix(strings.TrimPrefix(ref, "{{env:"), "}}"))
	case ref == "{{prompt}}" || strings.HasPrefix(ref, "{{prompt:") && strings.HasSuffix(ref, "}}"):
		return "prompt"
	case isVariableReference(ref):
		return "variable " + strings.TrimSpace(ref[2:len(ref)-2])
	case strings.Contains(ref, "{{"):
		// Not echoed: the literal parts may be secret.
		return "a value built from variables"
	}
	return "a value written in the file"
}
