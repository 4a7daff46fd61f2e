package collections

import (
	"sync"
	"time"
)

// Pos is a place in a collection file, 1-based.
type Pos struct {
	File string
	Line int
	Col  int
}

// Collection is a loaded, validated collection. String fields hold the
// values as written, references such as {{base_url}} unresolved.
type Collection struct {
	Path           string
	Name           string
	Version        int
	DefaultProfile string
	Vars           map[string]string
	// Envs maps an environment name to the variables it overrides;
	// EnvNames lists them in file order.
	Envs     map[string]map[string]string
	EnvNames []string
	// Profiles by name; ProfileNames in file order.
	Profiles     map[string]*Profile
	ProfileNames []string
	Requests     []*Request
	// Source is the file as loaded, for edits that keep every other byte.
	Source []byte

	// templates caches parsed references by template text (string →
	// templateEntry); nil for a Collection built by hand, which then
	// parses every time.
	templates *sync.Map
	// varPositions holds where each variable's value was written, keyed
	// "vars.NAME" or "env.ENV.NAME".
	varPositions map[string]Pos
}

// Profile is a profile as written in the file.
type Profile struct {
	Name         string
	Type         string
	Username     string
	Password     string
	Token        string
	In           string
	KeyName      string // `name` in TOML
	Value        string
	TokenURL     string
	ClientID     string
	ClientSecret string
	ClientAuth   string
	Scopes       []string
	Insecure     bool
	Pos          Pos

	// positions holds where each field's value was written ("username",
	// "scopes"), for errors found when resolving.
	positions map[string]Pos
}

// KV is one entry of an ordered string table (headers, query, form,
// captures), kept in file order.
type KV struct {
	Key   string
	Value string
}

// Request is one [[request]] as written in the file.
type Request struct {
	Name    string
	Folder  string
	Method  string
	URL     string
	Profile string // "" means the default profile; "none" means none
	Headers []KV
	Query   []KV
	// At most one of Body, JSON (the decoded TOML value) and Form is set.
	Body     string
	JSON     any
	HasJSON  bool
	Form     []KV
	Timeout  time.Duration
	Insecure bool
	Expect   Expect
	Capture  []KV // variable name → jq expression
	Pos      Pos  // of the [[request]] header

	// positions holds where each field's value was written ("url",
	// "headers.Accept"), for errors found when resolving.
	positions map[string]Pos
}

// Expect holds a request's assertions.
type Expect struct {
	Status      int // 0: any 2xx
	Headers     []KV
	JQ          []string
	MaxDuration time.Duration
}

// ProfileNone is the profile name that sends a request without credentials
// even when the collection has a default_profile.
const ProfileNone = "none"

// fieldPos returns where field was written, or the request's header when
// unknown (a request built in code rather than loaded).
func (r *Request) fieldPos(field string) Pos {
	if p, ok := r.positions[field]; ok {
		return p
	}
	return r.Pos
}

// fieldPos returns where field was written, or the profile's header.
func (p *Profile) fieldPos(field string) Pos {
	if pos, ok := p.positions[field]; ok {
		return pos
	}
	return p.Pos
}
