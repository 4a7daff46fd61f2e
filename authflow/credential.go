package authflow

import (
	"net/http"
	"net/url"
	"strings"
)

// Credential is where a profile's credentials go on the user's request,
// as Client.Send puts them there. It is the one description of how each
// type is applied, for the send and for whatever renders the request in
// another form (a curl command).
type Credential struct {
	// In is InHeader, InQuery or InCookie.
	In string
	// Name is the header's, the query parameter's or the cookie's name.
	Name string
	// Value is what goes with Name, unencoded: a header's whole value
	// ("Bearer <token>", "Basic <base64 of user-id:password>"), a query
	// parameter's or a cookie's value.
	Value string
	// Scheme is the Authorization scheme, "Basic" (RFC 7617) or "Bearer"
	// (RFC 6750); "" for an API key.
	Scheme string
	// Username and Password are Basic's (RFC 7617 §2), which Value
	// encodes: a tool that builds the header itself takes them.
	Username, Password string
}

// Credential returns how p's credentials go on the user's request.
// accessToken is the token an OAuth2 profile obtained, which it sends as a
// bearer token (RFC 6750 §2.1); the other types ignore it. ok is false for
// a profile that sends no credentials.
func (p *Profile) Credential(accessToken string) (c Credential, ok bool) {
	switch p.Type {
	case TypeBasic:
		// RFC 7617 §2: user-id ":" password, UTF-8, then base64.
		return Credential{In: InHeader, Name: "Authorization", Value: "Basic " + basicValue(p.Username, p.Password), Scheme: "Basic",
			Username: p.Username, Password: p.Password}, true
	case TypeBearer:
		return bearerCredential(p.Token), true
	case TypeAPIKey:
		return Credential{In: apiKeyIn(p), Name: p.KeyName, Value: p.KeyValue}, true
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		return bearerCredential(accessToken), true
	}
	return Credential{}, false
}

// bearerCredential sends token in the Authorization header with the
// Bearer scheme (RFC 6750 §2.1).
func bearerCredential(token string) Credential {
	return Credential{In: InHeader, Name: "Authorization", Value: "Bearer " + token, Scheme: "Bearer"}
}

// put places c on req, a request keyway built for this send.
func (c Credential) put(req *http.Request) {
	switch c.In {
	case InQuery:
		// Appended to the query as written: re-encoding it would sort the
		// parameters, turn %20 into + and "?flag" into "flag=", breaking
		// a signed URL whose signature covers the query byte for byte.
		param := url.QueryEscape(c.Name) + "=" + url.QueryEscape(c.Value)
		switch raw := req.URL.RawQuery; {
		case raw == "", strings.HasSuffix(raw, "&"):
			req.URL.RawQuery = raw + param
		default:
			req.URL.RawQuery = raw + "&" + param
		}
	case InCookie:
		// RFC 6265 §4.2.1: one Cookie header, pairs joined by "; ".
		cookie := c.Name + "=" + c.Value
		if old := req.Header.Get("Cookie"); old != "" {
			cookie = old + "; " + cookie
		}
		req.Header.Set("Cookie", cookie)
	default:
		req.Header.Set(c.Name, c.Value)
	}
}
