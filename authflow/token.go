package authflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Token is an OAuth2 access token as keyway keeps it (RFC 6749 §5.1).
// AccessToken, RefreshToken and IDToken are secrets.
type Token struct {
	AccessToken  string
	TokenType    string // as the server sent it; see IsBearer
	RefreshToken string
	// IDToken is the OpenID Connect ID token, when one came back (OpenID
	// Connect Core 1.0 §3.1.3.3); a secret like the access token.
	IDToken string
	// Scope is the granted scope; empty when the server omitted it, which
	// §5.1 says means "as requested".
	Scope string
	// Expiry is when the token expires; zero when the lifetime is unknown.
	Expiry time.Time
	// Obtained is when the token response arrived.
	Obtained time.Time
	// Limits are the hosts the token may be sent to, from the profile's
	// TokenLimits when it was obtained (and, for a refreshed token, the
	// limits of the refresh token too); nil means anywhere.
	Limits []HostLimit
}

// IsBearer reports whether the token can be sent as an RFC 6750 bearer
// token. token_type is case-insensitive (RFC 6749 §5.1); a missing one is
// taken as Bearer, the only type most servers issue.
func (t *Token) IsBearer() bool {
	return t.TokenType == "" || strings.EqualFold(t.TokenType, "bearer")
}

// tokenResponse is a token endpoint answer as keyway read it: the token,
// plus notes on anything unusual that a learner should see.
type tokenResponse struct {
	Token
	ExpiresIn string // the expires_in value as sent, "" when absent
	Notes     []string
}

// maxExpiresIn bounds a lifetime so that adding it to a time cannot
// overflow (about 100 years).
const maxExpiresIn = 100 * 365 * 24 * 3600

// parseTokenResponse reads a token endpoint response: a §5.1 success or a
// §5.2 error (returned as *TokenError). It accepts the JSON that RFC 6749
// requires and, like x/oauth2, the form-encoded bodies some servers send.
// now is when the response arrived; red masks the excerpt of an error
// body before it is cut.
//
// A success status whose body is not a token response is an error that
// says what was wrong — the content type, the size, not JSON or no
// access_token — and nothing of the body: anything a token endpoint
// answers with a 2xx is taken for secret until it reads as a token
// response (see unreadableSecrets).
func parseTokenResponse(status int, contentType string, body []byte, now time.Time, red *Redactor) (*tokenResponse, error) {
	if status >= 300 && status < 400 {
		return nil, &TokenError{StatusCode: status, Body: body,
			Excerpt: "the token endpoint answered with a redirect, which keyway does not follow: it would carry the password to another address"}
	}
	fields, parsed := decodeTokenBody(contentType, body)
	code := fields["error"]
	if status < 200 || status > 299 || code != "" {
		return nil, &TokenError{
			StatusCode:  status,
			Code:        code,
			Description: fields["error_description"],
			URI:         fields["error_uri"],
			Body:        body,
			Excerpt:     excerptUnless(parsed && code != "", red, body),
		}
	}
	if !parsed {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, fmt.Errorf("authflow: token endpoint answered %d with an empty body instead of a token (RFC 6749 §5.1)", status)
		}
		return nil, fmt.Errorf("authflow: token endpoint answered %d with something other than a JSON token response (RFC 6749 §5.1): %s",
			status, describeHiddenBody(contentType, body))
	}
	if fields["access_token"] == "" {
		return nil, fmt.Errorf("authflow: token endpoint answered %d without an access_token (RFC 6749 §5.1 requires one): %s",
			status, describeHiddenBody(contentType, body))
	}
	tr := &tokenResponse{Token: Token{
		AccessToken:  fields["access_token"],
		TokenType:    fields["token_type"],
		RefreshToken: fields["refresh_token"],
		Scope:        fields["scope"],
		IDToken:      fields["id_token"],
		Obtained:     now,
	}}
	if tr.TokenType == "" {
		tr.Notes = append(tr.Notes, "no token_type (RFC 6749 §5.1 requires it): taken as Bearer")
	}
	tr.ExpiresIn = fields["expires_in"]
	tr.readExpiresIn(now)
	return tr, nil
}

// describeHiddenBody says what a token response body was without quoting
// it: its size and content type, and whether it was JSON at all.
func describeHiddenBody(contentType string, body []byte) string {
	media := "no Content-Type"
	if contentType != "" {
		media = "Content-Type " + shortText(Printable(contentType), 60)
	}
	kind := "not JSON"
	switch {
	case isBinary(body):
		kind = "binary data"
	case isFormType(contentType):
		kind = "form-encoded"
	case json.Valid(trimBOM(body)):
		kind = "JSON"
	}
	return fmt.Sprintf("%d bytes, %s, %s; the body is not shown, as it may hold tokens (keyway flow --reveal shows it)", len(body), media, kind)
}

// readExpiresIn turns expires_in (RECOMMENDED, seconds, §5.1) into an
// expiry. Some servers send it as a string; a missing, zero or unreadable
// value leaves the lifetime unknown, and then the token is kept until the
// API rejects it (or a JWT "exp" says otherwise, see useJWTExpiry).
func (tr *tokenResponse) readExpiresIn(now time.Time) {
	raw := tr.ExpiresIn
	if raw == "" {
		tr.Notes = append(tr.Notes, "no expires_in: the lifetime is unknown")
		return
	}
	n, err := strconv.ParseFloat(raw, 64)
	switch {
	case err != nil || math.IsNaN(n):
		tr.Notes = append(tr.Notes, fmt.Sprintf("expires_in %q is not a number of seconds: the lifetime is unknown", shortText(raw, 40)))
	case n <= 0:
		tr.Notes = append(tr.Notes, "expires_in is "+raw+": taken as an unknown lifetime")
	default:
		tr.Expiry = now.Add(time.Duration(min(n, maxExpiresIn) * float64(time.Second)))
	}
}

