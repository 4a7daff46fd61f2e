package authflow

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// tokenFormTransport adds to a request x/oauth2 built for the token
// endpoint what x/oauth2 cannot: the profile's params (RFC 8707 resource,
// audience, …) and, for client_auth = "private_key_jwt", the signed client
// assertion (RFC 7521 §4.2). It works on a clone of the request, as the
// RoundTripper contract asks, and re-encodes the form: url.Values.Encode
// sorts by key, as x/oauth2's own encoding does, so the body stays in
// sorted key order. It wraps the recording transport, so that the flow
// shows the body as sent.
type tokenFormTransport struct {
	params map[string]string
	// assertion, when set, is the signed client assertion to add.
	assertion *clientAssertion
	next      http.RoundTripper
}

func (t *tokenFormTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if len(t.params) == 0 && t.assertion == nil {
		return t.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("the token request's form cannot be read: %w", err)
	}
	for k, v := range t.params {
		form.Set(k, v)
	}
	if t.assertion != nil {
		form.Set("client_assertion_type", clientAssertionType)
		form.Set("client_assertion", t.assertion.JWT)
	}
	encoded := []byte(form.Encode())
	req = req.Clone(req.Context())
	req.Body = io.NopCloser(bytes.NewReader(encoded))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(encoded)), nil }
	req.ContentLength = int64(len(encoded))
	req.Header.Set("Content-Length", strconv.Itoa(len(encoded)))
	return t.next.RoundTrip(req)
}

// endpointOf is the URL an assertion names as its audience: the
// endpoint without query or fragment (RFC 7523 §3 item 3: "the token
// endpoint URL of the authorization server MAY be used").
func endpointOf(u *url.URL) string {
	v := *u
	v.RawQuery, v.Fragment, v.RawFragment, v.ForceQuery = "", "", "", false
	return v.String()
}

// clientFormTransport returns next wrapped in what the profile's client
// authentication and params add to an x/oauth2 token request: the
// unencoded Basic header, the params, the signed assertion (nil unless
// client_auth = "private_key_jwt").
func (r *sendRun) clientFormTransport(next http.RoundTripper, assertion *clientAssertion) http.RoundTripper {
	p := r.profile
	if p.ClientAuth == ClientAuthBasicUnencoded && p.ClientID != "" {
		next = &unencodedBasicTransport{id: p.ClientID, secret: p.ClientSecret, next: next}
	}
	if len(p.Params) == 0 && assertion == nil {
		return next
	}
	return &tokenFormTransport{params: p.Params, assertion: assertion, next: next}
}

// signAssertion signs the client assertion for a request to endpoint
// when the profile authenticates with private_key_jwt (nil otherwise),
// as a step of its own when it fails: nothing is sent then. The
// assertion is a secret: it authenticates the client until it expires.
func (r *sendRun) signAssertion(endpoint string) (*clientAssertion, error) {
	if r.profile.EffectiveClientAuth() != ClientAuthPrivateKeyJWT {
		return nil, nil
	}
	aud := endpoint
	if u, err := url.Parse(endpoint); err == nil {
		aud = endpointOf(u)
	}
	a, err := signClientAssertion(r.profile, aud, r.client.tokens().now())
	if err != nil {
		r.rec.fail(r.rec.begin(Step{
			Title: "Sign the client assertion",
			Why:   "With client_auth = \"private_key_jwt\" the client proves who it is with a short-lived JWT signed by its private key (assertion_key), not with a secret.",
			RFC:   "RFC 7523 §2.2, §3",
		}), err, "Check assertion_key: an unencrypted PEM private key (RSA of 2048 bits or more, EC P-256/384/521 or Ed25519) readable by you, and assertion_alg if set.")
		return nil, err
	}
	r.flow.Secrets = append(r.flow.Secrets, a.JWT)
	return a, nil
}

// applyClientAuth authenticates a request keyway builds itself (RFC 7009
// revocation, RFC 7662 introspection) as the profile says: form is the
// request's form, to which body-based authentication adds its fields;
// assertion is signAssertion's for private_key_jwt.
func (r *sendRun) applyClientAuth(req *http.Request, form url.Values, assertion *clientAssertion) {
	p := r.profile
	if p.ClientID == "" {
		return
	}
	switch p.EffectiveClientAuth() {
	case ClientAuthBasic:
		req.SetBasicAuth(url.QueryEscape(p.ClientID), url.QueryEscape(p.ClientSecret)) // RFC 6749 §2.3.1
	case ClientAuthBasicUnencoded:
		req.SetBasicAuth(p.ClientID, p.ClientSecret)
	case ClientAuthBody:
		form.Set("client_id", p.ClientID)
		form.Set("client_secret", p.ClientSecret)
	case ClientAuthNone:
		form.Set("client_id", p.ClientID)
	case ClientAuthPrivateKeyJWT:
		form.Set("client_id", p.ClientID)
		if assertion != nil {
			form.Set("client_assertion_type", clientAssertionType)
			form.Set("client_assertion", assertion.JWT)
		}
	}
}

// paramsField shows the profile's extra token-request parameters.
func paramsField(p *Profile) []Field {
	if len(p.Params) == 0 {
		return nil
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(p.Params)) {
		parts = append(parts, k+"="+p.Params[k])
	}
	return []Field{{Label: "params (RFC 8707 resource, audience, …)", Value: strings.Join(parts, " ")}}
}
