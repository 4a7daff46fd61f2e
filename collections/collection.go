package collections

import (
	"strings"
	"sync"
	"time"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
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

	// absPath is Path made absolute when loaded, for the keys of the
	// tokens kept across processes (see ResolveProfile): `keyway login
	// ./api.toml` and `keyway run api.toml` name one collection.
	absPath string

	// templates caches parsed references by template text (string →
	// templateEntry); nil for a Collection built by hand, which then
	// parses every time.
	templates *sync.Map
	// tree and lines locate variables for errors found after loading.
	tree  *tomldoc.Value
	lines *lineIndex
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
	// Params are extra token-request parameters, in file order.
	Params                 []KV
	Issuer                 string
	AuthorizeURL           string
	RedirectURI            string
	PKCE                   string
	DeviceAuthorizationURL string
	RevocationURL          string
	IntrospectionURL       string
	AssertionKey           string // a path, relative to the collection's folder
	AssertionAlg           string
	AssertionKID           string
	Insecure               bool
	TLS                    TLSFiles
	Pos                    Pos

	src fieldSource // where each field was written
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
	// At most one of Body, JSON (the decoded TOML value), Form, BodyFile
	// and Multipart is set.
	Body     string
	JSON     any
	HasJSON  bool
	Form     []KV
	Timeout  time.Duration
	Insecure bool
	TLS      TLSFiles
	Expect   Expect
	Capture  []KV // variable name → jq expression
	// Tags label the request for selection (`keyway run --tag`), in file
	// order, each once.
	Tags []string
	Pos  Pos // of the [[request]] header

	// BodyFile is body_file as written: the path of a file sent as the
	// body, relative to the collection's folder.
	BodyFile string
	// Multipart are the parts of a multipart/form-data body, in file order.
	Multipart []Part

	src fieldSource // where each field was written
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

// fieldSource remembers where a loaded item's fields were written, so
// that errors found when resolving point at the field. Positions are
// computed only when an error needs one.
type fieldSource struct {
	node  *tomldoc.Value
	lines *lineIndex
}

// pos returns where field ("url", "headers.Accept") was written, or
// fallback when the item was not loaded from a file or lacks the field.
func (s fieldSource) pos(field string, fallback Pos) Pos {
	if s.node == nil {
		return fallback
	}
	group, key, nested := strings.Cut(field, ".")
	e := s.node.Get(group)
	if e == nil {
		return fallback
	}
	if nested && e.Value.Kind == tomldoc.Table {
		if sub := e.Value.Get(key); sub != nil {
			e = sub
		}
	}
	return s.lines.pos(e.Value.Offset)
}

// itemPos returns where element i of the array field was written.
func (s fieldSource) itemPos(field string, i int, fallback Pos) Pos {
	if s.node == nil {
		return fallback
	}
	group, key, nested := strings.Cut(field, ".")
	e := s.node.Get(group)
	if e != nil && nested && e.Value.Kind == tomldoc.Table {
		e = e.Value.Get(key)
	}
	if e == nil || e.Value.Kind != tomldoc.Array || i >= len(e.Value.Items) {
		return fallback
	}
	return s.lines.pos(e.Value.Items[i].Offset)
}

// fieldPos returns where field was written, or the request's header.
func (r *Request) fieldPos(field string) Pos { return r.src.pos(field, r.Pos) }

// fieldPos returns where field was written, or the profile's header.
func (p *Profile) fieldPos(field string) Pos { return p.src.pos(field, p.Pos) }

// varPos returns where variable name is defined in environment env ("" for
// vars), or the file when unknown.
func (c *Collection) varPos(env, name string) Pos {
	fallback := Pos{File: c.Path}
	if c.tree == nil {
		return fallback
	}
	table := c.tree.Get("vars")
	if env != "" {
		if envs := c.tree.Get("env"); envs != nil && envs.Value.Kind == tomldoc.Table {
			table = envs.Value.Get(env)
		}
	}
	if table == nil || table.Value.Kind != tomldoc.Table {
		return fallback
	}
	if e := table.Value.Get(name); e != nil {
		return c.lines.pos(e.Value.Offset)
	}
	return fallback
}
