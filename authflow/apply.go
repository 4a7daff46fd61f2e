package authflow

import (
	"net/http"
	"strings"
)

// The steps that put credentials on the user's request. Each changes only
// the request keyway built for this send (see newHTTPRequest), never the
// caller's Request.

// applyBasic adds the RFC 7617 Authorization header.
func (r *sendRun) applyBasic(req *http.Request) {
	credential, _ := r.profile.Credential("")
	value := strings.TrimPrefix(credential.Value, "Basic ")
	if r.rec.on() {
		r.rec.note(Step{
			Title: "Encode the credentials",
			Why: "Basic authentication joins the user-id and the password with a colon, encodes the result " +
				"as UTF-8 and then base64, and sends it as \"Authorization: Basic <credentials>\". Base64 is " +
				"an encoding, not encryption: anyone who sees the request can read the password, so send " +
				"Basic credentials only over HTTPS.",
			RFC: "RFC 7617 §2",
			Fields: []Field{
				{Label: "user-id", Value: r.profile.Username},
				// The joined text, before base64: the step a learner
				// would otherwise have to do in their head.
				{Label: "user-id:password", Value: r.profile.Username + ":" + r.profile.Password, Secret: true,
					Masked: r.profile.Username + ":" + Mask},
				{Label: "charset", Value: "UTF-8 (RFC 7617 §2.1)"},
				{Label: "credentials (base64 of user-id:password)", Value: value, Secret: true},
			},
		})
	}
	credential.put(req)
}

// applyBearer adds a static bearer token (RFC 6750 §2.1).
func (r *sendRun) applyBearer(req *http.Request) {
	credential, _ := r.profile.Credential("")
	credential.put(req)
	if !r.rec.on() {
		return
	}
	// Only the token is secret: the header reads "Bearer ••••••".
	fields := []Field{{Label: "Authorization scheme", Value: "Bearer"}, {Label: "token", Value: r.profile.Token, Secret: true}}
	fields = append(fields, jwtFields(r.profile.Token)...)
	r.rec.note(Step{
		Title: "Attach the token",
		Why: "A bearer token is sent in the Authorization header with the Bearer scheme. This profile's " +
			"token was issued elsewhere — an API's developer settings, a CLI login, or an OAuth2 token " +
			"endpoint (RFC 6749 §5.1; the oauth2 profiles fetch one themselves) — and keyway only carries it. " +
			"Whoever holds it can use it — there is no proof of possession — so it is as secret as a " +
			"password and must only travel over HTTPS.",
		RFC:    "RFC 6750 §2.1",
		Fields: fields,
	})
}

// applyAPIKey puts the key where the profile says.
func (r *sendRun) applyAPIKey(req *http.Request) {
	p := r.profile
	step := Step{
		Title: "Attach the API key",
		Fields: []Field{
			{Label: "in", Value: apiKeyIn(p)},
			{Label: "name", Value: p.KeyName},
			{Label: "value", Value: p.KeyValue, Secret: true},
		},
	}
	credential, _ := p.Credential("")
	switch credential.In {
	case InQuery:
		step.RFC = "RFC 3986 §3.4"
		step.Why = "API keys are a convention, not a standard: this API reads the key from the query " +
			"string. Keys in URLs end up in server logs, proxies and browser history, so prefer a header " +
			"when the API allows one."
	case InCookie:
		step.RFC = "RFC 6265 §4.2"
		step.Why = "API keys are a convention, not a standard: this API reads the key from a cookie, " +
			"sent in the Cookie header as name=value."
	default:
		step.RFC = "RFC 9110 §5"
		step.Why = "API keys are a convention, not a standard: this API reads the key from the " +
			p.KeyName + " header. keyway removes it when a redirect leads to another origin."
	}
	credential.put(req)
	r.rec.note(step)
}

// apiKeyIn returns where the key goes; header when unset.
func apiKeyIn(p *Profile) string {
	if p.In == "" {
		return InHeader
	}
	return p.In
}

// jwtFields shows what a JWT access token says, or nothing for an opaque
// token. The claims are not secret, but they are not verified either.
func jwtFields(token string) []Field {
	// Most opaque tokens have no dots at all: skip building DecodeJWT's
	// error for them, on every request of a run (RFC 7519 §3: a JWS
	// compact serialisation has exactly two).
	if strings.Count(token, ".") != 2 {
		return nil
	}
	jwt, err := DecodeJWT(token)
	if err != nil {
		return nil
	}
	fields := []Field{{Label: "JWT header", Value: compactJSON(jwt.Header)}}
	for _, name := range sortedKeys(jwt.Claims) {
		value := compactJSON(jwt.Claims[name])
		if name == "exp" && !jwt.Expiry.IsZero() {
			value += " (" + jwt.Expiry.Format("2006-01-02 15:04:05 MST") + ")"
		}
		if name == "iat" && !jwt.IssuedAt.IsZero() {
			value += " (" + jwt.IssuedAt.Format("2006-01-02 15:04:05 MST") + ")"
		}
		fields = append(fields, Field{Label: "JWT claim " + name, Value: value})
	}
	return fields
}
