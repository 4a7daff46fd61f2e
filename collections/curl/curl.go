package curl

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// Command is a prepared request as a command to paste into a POSIX
// shell (sh, bash, zsh). It never holds a secret: every secret is a
// reference to a shell variable, listed in Vars, that the user sets first.
type Command struct {
	// Script is the command. For an OAuth2 password-grant profile it is
	// two curl commands joined by &&: the first fetches a token into
	// $KEYWAY_ACCESS_TOKEN, the second sends the request with it. It holds
	// no comment lines, since zsh runs pasted comments as commands.
	Script string
	// Vars lists the variables Script reads, in order of first use.
	Vars []Var
	// Notes are sentences to show beside the command, such as the tools
	// or the curl version it needs.
	Notes []string
}

// Var is a shell variable a Command reads.
type Var struct {
	Name  string // such as KEYWAY_PASSWORD
	Holds string // what to put in it: "the password of profile \"alice\""
}

// String returns the script.
func (c Command) String() string { return c.Script }

// accessTokenVar receives the token an OAuth2 command fetches.
const accessTokenVar = "KEYWAY_ACCESS_TOKEN"

// tokenURLVar receives a token endpoint read from the issuer's
// metadata; assertionVar holds a private_key_jwt client assertion.
const (
	tokenURLVar  = "KEYWAY_TOKEN_URL"
	assertionVar = "KEYWAY_CLIENT_ASSERTION"
)

// continuation breaks a command over lines for reading.
const continuation = " \\\n  "

// Curl renders p, with its profile's credentials applied the way authflow
// applies them, as a curl command. varNames maps a secret value to the
// shell variable that should stand for it (for example the value of
// {{env:ALICE_PASSWORD}} to ALICE_PASSWORD, so that the command works in
// the user's shell as it is); other secrets get a name from their role,
// such as KEYWAY_PASSWORD or KEYWAY_TOKEN (VarNames builds varNames
// from the profile as written). varNames may be nil; p may not.
func Render(p *collections.Prepared, varNames map[string]string) Command {
	s := newSecretSet(p, varNames)
	var notes []string
	var script strings.Builder
	profile := p.Profile
	switch t := profileType(profile); {
	case t == authflow.TypeOAuth2Password || t == authflow.TypeOAuth2ClientCredentials:
		if profile.TokenURL == "" && profile.Issuer != "" {
			script.WriteString(discoveryCommand(s, profile, &notes))
			script.WriteString(" &&\n")
		}
		script.WriteString(tokenFetchCommand(s, profile, &notes))
		script.WriteString(" &&\n")
	case t.Interactive():
		notes = append(notes, "This profile's token comes from a login in a browser or on another device, which a curl command cannot do: run keyway login, then put the access token in $"+accessTokenVar+".")
		s.use(namedSecret{name: accessTokenVar, holds: fmt.Sprintf("an access token of profile %q (from keyway login)", profile.Name)})
	}
	script.WriteString(requestCommand(s, p.Request, p.Files, profile, &notes))
	return Command{Script: script.String(), Vars: s.used, Notes: notes}
}

// requestCommand renders the user's request with the profile applied.
func requestCommand(s *secretSet, r authflow.Request, body *collections.FileBody, profile *authflow.Profile, notes *[]string) string {
	multipart := body != nil && body.Path == ""
	first := []string{"curl"}
	switch {
	case r.Method == "" || r.Method == http.MethodGet && len(r.Body) == 0:
	case r.Method == http.MethodHead:
		first = append(first, "--head")
	default:
		first = append(first, "-X", s.word(r.Method))
	}
	files := r.TLS
	if profile != nil {
		files = files.Or(profile.TLS)
	}
	if r.Insecure || (profile != nil && profile.Insecure) {
		first = append(first, "--insecure")
	}
	for _, flag := range []struct{ name, path string }{{"--cacert", files.CAFile}, {"--cert", files.ClientCert}, {"--key", files.ClientKey}} {
		if flag.path != "" {
			first = append(first, flag.name, s.word(flag.path))
		}
	}
	if r.Timeout > 0 {
		first = append(first, "--max-time", strconv.FormatFloat(r.Timeout.Seconds(), 'f', -1, 64))
	}
	if strings.ContainsAny(r.URL, "[]{}") {
		first = append(first, "--globoff") // curl would read them as URL globs
	}
	first = append(first, s.word(r.URL))
	lines := []string{strings.Join(first, " ")}

	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	hasContentType := false
	for _, k := range keys {
		isContentType := http.CanonicalHeaderKey(k) == "Content-Type"
		if isContentType && multipart {
			continue // curl -F writes it, with its own boundary
		}
		hasContentType = hasContentType || isContentType
		for _, v := range r.Header[k] {
			lines = append(lines, "-H "+headerWord(s, k, s.split(v)))
		}
	}
	lines = append(lines, credentialArgs(s, profile, notes)...)
	if body != nil {
		return strings.Join(append(lines, fileBodyArgs(s, body)...), continuation)
	}
	if len(r.Body) > 0 && !hasContentType {
		// curl would add Content-Type: application/x-www-form-urlencoded,
		// which keyway does not send; an empty value removes it.
		lines = append(lines, "-H 'Content-Type:'")
	}
	pipe := bodyArgs(s, r.Body, &lines)
	return pipe + strings.Join(lines, continuation)
}

