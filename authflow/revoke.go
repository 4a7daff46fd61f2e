package authflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Token type hints for Revoke and Introspect (RFC 7009 §2.1, RFC 7662
// §2.1): which kind of token is given, to speed the server's lookup.
const (
	HintAccessToken  = "access_token"
	HintRefreshToken = "refresh_token"
)

// Revoke asks the profile's revocation endpoint to revoke token (RFC 7009
// §2.1): a POST of token and token_type_hint (HintAccessToken,
// HintRefreshToken or "" for none), with the client authenticated as the
// profile's client_auth says. The endpoint is revocation_url, or the
// issuer's revocation_endpoint when the profile leaves it out (RFC 8414).
// The flow shows each step with its bytes, the token masked. A 200 means
// revoked, or already invalid (§2.2: the server answers the same for
// both); an error response is an error naming its code (§2.2.1). It is
// what `keyway logout` and the TUI's Flow screen call.
func (c *Client) Revoke(ctx context.Context, p *Profile, token, hint string) (*Flow, error) {
	r := c.endpointRun(p, token)
	err := r.revoke(ctx, token, hint, c.keptLimits(p.TokenCacheKey(), token))
	return r.flow, r.redactError(err)
}

// Introspection is what an introspection endpoint said of a token (RFC
// 7662 §2.2): Active, and the other members as sent.
type Introspection struct {
	Active bool
	Claims map[string]any
}

// Introspect asks the profile's introspection endpoint about token (RFC
// 7662 §2.1), as Revoke does: the endpoint is introspection_url or the
// discovered introspection_endpoint; the client authenticates as
// configured. An inactive token is no error: Active is false (§2.2 says
// nothing more about it).
func (c *Client) Introspect(ctx context.Context, p *Profile, token, hint string) (*Introspection, *Flow, error) {
	r := c.endpointRun(p, token)
	in, err := r.introspect(ctx, token, hint, c.keptLimits(p.TokenCacheKey(), token))
	return in, r.flow, r.redactError(err)
}

// endpointRun is a run for a request to one of the authorization
// server's endpoints, token a secret of its flow.
func (c *Client) endpointRun(p *Profile, token string) *sendRun {
	r := &sendRun{client: c, profile: p, flow: &Flow{Profile: p.Name, Type: p.Type, Secrets: []string{token}}}
	r.rec = &flowRecorder{flow: r.flow, redact: r.redactError}
	return r
}

// endpointFor returns the endpoint the profile names, discovering it
// from the issuer when left out.
func (r *sendRun) endpointFor(ctx context.Context, field string, get func(*Profile) string, rfc string) (string, error) {
	if err := r.profile.Validate(); err != nil {
		r.rec.fail(r.rec.begin(Step{Title: "Check the profile", Why: "The profile must be complete before anything is sent."}), err, "Fix the profile field named above.")
		return "", err
	}
	if get(r.profile) == "" && r.profile.Issuer != "" {
		if err := r.discover(ctx); err != nil {
			return "", err
		}
	}
	endpoint := get(r.profile)
	if endpoint == "" {
		err := fmt.Errorf("profile %q has no %s and its server lists none (%s)", r.profile.Name, field, rfc)
		r.rec.fail(r.rec.begin(Step{Title: "Find the endpoint", RFC: rfc}), err, "Add "+field+" to the profile, or issuer if the server publishes its metadata.")
		return "", err
	}
	return endpoint, nil
}

func (r *sendRun) revoke(ctx context.Context, token, hint string, limits []HostLimit) error {
	endpoint, err := r.endpointFor(ctx, "revocation_url", func(p *Profile) string { return p.RevocationURL }, "RFC 7009")
	if err != nil {
		return err
	}
	ex, i, err := r.postToEndpoint(ctx, endpoint, "revocation_url", token, hint, limits, Step{
		Title: "Revoke the token",
		Why: "The client tells the authorization server it no longer needs the token, so that it stops " +
			"working at once rather than at its expiry. Revoking a refresh token usually revokes the " +
			"access tokens issued with it too.",
		RFC: "RFC 7009 §2.1",
	})
	if err != nil {
		return err
	}
	switch status := ex.Response.StatusCode; {
	case status == http.StatusOK:
		r.rec.end(i, func(s *Step) {
			s.Fields = append(s.Fields, Field{Label: "status", Value: ex.Response.Status + ": revoked (or already invalid: RFC 7009 §2.2 answers both alike)"})
		})
		return nil
	case status == http.StatusServiceUnavailable:
		err = fmt.Errorf("the revocation endpoint is unavailable (503); try again later (RFC 7009 §2.2.1)")
	default:
		err = endpointError("revocation", ex)
	}
	r.rec.fail(i, err, "The token was not revoked: it stays valid until it expires.")
	return err
}

func (r *sendRun) introspect(ctx context.Context, token, hint string, limits []HostLimit) (*Introspection, error) {
	endpoint, err := r.endpointFor(ctx, "introspection_url", func(p *Profile) string { return p.IntrospectionURL }, "RFC 7662")
	if err != nil {
		return nil, err
	}
	ex, i, err := r.postToEndpoint(ctx, endpoint, "introspection_url", token, hint, limits, Step{
		Title: "Introspect the token",
		Why: "The client asks the authorization server what it knows of the token: whether it is active " +
			"and, if so, its scope, client, user and expiry. For an opaque token this is the only way to " +
			"learn them; a server answers only clients it authenticates.",
		RFC: "RFC 7662 §2.1",
	})
	if err != nil {
		return nil, err
	}
	if ex.Response.StatusCode != http.StatusOK {
		err := endpointError("introspection", ex)
		r.rec.fail(i, err, "Check the client's credentials: introspection endpoints answer only the clients they know.")
		return nil, err
	}
	in, err := parseIntrospection(ex.Response.Body)
	if err != nil {
		r.rec.fail(i, err, "The introspection endpoint did not answer as RFC 7662 §2.2 says: check introspection_url.")
		return nil, err
	}
	r.rec.end(i, func(s *Step) { s.Fields = append(s.Fields, introspectionFields(in)...) })
	return in, nil
}

// postToEndpoint sends token (and its hint) to endpoint as a form with
// the client authenticated, in a step begun from step. It returns the
// exchange and the step's index; on a transport failure the step has
// failed. Nothing is sent to an endpoint off the authorization server,
// or outside the token's limits or the profile's (checkEndpointHost).
func (r *sendRun) postToEndpoint(ctx context.Context, endpoint, field, token, hint string, limits []HostLimit, step Step) (*Exchange, int, error) {
	if err := r.checkEndpointHost(endpoint, field, limits); err != nil {
		step.Fields = append([]Field{{Label: "endpoint", Value: "POST " + endpoint}}, step.Fields...)
		r.rec.fail(r.rec.begin(step), err, "Nothing was sent. Give the authorization server's own endpoint, or the issuer whose metadata lists it.")
		return nil, noStep, err
	}
	assertion, err := r.signAssertion(endpoint)
	if err != nil {
		return nil, noStep, err
	}
	form := url.Values{"token": {token}}
	if hint != "" {
		form.Set("token_type_hint", hint)
	}
	// The client authentication adds a header or form fields: the body
	// is encoded once it has them.
	header := http.Header{}
	r.applyClientAuth(&http.Request{Header: header}, form, assertion)
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		r.rec.fail(r.rec.begin(step), err, "Check the endpoint's URL.")
		return nil, noStep, err
	}
	req.Header = header
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	step.Fields = append([]Field{
		{Label: "endpoint", Value: "POST " + endpoint},
		{Label: "token", Value: token, Secret: true},
		{Label: "token_type_hint", Value: cmpOr(hint, "(none)")},
		clientAuthField(r.profile),
	}, step.Fields...)
	if assertion != nil {
		step.Fields = append(step.Fields, assertionFields(assertion)...)
	}
	if u, err := url.Parse(endpoint); err == nil {
		step.Fields = append(step.Fields, transportWarnings(u, tlsSettings{insecure: r.profile.Insecure, files: r.profile.TLS}, "the token and client credentials are")...)
	}
	i := r.rec.begin(step)
	ex, err := r.exchange(ctx, req)
	if i != noStep {
		r.flow.Steps[i].Exchange = ex
	}
	if err != nil {
		hint, err := describeTransportError(err, r.client.timeout(0), r.secrets())
		r.rec.fail(i, err, hint)
		return nil, i, err
	}
	return ex, i, nil
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// endpointError describes an error answer of the revocation or
// introspection endpoint: its error code when it sent one (RFC 6749
// §5.2's format, which RFC 7009 §2.2.1 reuses), else its status.
func endpointError(what string, ex *Exchange) error {
	fields, _ := decodeTokenBody(ex.Response.Header.Get("Content-Type"), ex.Response.Body)
	if code := fields["error"]; code != "" {
		msg := fmt.Sprintf("the %s endpoint answered %s: %s", what, ex.Response.Status, shortText(Printable(code), 60))
		if d := fields["error_description"]; d != "" {
			msg += " (" + shortText(Printable(d), 200) + ")"
		}
		return errors.New(msg)
	}
	return fmt.Errorf("the %s endpoint answered %s", what, ex.Response.Status)
}

// parseIntrospection reads an introspection response (RFC 7662 §2.2): a
// JSON object whose "active" member is required and a boolean.
func parseIntrospection(body []byte) (*Introspection, error) {
	var claims map[string]any
	dec := json.NewDecoder(strings.NewReader(string(trimBOM(body))))
	dec.UseNumber()
	if err := dec.Decode(&claims); err != nil || claims == nil {
		return nil, errors.New("the introspection response is not a JSON object (RFC 7662 §2.2)")
	}
	active, ok := claims["active"].(bool)
	if !ok {
		return nil, errors.New("the introspection response has no boolean \"active\" (RFC 7662 §2.2 requires it)")
	}
	return &Introspection{Active: active, Claims: claims}, nil
}

// introspectionFields show what the server said of the token.
func introspectionFields(in *Introspection) []Field {
	if !in.Active {
		return []Field{{Label: "active", Value: "false: the token is expired, revoked, unknown or not for this client (RFC 7662 §2.2 says no more)"}}
	}
	fields := []Field{{Label: "active", Value: "true"}}
	for _, name := range sortedKeys(in.Claims) {
		if name == "active" {
			continue
		}
		fields = append(fields, Field{Label: name, Value: compactJSON(in.Claims[name])})
	}
	return fields
}
