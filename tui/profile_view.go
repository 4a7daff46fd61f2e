package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// View draws the list, the confirmation or the form, exactly width×height
// cells.
func (m profilesModel) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.mode == modeForm && m.form != nil {
		return m.formView()
	}
	return fitLines(m.listLines(), m.width, m.height)
}

// listLines draws each profile with its type and where each of its
// secrets comes from, then the confirmation or the last error.
func (m profilesModel) listLines() []string {
	st := m.c.styles
	if m.c.coll == nil {
		return []string{st.Err.Render(errNoCollection.Error())}
	}
	names := m.names()
	lines := []string{st.PaneTitle.Render(fmt.Sprintf("Profiles (%d)", len(names))) + st.Muted.Render("  in "+printableLine(m.c.coll.Path))}
	nameW := len("Name")
	for _, n := range names {
		nameW = max(nameW, ansi.StringWidth(printableLine(n)))
	}
	nameW = min(nameW, max(m.width/4, 10))
	typeW := len("oauth2-password")
	for _, n := range names {
		typeW = max(typeW, ansi.StringWidth(printableLine(m.c.coll.Profiles[n].Type)))
	}
	typeW = min(typeW, max(m.width/3, 10))
	lines = append(lines, st.Muted.Render(fmt.Sprintf("  %s %-*s %s", padRight("Name", nameW), typeW, "Type", "Secrets from")))
	for i, n := range names {
		p := m.c.coll.Profiles[n]
		name := padRight(ansi.Truncate(printableLine(n), nameW, "…"), nameW)
		row := fmt.Sprintf("  %s %s %s", name, padRight(ansi.Truncate(printableLine(p.Type), typeW, "…"), typeW), secretSources(p))
		if i == m.selected {
			row = st.Selected.Render(padRight(ansi.Truncate("▸"+row[1:], m.width, "…"), m.width))
		}
		lines = append(lines, row)
	}
	if len(names) == 0 {
		lines = append(lines, "", st.Muted.Render("  No profiles yet. Press "+m.c.keys.Profiles.New.Help().Key+" to create one."))
	}
	lines = append(lines, "")
	switch {
	case m.mode == modeConfirmDelete:
		if p := m.selectedProfile(); p != nil {
			lines = append(lines, st.Warn.Render(fmt.Sprintf("Delete profile %s from %s? y deletes, n keeps it.",
				printableLine(p.Name), printableLine(m.c.coll.Path))))
		}
	case m.saving:
		lines = append(lines, st.Muted.Render("saving…"))
	case m.err != nil:
		lines = append(lines, strings.Split(styleLines(st.Err, wrapText(printable(m.err.Error()), m.width)), "\n")...)
	case len(names) > 0:
		lines = append(lines, m.oauth2Lines(m.c.coll.Profiles[names[min(m.selected, len(names)-1)]])...)
		if users, isDefault := profileUsers(m.c.coll, names[min(m.selected, len(names)-1)]); len(users) > 0 || isDefault {
			used := "Used by no request"
			switch len(users) {
			case 0:
			case 1:
				used = "Used by 1 request: " + printableLine(users[0])
			default:
				used = fmt.Sprintf("Used by %d requests: %s", len(users), printableLine(strings.Join(users, ", ")))
			}
			if isDefault {
				used += "; the default profile"
			}
			lines = append(lines, st.Muted.Render(ansi.Truncate(used, m.width, "…")))
		}
	}
	return lines
}

// oauth2Lines show an OAuth2 profile's keys under the list: each endpoint
// the grant uses, written or to be discovered from the issuer (RFC 8414),
// then the client and what the token request carries. No secret is shown.
func (m profilesModel) oauth2Lines(p *collections.Profile) []string {
	if p == nil || !slices.Contains(authflow.OAuth2Types, authflow.Type(p.Type)) {
		return nil
	}
	st := m.c.styles
	const keyW = 25
	var lines []string
	row := func(k, v string) {
		lines = append(lines, ansi.Truncate(fmt.Sprintf("  %-*s %s", keyW, k, printableLine(v)), m.width, "…"))
	}
	endpoint := func(k, v string, needed bool) {
		switch {
		case v != "":
			row(k, v)
		case p.Issuer != "" && needed:
			row(k, "discovered from the issuer's metadata (RFC 8414)")
		case p.Issuer != "":
			row(k, "discovered, if the issuer's metadata names one")
		case needed:
			row(k, "— (missing)")
		}
	}
	lines = append(lines, st.PaneTitle.Render(printableLine(p.Name))+st.Muted.Render("  "+oauth2Grant(authflow.Type(p.Type))))
	if p.Issuer != "" {
		row("issuer", p.Issuer)
	}
	switch authflow.Type(p.Type) {
	case authflow.TypeOAuth2AuthorizationCode:
		endpoint("authorize_url", p.AuthorizeURL, true)
	case authflow.TypeOAuth2DeviceCode:
		endpoint("device_authorization_url", p.DeviceAuthorizationURL, true)
	}
	endpoint("token_url", p.TokenURL, true)
	if authflow.Type(p.Type) == authflow.TypeOAuth2AuthorizationCode {
		row("redirect_uri", cmpOr(p.RedirectURI, "http://127.0.0.1 on a free port (RFC 8252 §7.3)"))
		row("pkce", cmpOr(p.PKCE, authflow.PKCES256))
	}
	if p.ClientID != "" {
		auth := cmpOr(p.ClientAuth, authflow.ClientAuthBasic)
		if auth == authflow.ClientAuthPrivateKeyJWT {
			auth += " — " + p.AssertionKey + ", " + cmpOr(p.AssertionAlg, "RS256")
			if p.AssertionKID != "" {
				auth += ", kid " + p.AssertionKID
			}
		}
		row("client", p.ClientID+" ("+auth+")")
	}
	if len(p.Scopes) > 0 {
		row("scopes", strings.Join(p.Scopes, " "))
	}
	if len(p.Params) > 0 {
		row("params", formatParams(p.Params))
	}
	endpoint("revocation_url", p.RevocationURL, false)
	endpoint("introspection_url", p.IntrospectionURL, false)
	return append(lines, "")
}