// fileBodyArgs returns the arguments that send a body read from files:
// curl reads them itself, so the command stays short and the bytes the same.
func fileBodyArgs(s *secretSet, files *collections.FileBody) []string {
	if files.Path != "" {
		// --data-binary sends the file as it is; -d would drop its line breaks.
		return []string{"--data-binary " + s.word("@"+files.Path)}
	}
	var out []string
	for _, p := range files.Parts {
		if p.Path == "" {
			// --form-string takes the value literally; -F would read a
			// value starting with @ or < as a file.
			out = append(out, "--form-string "+word(s.split(p.Name+"="+p.Value)))
			continue
		}
		out = append(out, "-F "+s.word(p.Name+"=@"+formQuote(p.Path)+";type="+p.ContentType+";filename="+formQuote(p.Filename)))
	}
	return out
}

// formQuote writes a file name or path for curl's -F syntax, where ;
// and , separate settings: in double quotes, with " and \ escaped, when it
// holds any of them.
func formQuote(s string) string {
	if !strings.ContainsAny(s, ";,\"\\") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// headerWord renders `Name: value` as one word. curl reads `Name:` with
// nothing after it as "remove this header", so an empty value is written
// `Name;`, curl's way of sending it empty.
func headerWord(s *secretSet, name string, value []part) string {
	if len(value) == 0 {
		return s.word(name + ";")
	}
	return word(append(s.split(name+": "), value...))
}

// credentialArgs returns the arguments that put profile's credentials
// where authflow puts them (authflow.Profile.Credential): curl builds a
// Basic header itself (--user, RFC 7617 §2) and URL-encodes a query
// parameter (--url-query); an OAuth2 profile's access token is the one
// the token command stored in $KEYWAY_ACCESS_TOKEN.
func credentialArgs(s *secretSet, profile *authflow.Profile, notes *[]string) []string {
	if profile == nil {
		return nil
	}
	c, ok := profile.Credential(accessTokenPlaceholder)
	if !ok {
		return nil
	}
	switch {
	case c.Scheme == "Basic":
		return []string{"--user " + s.word(c.Username+":"+c.Password)}
	case c.In == authflow.InQuery:
		*notes = append(*notes, "--url-query, which URL-encodes the API key, needs curl 7.87 or later.")
		return []string{"--url-query " + s.word(url.QueryEscape(c.Name)+"="+c.Value)}
	case c.In == authflow.InCookie:
		return []string{"--cookie " + s.word(c.Name+"="+c.Value)}
	case c.Scheme != "":
		if scheme, ok := strings.CutSuffix(c.Value, accessTokenPlaceholder); ok {
			return []string{"-H " + word(append(s.split(c.Name+": "+scheme), part{varName: accessTokenVar}))}
		}
		return []string{"-H " + s.word(c.Name+": "+c.Value)}
	}
	return []string{"-H " + headerWord(s, c.Name, s.split(c.Value))}
}

// accessTokenPlaceholder stands for the access token an OAuth2 profile
// obtains when the command runs. A NUL byte, which no header value holds,
// keeps it from meeting anything else in the request.
const accessTokenPlaceholder = "\x00access token\x00"

// bodyArgs adds the body to lines, or, when it holds a NUL byte that no
// command-line argument can carry, returns a printf pipeline that feeds it
// to curl on standard input.
func bodyArgs(s *secretSet, body []byte, lines *[]string) string {
	if len(body) == 0 {
		return ""
	}
	parts := s.split(string(body))
	if !slices.Contains(body, 0) {
		// --data-raw, unlike --data-binary, does not read a file when the
		// body starts with @.
		*lines = append(*lines, "--data-raw "+word(parts))
		return ""
	}
	*lines = append(*lines, "--data-binary @-")
	format, args := printfFormat(parts)
	return strings.Join(append([]string{"printf", format}, args...), " ") + " |" + continuation
}

// tokenFetchCommand renders the OAuth2 password-grant token request (RFC 6749
// §4.3.2) as a command that stores the access token (§5.1) in
// $KEYWAY_ACCESS_TOKEN. jq -e fails when the answer has no access_token, so
// the && stops before the request is sent without one.
func tokenFetchCommand(s *secretSet, p *authflow.Profile, notes *[]string) string {
	fields := []string{"grant_type=password", "username=" + p.Username, "password=" + p.Password}
	if p.Type == authflow.TypeOAuth2ClientCredentials {
		*notes = append(*notes, "The first command fetches a token with the OAuth2 client credentials grant (RFC 6749 §4.4) and needs jq to read access_token from the answer.")
		fields = []string{"grant_type=client_credentials"}
	} else {
		*notes = append(*notes, "The first command fetches a token with the OAuth2 password grant (RFC 6749 §4.3) and needs jq to read access_token from the answer.")
	}
	first := []string{"curl", "-sS", "--fail"}
	if p.Insecure {
		first = append(first, "--insecure")
	}
	tokenURL := s.word(p.TokenURL)
	if p.TokenURL == "" {
		tokenURL = `"$` + tokenURLVar + `"`
	}
	first = append(first, tokenURL)
	lines := []string{strings.Join(first, " ")}
	if p.ClientID != "" {
		switch auth := p.EffectiveClientAuth(); auth {
		case authflow.ClientAuthNone:
			lines = append(lines, "--data-urlencode "+s.word("client_id="+p.ClientID))
		case authflow.ClientAuthPrivateKeyJWT:
			// RFC 7523 §2.2: a JWT signed with the private key for this
			// very request (its jti and exp are single-use), which curl
			// cannot make.
			*notes = append(*notes, "client_auth = \"private_key_jwt\" needs a client assertion signed with assertion_key for each token request (RFC 7523 §2.2), which this command cannot make: sign one (iss = sub = client_id, aud = the token endpoint, a fresh jti, a short exp) and put it in $"+assertionVar+".")
			s.use(namedSecret{name: assertionVar, holds: "a client assertion (a JWT signed with assertion_key, RFC 7523 §3) of profile " + strconv.Quote(p.Name)})
			lines = append(lines, "--data-urlencode "+s.word("client_id="+p.ClientID),
				"--data-urlencode "+s.word("client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
				"--data-urlencode "+word([]part{{literal: "client_assertion="}, {varName: assertionVar}}))
		}
	}
	if p.ClientID != "" && p.EffectiveClientAuth() != authflow.ClientAuthNone && p.EffectiveClientAuth() != authflow.ClientAuthPrivateKeyJWT {
		if p.ClientAuth == authflow.ClientAuthBody {
			lines = append(lines, "--data-urlencode "+s.word("client_id="+p.ClientID))
			if p.ClientSecret != "" {
				lines = append(lines, "--data-urlencode "+s.word("client_secret="+p.ClientSecret))
			}
		} else if p.ClientAuth == authflow.ClientAuthBasicUnencoded {
			// curl -u sends both as they are, as this setting asks.
			lines = append(lines, "--user "+s.word(p.ClientID+":"+p.ClientSecret))
		} else {
			// RFC 6749 §2.3.1: the id and secret are form-encoded before
			// Basic encoding. The id is encoded here; a secret held in a
			// variable cannot be, so say when it would need it.
			lines = append(lines, "--user "+s.word(url.QueryEscape(p.ClientID)+":"+p.ClientSecret))
			if url.QueryEscape(p.ClientSecret) != p.ClientSecret {
				*notes = append(*notes, "The client secret holds characters RFC 6749 §2.3.1 form-encodes before Basic encoding: encode its variable the same way.")
			}
		}
	}
	if len(p.Scopes) > 0 {
		fields = append(fields, "scope="+strings.Join(p.Scopes, " ")) // RFC 6749 §3.3
	}
	for _, k := range slices.Sorted(maps.Keys(p.Params)) {
		fields = append(fields, k+"="+p.Params[k]) // RFC 8707 resource, audience, …
	}
	for _, f := range fields {
		lines = append(lines, "--data-urlencode "+s.word(f))
	}
	lines[len(lines)-1] += " |" + continuation + "jq -er .access_token"
	return accessTokenVar + `="$(` + strings.Join(lines, continuation) + `)"`
}

// discoveryCommand renders the read of the issuer's metadata (OpenID Connect
// Discovery 1.0 §4; RFC 8414 §3 serves the same at another path) as a
// command that stores its token_endpoint in $KEYWAY_TOKEN_URL. Unlike
// keyway it does not check that the document's issuer is the configured
// one (RFC 8414 §3.3).
func discoveryCommand(s *secretSet, p *authflow.Profile, notes *[]string) string {
	*notes = append(*notes, "The first command reads the token endpoint from the issuer's OpenID Connect discovery document (servers with only RFC 8414 metadata serve it at /.well-known/oauth-authorization-server); unlike keyway it does not check the document's issuer.")
	first := []string{"curl", "-sS", "--fail"}
	if p.Insecure {
		first = append(first, "--insecure")
	}
	first = append(first, s.word(strings.TrimSuffix(p.Issuer, "/")+"/.well-known/openid-configuration"))
	return tokenURLVar + `="$(` + strings.Join(first, " ") + " |" + continuation + `jq -er .token_endpoint)"`
}
