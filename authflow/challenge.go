package authflow

import (
	"net/http"
	"strings"
)

// challenge is one challenge of a WWW-Authenticate header (RFC 9110
// §11.6.1): a scheme and its auth-params (names lower-cased), or a token68.
type challenge struct {
	scheme  string // lower-cased
	params  map[string]string
	token68 string
}

// parseChallenges splits a WWW-Authenticate field value into its
// challenges. The grammar (RFC 9110 §11.2, §11.6.1) makes a comma separate
// both challenges and the auth-params of one challenge, allows whitespace
// around "=" (BWS), and lets a parameter value be a token or a
// quoted-string; a list element that is not a name "=" value starts a new
// challenge. Malformed text is skipped rather than failing: a lenient
// reader, since the only use is to notice invalid_token.
func parseChallenges(value string) []challenge {
	var out []challenge
	s := &challengeScanner{text: value}
	for {
		s.skip(" \t,")
		if s.done() {
			return out
		}
		name := s.token()
		if name == "" {
			s.skipElement() // not a token: skip the list element
			continue
		}
		if s.atParam() {
			v := s.paramValue()
			if len(out) > 0 {
				out[len(out)-1].params[strings.ToLower(name)] = v
			}
			continue
		}
		c := challenge{scheme: strings.ToLower(name), params: map[string]string{}}
		s.skip(" \t")
		if start := s.pos; !s.done() && s.text[s.pos] != ',' {
			if n := s.token(); n != "" && s.atParam() {
				c.params[strings.ToLower(n)] = s.paramValue()
			} else {
				s.pos = start
				c.token68 = strings.TrimSpace(s.skipElement())
			}
		}
		out = append(out, c)
	}
}

// challengeScanner reads a WWW-Authenticate value from left to right.
type challengeScanner struct {
	text string
	pos  int
}

func (s *challengeScanner) done() bool { return s.pos >= len(s.text) }

// skip moves past any of the bytes in set.
func (s *challengeScanner) skip(set string) {
	for !s.done() && strings.IndexByte(set, s.text[s.pos]) >= 0 {
		s.pos++
	}
}

// token reads an RFC 9110 §5.6.2 token, "" when none starts here.
func (s *challengeScanner) token() string {
	start := s.pos
	for !s.done() && ValidToken(s.text[s.pos:s.pos+1]) {
		s.pos++
	}
	return s.text[start:s.pos]
}

// atParam reports whether, after the token just read, BWS "=" BWS and a
// value (token or quoted-string) follow; if so it moves to the value.
// Otherwise the position is unchanged: "abc==" is a token68, not a param.
func (s *challengeScanner) atParam() bool {
	start := s.pos
	s.skip(" \t")
	if s.done() || s.text[s.pos] != '=' {
		s.pos = start
		return false
	}
	s.pos++
	s.skip(" \t")
	if s.done() || (s.text[s.pos] != '"' && !ValidToken(s.text[s.pos:s.pos+1])) {
		s.pos = start
		return false
	}
	return true
}

// paramValue reads a token or a quoted-string (RFC 9110 §5.6.4), undoing
// its quoted-pairs.
func (s *challengeScanner) paramValue() string {
	if s.text[s.pos] != '"' {
		return s.token()
	}
	s.pos++
	var b strings.Builder
	for !s.done() {
		c := s.text[s.pos]
		s.pos++
		switch {
		case c == '"':
			return b.String()
		case c == '\\' && !s.done():
			b.WriteByte(s.text[s.pos])
			s.pos++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// skipElement moves to the next comma outside a quoted-string and returns
// what it passed.
func (s *challengeScanner) skipElement() string {
	start := s.pos
	quoted := false
	for !s.done() {
		c := s.text[s.pos]
		switch {
		case c == '\\' && quoted:
			s.pos++
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return s.text[start:s.pos]
		}
		s.pos++
	}
	return s.text[start:min(s.pos, len(s.text))]
}

// isInvalidTokenChallenge reports a 401 whose Bearer challenge says the
// token is invalid (RFC 6750 §3.1), the one case worth a new token. The
// Bearer challenge may come after another in the same header, or in a
// header of its own (RFC 9110 §11.6.1).
func isInvalidTokenChallenge(resp *Response) bool {
	if resp.StatusCode != http.StatusUnauthorized {
		return false
	}
	for _, v := range resp.Header.Values("WWW-Authenticate") {
		for _, c := range parseChallenges(v) {
			if c.scheme == "bearer" && c.params["error"] == "invalid_token" {
				return true
			}
		}
	}
	return false
}