// oauth2Grant names the grant of an OAuth2 type for a reader.
func oauth2Grant(t authflow.Type) string {
	switch t {
	case authflow.TypeOAuth2Password:
		return "password grant (RFC 6749 §4.3)"
	case authflow.TypeOAuth2ClientCredentials:
		return "client credentials (RFC 6749 §4.4)"
	case authflow.TypeOAuth2AuthorizationCode:
		return "authorization code, signed in in a browser (RFC 6749 §4.1)"
	case authflow.TypeOAuth2DeviceCode:
		return "device code, signed in on another device (RFC 8628)"
	}
	return string(t)
}

// secretSources says where each secret of p comes from, never the secret.
func secretSources(p *collections.Profile) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+": "+describeReference(v))
		}
	}
	switch authflow.Type(p.Type) {
	case authflow.TypeBasic:
		add("password", p.Password)
	case authflow.TypeBearer:
		add("token", p.Token)
	case authflow.TypeAPIKey:
		add("value", p.Value)
	case authflow.TypeOAuth2Password:
		add("password", p.Password)
		add("client secret", p.ClientSecret)
	default:
		add("client secret", p.ClientSecret)
		if p.ClientAuth == authflow.ClientAuthPrivateKeyJWT && p.AssertionKey != "" {
			parts = append(parts, "key file: "+printableLine(p.AssertionKey))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, ", ")
}

// formView draws the form with, beside or below it, what the file will
// get and what goes to the secret store.
func (m profilesModel) formView() string {
	st := m.c.styles
	form := m.form.View()
	var status []string
	switch {
	case m.saving:
		status = append(status, st.Muted.Render("saving…"))
	case m.err != nil:
		status = append(status, strings.Split(styleLines(st.Err, wrapText(printable(m.err.Error()), m.formWidth())), "\n")...)
	case m.liveErr != nil:
		status = append(status, strings.Split(styleLines(st.Err, wrapText("✗ "+m.liveErr.Error(), m.formWidth())), "\n")...)
	}
	head := []string{st.PaneTitle.Render(formTitle(m.draft)), ""}
	left := strings.Join(append(append(head, strings.Split(form, "\n")...), status...), "\n")
	summary := m.summaryLines()
	if m.width >= 100 {
		fw := m.formWidth()
		sw := m.width - fw - 2
		l := fitBlock(left, fw, m.height)
		r := fitLines(summary, sw, m.height)
		return lipgloss.JoinHorizontal(lipgloss.Top, l, "  ", r)
	}
	summaryH := min(len(summary), max(m.height/3, 4))
	formLines := strings.Split(left, "\n")
	lines := append(formLines[:min(len(formLines), m.height-summaryH)], "")
	lines = append(lines[:min(len(lines), m.height-summaryH)], summary...)
	return fitLines(lines, m.width, m.height)
}

// summaryLines show the profile as the file will hold it and the names
// typed secrets are stored under, so the user sees that no secret goes
// into the collection.
func (m profilesModel) summaryLines() []string {
	st := m.c.styles
	d := m.draft
	p := d.profile()
	name := d.Name
	if name == "" {
		name = "NAME"
	}
	lines := []string{st.PaneTitle.Render("The file gets") + st.Muted.Render(" (no secret in it)"),
		st.Muted.Render("[profile." + printableLine(name) + "]")}
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, fmt.Sprintf("%s = %q", k, printableLine(v)))
		}
	}
	add("type", p.Type)
	add("username", p.Username)
	add("password", p.Password)
	add("token", p.Token)
	add("in", p.In)
	add("name", p.KeyName)
	add("value", p.Value)
	add("issuer", p.Issuer)
	add("authorize_url", p.AuthorizeURL)
	add("device_authorization_url", p.DeviceAuthorizationURL)
	add("token_url", p.TokenURL)
	add("redirect_uri", p.RedirectURI)
	add("pkce", p.PKCE)
	add("client_id", p.ClientID)
	add("client_secret", p.ClientSecret)
	add("client_auth", p.ClientAuth)
	add("assertion_key", p.AssertionKey)
	add("assertion_alg", p.AssertionAlg)
	add("assertion_kid", p.AssertionKID)
	if len(p.Scopes) > 0 {
		lines = append(lines, fmt.Sprintf("scopes = [%s]", printableLine(quoteAll(p.Scopes))))
	}
	if len(p.Params) > 0 {
		lines = append(lines, "params = { "+printableLine(formatParams(p.Params))+" }")
	}
	add("revocation_url", p.RevocationURL)
	add("introspection_url", p.IntrospectionURL)
	if writes := d.storeWrites(); len(writes) > 0 {
		lines = append(lines, "", st.PaneTitle.Render("Your secret store gets"))
		for _, s := range d.activeSlots() {
			if s.Source == sourceStore && (s != d.clientSecret || d.usesClientSecret()) {
				lines = append(lines, d.secretName(s)+" = "+st.Secret.Render(authflow.Mask))
			}
		}
	}
	return lines
}

// quoteAll writes strings as a TOML array's items.
func quoteAll(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}
