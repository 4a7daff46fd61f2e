package authflow

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// Mask replaces a secret wherever one would be shown.
const Mask = "••••••"

// MinSecretLength is the shortest value a Redactor masks. Shorter values
// are ignored: masking every "ab" in a response would garble it while
// hiding almost nothing, since a one- or two-byte secret is guessed at once.
// Derived forms of a short secret (such as the Basic base64 of
// "user:pass") are long enough and are still masked.
const MinSecretLength = 3

// Redactor masks known secret values, in every form they travel in, in
// text. A nil *Redactor masks nothing: renderers take nil to mean "reveal".
type Redactor struct {
	secrets  []string
	replacer *strings.Replacer
}

// NewRedactor returns a redactor for the given secret values. Each value is
// also masked in its URL query-escaped, path-escaped and JSON-escaped forms.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.secrets = expandForms(secrets)
	// Longest first: strings.Replacer compares in argument order, so a
	// secret that contains another is masked whole rather than in part.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(r.secrets))
	for _, s := range r.secrets {
		pairs = append(pairs, s, Mask)
	}
	r.replacer = strings.NewReplacer(pairs...)
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

// Redact returns s with every secret replaced by Mask.
func (r *Redactor) Redact(s string) string {
	if r == nil || len(r.secrets) == 0 {
		return s
	}
	return r.replacer.Replace(s)
}

// expandForms returns the distinct values of secrets long enough to mask,
// each with its escaped forms.
func expandForms(secrets []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) >= MinSecretLength && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range secrets {
		if len(s) < MinSecretLength {
			continue
		}
		add(s)
		add(url.QueryEscape(s))
		add(url.PathEscape(s))
		if j, err := json.Marshal(s); err == nil {
			add(string(j[1 : len(j)-1]))
		}
	}
	return out
}

// Secrets returns every secret value of the profile in every form it may
// appear in on the wire or on screen: the raw values, the Basic base64 of
// "user-id:password" (RFC 7617) and, for OAuth2 client authentication, the
// base64 of the form-urlencoded "client_id:client_secret" (RFC 6749
// §2.3.1) and of the unencoded one (client_auth = "basic-unencoded"; the
// same when nothing needed encoding). NewRedactor adds the URL- and
// JSON-escaped forms.
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
	case TypeOAuth2Password:
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
