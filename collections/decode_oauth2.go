package collections

import (
	"errors"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
)

// reservedParams are the token-request parameters keyway sets from a
// profile's other keys, which params may not override (RFC 6749 §4, RFC
// 7521 §4.2, RFC 7636 §4.5, RFC 8628 §3.4).
var reservedParams = []string{"grant_type", "client_id", "client_secret", "username", "password", "scope",
	"refresh_token", "code", "code_verifier", "redirect_uri", "device_code", "client_assertion", "client_assertion_type"}

// paramsTable decodes params: extra token-request parameters, names
// literal, values templates.
func (d *decoder) paramsTable(e *tomldoc.Entry, ctx string) []KV {
	kvs, positions := d.stringTable(e, ctx, e.Key)
	for i, kv := range kvs {
		item := e.Value.Get(kv.Key)
		switch {
		case kv.Key == "":
			d.errAt(item.KeyOffset, "%sparams: a parameter name is empty", prefix(ctx))
		case slices.Contains(reservedParams, kv.Key):
			d.errAt(item.KeyOffset, "%sparams: %s is set by keyway from the profile's other keys; it cannot be a parameter (allowed: any other name, such as audience or resource)", prefix(ctx), kv.Key)
		}
		d.checkTemplate(positions[i], ctx, "params."+kv.Key, kv.Value)
	}
	return kvs
}

// endpoint returns the field that holds the endpoint key.
func (p *Profile) endpoint(key string) *string {
	switch key {
	case "issuer":
		return &p.Issuer
	case "authorize_url":
		return &p.AuthorizeURL
	case "device_authorization_url":
		return &p.DeviceAuthorizationURL
	case "revocation_url":
		return &p.RevocationURL
	case "introspection_url":
		return &p.IntrospectionURL
	}
	return &p.TokenURL
}

// checkIssuer checks an issuer identifier: a URL with no query or
// fragment (RFC 8414 §2), from which the metadata URL is built.
func checkIssuer(raw string) error {
	u, err := authflow.ParseURL(raw)
	if err != nil {
		return err
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#") {
		return errors.New("an issuer has no query or fragment (RFC 8414 §2)")
	}
	return nil
}

// checkRedirectURI checks a redirect_uri: an absolute http(s) URL with no
// fragment (RFC 6749 §3.1.2).
func checkRedirectURI(raw string) error {
	if _, err := authflow.ParseURL(raw); err != nil {
		return err
	}
	if strings.Contains(raw, "#") {
		return errors.New("a redirect URI has no fragment (RFC 6749 §3.1.2)")
	}
	return nil
}