// useJWTExpiry takes the expiry from a JWT access token's "exp" claim when
// the response gave no lifetime.
func (tr *tokenResponse) useJWTExpiry() {
	if !tr.Expiry.IsZero() {
		return
	}
	if jwt, err := DecodeJWT(tr.AccessToken); err == nil && !jwt.Expiry.IsZero() {
		tr.Expiry = jwt.Expiry
		tr.Notes = append(tr.Notes, "expiry taken from the JWT's exp claim")
	}
}

// decodeTokenBody returns the top-level parameters of a token response as
// strings, and whether the body could be read as one at all. Like
// x/oauth2 (internal/token.go), a body typed application/x-www-form-urlencoded
// or text/plain is read as a form; any other as JSON. A UTF-8 byte order
// mark before JSON is skipped, as RFC 8259 §8.1 allows a parser to.
func decodeTokenBody(contentType string, body []byte) (map[string]string, bool) {
	if isFormType(contentType) {
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return map[string]string{}, false
		}
		fields := map[string]string{}
		for k := range values {
			fields[k] = values.Get(k)
		}
		return fields, true
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(trimBOM(body), &raw); err != nil || raw == nil {
		return map[string]string{}, false
	}
	fields := map[string]string{}
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			fields[k] = s
			continue
		}
		// Numbers (expires_in) keep their JSON text; objects, arrays,
		// booleans and null are not values keyway reads.
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			fields[k] = n.String()
		}
	}
	return fields, true
}

// isFormType reports whether a token response of this content type is
// read as a form, as x/oauth2 reads it.
func isFormType(contentType string) bool {
	media, _, _ := mime.ParseMediaType(contentType)
	return media == "application/x-www-form-urlencoded" || media == "text/plain"
}

// utf8BOM is the UTF-8 encoding of U+FEFF, the byte order mark.
var utf8BOM = []byte("\xef\xbb\xbf")

func trimBOM(body []byte) []byte { return bytes.TrimPrefix(body, utf8BOM) }

// unreadableSecrets are the secrets of a 2xx token response that was not
// a token response: the body itself, and every value x/oauth2 or a JSON
// reader would find in it long enough to be a token
// (minUnreadableValueLength) — a form body's values, a JSON body's
// strings at any depth.
func unreadableSecrets(contentType string, body []byte) []string {
	out := []string{string(body)}
	add := func(v string) {
		if len(v) >= minUnreadableValueLength {
			out = append(out, v)
		}
	}
	if values, err := url.ParseQuery(string(body)); err == nil {
		for _, vs := range values {
			for _, v := range vs {
				add(v)
			}
		}
	}
	var doc any
	if json.Unmarshal(trimBOM(body), &doc) == nil {
		eachJSONString(doc, add)
	}
	return out
}

// minUnreadableValueLength is the shortest value of an unreadable token
// response taken for a secret: tokens are long, and masking every short
// word of it ("bearer") throughout a run would garble it for nothing.
const minUnreadableValueLength = 8

// eachJSONString calls f with every string in v, keys included.
func eachJSONString(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case map[string]any:
		for k, e := range v {
			f(k)
			eachJSONString(e, f)
		}
	case []any:
		for _, e := range v {
			eachJSONString(e, f)
		}
	}
}

// excerptUnless returns a short excerpt of body, masked by red before it
// is cut, or "" when skip is set.
func excerptUnless(skip bool, red *Redactor, body []byte) string {
	if skip {
		return ""
	}
	return Excerpt([]byte(red.Redact(string(body))), 200)
}

// excerptPatterns are Excerpt's regular expressions, compiled on first
// use: compiling them in init cost every start of keyway some 50 µs (a
// fortieth of the 2 ms start-up budget) for a function that runs only
// when a server answers with an error.
var excerptPatterns = sync.OnceValue(func() *excerptRegexps {
	return &excerptRegexps{
		title:       regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`),
		tag:         regexp.MustCompile(`(?s)<[^>]*>`),
		noise:       regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`),
		whitespaces: regexp.MustCompile(`\s+`),
	}
})

type excerptRegexps struct {
	title, tag, noise, whitespaces *regexp.Regexp
}

// Excerpt returns a short, clean, single-line excerpt of a body for an
// error message: for HTML its title (or its text without tags), control
// characters and escape sequences removed, whitespace collapsed, at most n
// runes. A binary body is summarised by its size.
func Excerpt(body []byte, n int) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "(empty body)"
	}
	if isBinary(body) {
		return fmt.Sprintf("[%d bytes of binary data]", len(body))
	}
	text := string(body)
	if strings.Contains(strings.ToLower(text[:min(len(text), 1024)]), "<html") || strings.HasPrefix(strings.TrimSpace(text), "<") {
		if m := excerptPatterns().title.FindStringSubmatch(text); m != nil && strings.TrimSpace(m[1]) != "" {
			text = m[1]
		} else {
			text = excerptPatterns().tag.ReplaceAllString(excerptPatterns().noise.ReplaceAllString(text, " "), " ")
		}
	}
	text = strings.TrimSpace(excerptPatterns().whitespaces.ReplaceAllString(Printable(text), " "))
	return shortText(text, n)
}
