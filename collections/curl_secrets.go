package collections

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
)

// curlSecret is a secret value and the shell variable that stands for it.
type curlSecret struct {
	value string
	name  string
	holds string
}

// curlSecrets finds every secret of a prepared request and names the shell
// variable that stands for each, and records which are used.
type curlSecrets struct {
	list  []curlSecret // longest value first, so a longer secret wins over one it contains
	used  []CurlVar
	taken map[string]bool // variable names given out
}

// newCurlSecrets collects the secrets of p: the profile's own (named by
// role), those of p.Secrets, and the encoded forms each may travel in
// (base64 as in a Basic header, URL-encoded as in a query), so that none
// can reach the command in any form. varNames chooses the variable for a
// value, such as ALICE_PASSWORD for a password read from
// {{env:ALICE_PASSWORD}}.
func newCurlSecrets(p *Prepared, varNames map[string]string) *curlSecrets {
	s := &curlSecrets{taken: map[string]bool{curlAccessTokenVar: true, curlTokenURLVar: true, curlAssertionVar: true}}
	known := map[string]bool{}
	add := func(value, role, holds string) {
		if value == "" || known[value] {
			return
		}
		known[value] = true
		name := role
		if given, ok := varNames[value]; ok && curlValidName(given) {
			name = given
		}
		s.list = append(s.list, curlSecret{value: value, name: s.unique(name), holds: holds})
	}
	if pr := p.Profile; pr != nil {
		of := fmt.Sprintf(" of profile %q", pr.Name)
		add(pr.Password, "KEYWAY_PASSWORD", "the password"+of)
		add(pr.Token, "KEYWAY_TOKEN", "the bearer token"+of)
		add(pr.KeyValue, "KEYWAY_API_KEY", "the API key"+of)
		add(pr.ClientSecret, "KEYWAY_CLIENT_SECRET", "the OAuth2 client secret"+of)
	}
	for i, v := range p.Secrets {
		add(v, fmt.Sprintf("KEYWAY_SECRET_%d", i+1), "a secret value this request uses")
	}
	// Encoded forms last: they take the raw value's role in their
	// description but a variable of their own.
	raw := slices.Clone(s.list)
	if pr := p.Profile; pr != nil && pr.Password != "" {
		add(base64.StdEncoding.EncodeToString([]byte(pr.Username+":"+pr.Password)), "KEYWAY_BASIC_CREDENTIALS",
			"the base64 Basic credentials (RFC 7617 §2) of profile "+fmt.Sprintf("%q", pr.Name))
	}
	for _, r := range raw {
		for _, form := range []struct{ value, how string }{
			{base64.StdEncoding.EncodeToString([]byte(r.value)), "base64"},
			{url.QueryEscape(r.value), "URL-encoded"},
			{url.PathEscape(r.value), "URL-path-encoded"},
			{curlJSONEscaped(r.value), "JSON-escaped"},
		} {
			add(form.value, r.name+"_"+strings.ToUpper(strings.ReplaceAll(form.how, "-", "_")),
				"the "+form.how+" form of "+r.holds)
		}
	}
	slices.SortStableFunc(s.list, func(a, b curlSecret) int { return cmp.Compare(len(b.value), len(a.value)) })
	return s
}

// curlJSONEscaped is value as encoding/json writes it inside a string — the
// form a secret takes in a `json = {...}` body (<, >, & and quotes escaped).
func curlJSONEscaped(value string) string {
	j, err := json.Marshal(value)
	if err != nil {
		return value
	}
	return string(j[1 : len(j)-1])
}

// unique returns name, or name with a number appended when it is taken.
func (s *curlSecrets) unique(name string) string {
	candidate := name
	for i := 2; s.taken[candidate]; i++ {
		candidate = fmt.Sprintf("%s_%d", name, i)
	}
	s.taken[candidate] = true
	return candidate
}

// split cuts text into literal parts and variable references wherever a
// secret occurs, leftmost first and longest at the same place, so that no
// occurrence survives.
func (s *curlSecrets) split(text string) []curlPart {
	var parts []curlPart
	for text != "" {
		at, which := -1, -1
		for i, sec := range s.list {
			if j := strings.Index(text, sec.value); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if which < 0 {
			parts = append(parts, curlPart{literal: text})
			break
		}
		if at > 0 {
			parts = append(parts, curlPart{literal: text[:at]})
		}
		sec := s.list[which]
		s.use(sec)
		parts = append(parts, curlPart{varName: sec.name})
		text = text[at+len(sec.value):]
	}
	return parts
}

// word renders text as one shell word with every secret as a variable.
func (s *curlSecrets) word(text string) string {
	return curlWord(s.split(text))
}

// use records that sec's variable appears in the command.
func (s *curlSecrets) use(sec curlSecret) {
	if !slices.ContainsFunc(s.used, func(v CurlVar) bool { return v.Name == sec.name }) {
		s.used = append(s.used, CurlVar{Name: sec.name, Holds: sec.holds})
	}
}

// CurlVarNames returns the varNames for Curl that reuse the user's own
// environment variables: a secret field of the profile as written (such
// as password = "{{env:ALICE_PASSWORD}}") maps its resolved value, from
// resolved, to that variable's name, since the user's shell most likely
// has it set already. Fields written any other way are left out. Either
// profile may be nil.
func CurlVarNames(written *Profile, resolved *authflow.Profile) map[string]string {
	names := map[string]string{}
	if written == nil || resolved == nil {
		return names
	}
	for _, field := range [][2]string{
		{written.Password, resolved.Password},
		{written.Token, resolved.Token},
		{written.Value, resolved.KeyValue},
		{written.ClientSecret, resolved.ClientSecret},
	} {
		if name, ok := curlEnvReference(field[0]); ok && field[1] != "" {
			names[field[1]] = name
		}
	}
	return names
}

// curlEnvReference returns NAME when s is exactly one {{env:NAME}}
// reference (spaces inside the braces allowed) naming a valid shell
// variable.
func curlEnvReference(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return "", false
	}
	inner := strings.TrimSpace(s[2 : len(s)-2])
	name, ok := strings.CutPrefix(inner, "env:")
	name = strings.TrimSpace(name)
	return name, ok && curlValidName(name)
}

// curlValidName reports whether name is a POSIX shell variable name
// (XBD §3.235): letters, digits and underscores, not starting with a digit.
func curlValidName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// curlProfileType returns the profile's type, TypeNone for no profile.
func curlProfileType(p *authflow.Profile) authflow.Type {
	if p == nil {
		return authflow.TypeNone
	}
	return p.Type
}
