package authflow

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Mask replaces a secret wherever one would be shown.
const Mask = "••••••"

// MinSecretLength is the shortest value a Redactor masks. Shorter values
// are ignored: masking every "ab" in a response would garble it while
// hiding almost nothing, since a one- or two-byte secret is guessed at once.
// Derived forms of a short secret (such as the Basic base64 of
// "user:pass") are long enough and are still masked.
const MinSecretLength = 3

// CutMark marks where keyway cut a text short ("…"). Redact reads it: the
// text just before a cut may be the start of a secret whose end was cut
// off, and is masked as well (see Redactor.Redact).
const CutMark = "…"

// Redactor masks known secret values in text, in every form they travel
// in: as typed; JSON-, URL- (query and path, either hex case, '+' for a
// space), form- and HTML-escaped, in any mix within one occurrence; in
// base64 (standard and URL alphabets, padded or not, whole or inside a
// longer base64 text); and as the list of code points jq's explode makes.
// A nil *Redactor masks nothing: renderers take nil to mean "reveal".
type Redactor struct {
	secrets []string
	// patterns are the forms searched for, before escaping: each secret
	// and its derived forms (secretForms). Where several match at one
	// place the longest span is masked, so a secret that contains another
	// is masked whole rather than in part.
	patterns []string
	// first lists the patterns by their first byte.
	first [256][]int32
	// interesting marks the bytes a match can start at: a pattern's first
	// byte, or one that starts an escape sequence. Scanning skips the
	// others with one look-up each, and reads an escape sequence only
	// where one starts, so text without escapes costs what a plain search
	// does.
	interesting [256]bool
	// reach is the longest text a pattern can take, escaped.
	reach int
}

// NewRedactor returns a redactor for the given secret values. Values
// shorter than MinSecretLength are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	seen, seenForm := map[string]bool{}, map[string]bool{}
	for _, s := range secrets {
		if len(s) < MinSecretLength || seen[s] {
			continue
		}
		seen[s] = true
		r.secrets = append(r.secrets, s)
		for _, form := range secretForms(s) {
			if len(form) >= MinSecretLength && !seenForm[form] {
				seenForm[form] = true
				r.patterns = append(r.patterns, form)
			}
		}
	}
	for k, form := range r.patterns {
		r.first[form[0]] = append(r.first[form[0]], int32(k))
		r.interesting[form[0]] = true
		r.reach = max(r.reach, len(form)*maxExpansion)
	}
	for c, starts := range startsEscape {
		r.interesting[c] = r.interesting[c] || starts
	}
	return r
}

// With returns a new redactor that masks r's secrets and the given ones,
// such as tokens obtained during a flow (see Flow.Secrets). On a nil r it
// returns nil, so that "reveal" stays "reveal".
func (r *Redactor) With(secrets ...string) *Redactor {
	if r == nil {
		return nil
	}
	return NewRedactor(append(slices.Clone(r.secrets), secrets...)...)
}

// Redact returns s with every secret form replaced by Mask. Where s holds
// CutMark, the text cut off there may have held the rest of a secret:
// what right before the mark could be the start of a secret form is
// masked too, so a text cut before it was masked, or masked before a
// secret it holds was known, shows no part of one.
func (r *Redactor) Redact(s string) string {
	return r.redact(s, false)
}

// RedactTruncated is Redact for a text that is the start of a longer one,
// such as a body cut at a size limit: a trailing part of s that could be
// the start of a secret form is masked too.
func (r *Redactor) RedactTruncated(s string) string {
	return r.redact(s, true)
}

// RedactCut masks s, then cuts it to at most n bytes (on a character
// boundary) marked with CutMark: the one way keyway shortens a text that
// may hold a secret, so that a secret crossing the cut is masked whole
// rather than left with its start visible. A nil r only cuts.
func (r *Redactor) RedactCut(s string, n int) string {
	if len(s) <= n {
		return r.Redact(s)
	}
	if r != nil && len(s) > n+r.reach+len(CutMark) {
		// A secret form that starts before n ends before n+reach: the
		// rest cannot change what is kept.
		s = cutText(s, n+r.reach) + CutMark
	}
	s = r.Redact(s)
	if len(s) <= n {
		return s
	}
	return cutText(s, n) + CutMark
}

// Holds reports whether s holds any secret form.
func (r *Redactor) Holds(s string) bool {
	if r == nil || len(r.patterns) == 0 {
		return false
	}
	m := scan{r: r, s: s}
	_, _, ok := m.next(0)
	return ok
}

func (r *Redactor) redact(s string, open bool) string {
	if r == nil || len(r.patterns) == 0 {
		return s
	}
	m := scan{r: r, s: s, open: open, cuts: open || strings.Contains(s, CutMark)}
	var b strings.Builder
	last := 0
	for p := 0; p < len(s); {
		start, end, ok := m.next(p)
		if !ok {
			break
		}
		b.WriteString(s[last:start])
		b.WriteString(Mask)
		last, p = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// cutText returns the first n bytes of s or fewer, ending on a character
// boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Secrets returns every secret value of the profile in every form it may
// appear in on the wire or on screen: the raw values, the Basic base64 of
// "user-id:password" (RFC 7617) and, for OAuth2 client authentication, the
// base64 of the form-urlencoded "client_id:client_secret" (RFC 6749
// §2.3.1) and of the unencoded one (client_auth = "basic-unencoded"; the
// same when nothing needed encoding). The Redactor finds each in its
// escaped and encoded forms.
func (p *Profile) Secrets() []string {
	if p == nil {
		return nil
	}
	var out []string
	switch p.Type {
	case TypeBasic:
		out = append(out, p.Password, basicValue(p.Username, p.Password))
	case TypeBearer:
		out = append(out, p.Token)
	case TypeAPIKey:
		out = append(out, p.KeyValue)
	case TypeOAuth2Password, TypeOAuth2ClientCredentials, TypeOAuth2AuthorizationCode, TypeOAuth2DeviceCode:
		out = append(out, p.Password, p.ClientSecret)
		if p.ClientID != "" {
			encoded := basicValue(url.QueryEscape(p.ClientID), url.QueryEscape(p.ClientSecret))
			out = append(out, encoded)
			if unencoded := basicValue(p.ClientID, p.ClientSecret); unencoded != encoded {
				out = append(out, unencoded)
			}
		}
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// basicValue is the RFC 7617 §2 credentials: base64 of user-id ":"
// password, in UTF-8 (§2.1: Go strings are already UTF-8 bytes).
func basicValue(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}
