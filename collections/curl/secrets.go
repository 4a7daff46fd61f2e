package curl

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections"
)

// namedSecret is a secret value and the shell variable that stands for it.
type namedSecret struct {
	value string
	name  string
	holds string
}

// secretSet finds every secret of a prepared request and names the shell
// variable that stands for each, and records which are used.
type secretSet struct {
	list  []namedSecret // longest value first, so a longer secret wins over one it contains
	used  []Var
	taken map[string]bool // variable names given out
}

// newSecretSet collects the secrets of p: the profile's own (named by
// role), those of p.Secrets, and the encoded forms each may travel in
// (base64 as in a Basic header, URL-encoded as in a query), so that none
// can reach the command in any form. varNames chooses the variable for a
// value, such as ALICE_PASSWORD for a password read from
// {{env:ALICE_PASSWORD}}.
func newSecretSet(p *collections.Prepared, varNames map[string]string) *secretSet {
	s := &secretSet{taken: map[string]bool{accessTokenVar: true, tokenURLVar: true, assertionVar: true}}
	known := map[string]bool{}
	add := func(value, role, holds string) {
		if value == "" || known[value] {
			return
		}
		known[value] = true
		name := role
		if given, ok := varNames[value]; ok && validName(given) {
			name = given
		}
		s.list = append(s.list, namedSecret{value: value, name: s.unique(name), holds: holds})
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
			{jsonEscaped(r.value), "JSON-escaped"},
		} {
			add(form.value, r.name+"_"+strings.ToUpper(strings.ReplaceAll(form.how, "-", "_")),
				"the "+form.how+" form of "+r.holds)
		}
	}
	slices.SortStableFunc(s.list, func(a, b namedSecret) int { return cmp.Compare(len(b.value), len(a.value)) })
	return s
}

// jsonEscaped is value as encoding/json writes it inside a string — the
// form a secret takes in a `json = {...}` body (<, >, & and quotes escaped).
func jsonEscaped(value string) string {
	j, err := json.Marshal(value)
	if err != nil {
		return value
	}
	return string(j[1 : len(j)-1])
}

// unique returns name, or name with a number appended when it is taken.
func (s *secretSet) unique(name string) string {
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
func (s *secretSet) split(text string) []part {
	var parts []part
	for text != "" {
		at, which := -1, -1
		for i, sec := range s.list {
			if j := strings.Index(text, sec.value); j >= 0 && (at < 0 || j < at) {
				at, which = j, i
			}
		}
		if which < 0 {
			parts = append(parts, part{literal: text})
			break
		}
		if at > 0 {
			parts = append(parts, part{literal: text[:at]})
		}
		sec := s.list[which]
		s.use(sec)
		parts = append(parts, part{varName: sec.name})
		text = text[at+len(sec.value):]
	}
	return parts
}

// word renders text as one shell word with every secret as a variable.
func (s *secretSet) word(text string) string {
	return word(s.split(text))
}

// use records that sec's variable appears in the command.
func (s *secretSet) use(sec namedSecret) {
	if !slices.ContainsFunc(s.used, func(v Var) bool { return v.Name == sec.name }) {
		s.used = append(s.used, Var{Name: sec.name, Holds: sec.holds})
	}
}

// VarNames returns the varNames for Curl that reuse the user's own
// environment variables: a secret field of the profile as written (such
// as password = "{{env:ALICE_PASSWORD}}") maps its resolved value, from
// resolved, to that variable's name, since the user's shell most likely
// has it set already. Fields written any other way are left out. Either
// profile may be nil.
func VarNames(written *collections.Profile, resolved *authflow.Profile) map[string]string {
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
		if name, ok := envReference(field[0]); ok && field[1] != "" {
			names[field[1]] = name
		}
	}
	return names
}

// envReference returns NAME when s is exactly one {{env:NAME}}
// reference (spaces inside the braces allowed) naming a valid shell
// variable.
func envReference(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return "", false
	}
	inner := strings.TrimSpace(s[2 : len(s)-2])
	name, ok := strings.CutPrefix(inner, "env:")
	name = strings.TrimSpace(name)
	return name, ok && validName(name)
}

// validName reports whether name is a POSIX shell variable name
// (XBD §3.235): letters, digits and underscores, not starting with a digit.
func validName(name string) bool {
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

// profileType returns the profile's type, TypeNone for no profile.
func profileType(p *authflow.Profile) authflow.Type {
	if p == nil {
		return authflow.TypeNone
	}
	return p.Type
}
