package collections

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/keyway-cli/keyway/collections/internal/tomldoc"
	"github.com/pelletier/go-toml/v2"
)

// FormatVersion is the collection format version this keyway reads.
const FormatVersion = 1

// topLevelKeys are the keys a collection may hold at its root.
var topLevelKeys = []string{"name", "version", "default_profile", "vars", "env", "profile", "request"}

// Load reads and parses the collection at path. See Parse.
func Load(path string) (*Collection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the collection: %w", err)
	}
	return Parse(path, data)
}

// New returns an empty collection for path, a file that does not exist
// yet: its Source is nil, which SaveFile takes as a new file, so the first
// save creates the file (and refuses if one appeared meanwhile).
func New(path string) *Collection {
	c, _ := Parse(path, nil) // an empty file is a valid collection (see Parse)
	return c
}

// Parse decodes and validates a collection. path is used in positions only.
// Every problem found is reported, as an ErrorList sorted by position; the
// collection is returned only when there is none.
//
// An empty file (or one holding only comments) is a valid collection with
// no requests: it is what a new user starts from before adding requests in
// the TUI.
func Parse(path string, data []byte) (*Collection, error) {
	if offset, ok := firstInvalidUTF8(data); !ok {
		lines := newLineIndex(path, data)
		return nil, ErrorList{{Pos: lines.pos(offset), Msg: fmt.Sprintf("file is not UTF-8 text (byte 0x%02X); save it as UTF-8", data[offset])}}
	}
	// A byte order mark is invisible in editors, so columns on the first
	// line are counted without it, as the user sees them.
	body := bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := newLineIndex(path, body)

	root, err := parseTree(body, lines)
	if err != nil {
		return nil, err
	}

	c := &Collection{
		Path:      path,
		Version:   FormatVersion,
		Vars:      map[string]string{},
		Envs:      map[string]map[string]string{},
		Profiles:  map[string]*Profile{},
		Source:    data,
		templates: &sync.Map{},
		tree:      root,
		lines:     lines,
	}
	if abs, err := filepath.Abs(path); err == nil {
		c.absPath = abs
	}
	d := &decoder{c: c, root: root, lines: lines}
	d.decodeRoot()
	d.crossCheck()
	if err := d.problems.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// parseTree checks that body is valid TOML and builds its tree. go-toml
// decides what is valid, so that keyway accepts exactly the TOML go-toml
// does; the tree is keyway's own only for what go-toml's values lose: key
// order, and where each key and value was written, for FILE:LINE:COL.
//
// Decoding into an empty struct has go-toml check the syntax and TOML
// 1.0's rules on keys and tables without building any value: a quarter of
// the cost of decoding into a map, which on a file of 10,000 requests
// would cost `keyway check` half again its time. What is left is what a
// value means (an integer in 64 bits, a float, a real date), which only
// the full decode checks: it is run when the document holds a value whose
// meaning the tree does not check itself (see tomldoc.Doc.Unchecked).
func parseTree(body []byte, lines *lineIndex) (*tomldoc.Value, error) {
	var structure struct{}
	if err := toml.Unmarshal(body, &structure); err != nil {
		return nil, ErrorList{invalidTOML(err, lines)}
	}
	doc, err := tomldoc.ParseTree(lines.Lines)
	if err != nil || doc.Unchecked || doc.Invalid != nil {
		var values map[string]any
		if err := toml.Unmarshal(body, &values); err != nil {
			return nil, ErrorList{invalidTOML(err, lines)}
		}
	}
	if err == nil && doc.Invalid != nil {
		err = doc.Invalid
	}
	if located, ok := errors.AsType[*tomldoc.Error](err); ok {
		at := Pos{File: lines.file} // the parser named no place
		if located.Offset >= 0 {
			at = lines.pos(located.Offset)
		}
		return nil, ErrorList{{Pos: at, Msg: "invalid TOML: " + located.Msg}}
	}
	return doc.Root, nil
}

// invalidTOML positions go-toml's error. Its column counts bytes; keyway's
// count characters, as an editor does, so the place is found again by
// offset.
func invalidTOML(err error, lines *lineIndex) *Error {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &Error{Pos: Pos{File: lines.file}, Msg: "invalid TOML: " + err.Error()}
	}
	return &Error{Pos: lines.pos(lines.Offset(de.Position())), Msg: "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ")}
}

// lineIndex places offsets of one loaded file for messages.
type lineIndex struct {
	file string
	*tomldoc.Lines
}

func newLineIndex(file string, data []byte) *lineIndex {
	return &lineIndex{file: file, Lines: tomldoc.NewLines(data)}
}

// pos returns where offset is, as FILE:LINE:COL.
func (l *lineIndex) pos(offset int) Pos {
	line, col := l.Position(offset)
	return Pos{File: l.file, Line: line, Col: col}
}

// firstInvalidUTF8 returns the offset of the first byte that is not part of
// valid UTF-8, and false, or 0 and true when the data is valid.
func firstInvalidUTF8(data []byte) (int, bool) {
	if utf8.Valid(data) {
		return 0, true
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, false
		}
		i += size
	}
	return 0, true
}

// decoder turns the document tree into a Collection, collecting every
// problem on the way.
type decoder struct {
	c        *Collection
	root     *tomldoc.Value
	lines    *lineIndex
	problems problems
}

func (d *decoder) decodeRoot() {
	for _, e := range d.root.Entries {
		switch e.Key {
		case "name":
			d.c.Name, _ = d.stringOf(e, "", "name")
		case "version":
			if v, ok := d.integerOf(e, "", "version"); ok && v != FormatVersion {
				d.errAt(e.Value.Offset, "version must be %d (the collection format this keyway reads), not %d", FormatVersion, v)
			}
		case "default_profile":
			d.c.DefaultProfile, _ = d.stringOf(e, "", "default_profile")
		case "vars":
			d.c.Vars = d.variables(e, "vars")
		case "env":
			d.decodeEnvs(e)
		case "profile":
			d.decodeProfiles(e)
		case "request":
			d.decodeRequests(e)
		default:
			d.errAt(e.KeyOffset, "%s", unknownKeyMessage(e.Key, " at the top level", topLevelKeys))
		}
	}
}

func (d *decoder) decodeEnvs(e *tomldoc.Entry) {
	if !d.isKind(e, "", "env", tomldoc.Table, "a table of environments, as [env.NAME]") {
		return
	}
	for _, env := range e.Value.Entries {
		d.c.EnvNames = append(d.c.EnvNames, env.Key)
		d.c.Envs[env.Key] = d.variables(env, "env."+env.Key)
	}
}

// variables decodes a table of variable definitions (vars or one env).
func (d *decoder) variables(e *tomldoc.Entry, label string) map[string]string {
	vars := map[string]string{}
	if !d.isKind(e, "", label, tomldoc.Table, "a table of strings") {
		return vars
	}
	for _, v := range e.Value.Entries {
		if !validVariableName(v.Key) {
			d.errAt(v.KeyOffset, "%s: %q is not a valid variable name (use letters, digits, '_', '-' and '.')", label, v.Key)
			continue
		}
		if s, ok := d.stringOf(v, "", label+"."+v.Key); ok {
			d.checkTemplate(v.Value.Offset, "", label+"."+v.Key, s)
			vars[v.Key] = s
		}
	}
	return vars
}

// crossCheck validates what spans items: profile names, duplicate requests.
func (d *decoder) crossCheck() {
	c := d.c
	if c.DefaultProfile != "" && c.DefaultProfile != ProfileNone && c.Profiles[c.DefaultProfile] == nil {
		e := d.root.Get("default_profile")
		d.errAt(e.Value.Offset, "default_profile: %s", unknownProfileMessage(c, c.DefaultProfile))
	}
	seen := make(map[string]*Request, len(c.Requests))
	for _, r := range c.Requests {
		if r.Profile != "" && r.Profile != ProfileNone && c.Profiles[r.Profile] == nil {
			d.problems.add(r.fieldPos("profile"), "request %q: profile: %s", r.Name, unknownProfileMessage(c, r.Profile))
		}
		if r.Name == "" {
			continue
		}
		if first, dup := seen[r.Name]; dup {
			d.problems.add(r.fieldPos("name"), "duplicate request name %q (first used at line %d); request names must be unique", r.Name, first.Pos.Line)
			continue
		}
		seen[r.Name] = r
	}
}

// unknownProfileMessage names a missing profile and the ones that exist.
func unknownProfileMessage(c *Collection, name string) string {
	msg := fmt.Sprintf("unknown profile %q", name)
	if len(c.ProfileNames) == 0 {
		return msg + " (the collection defines no profiles; add [profile." + name + "] or use \"none\")"
	}
	if s := nearestKey(name, c.ProfileNames); s != "" {
		return msg + "; did you mean " + strconv.Quote(s) + "?"
	}
	return msg + " (profiles: " + ListNames(c.ProfileNames) + ", or \"none\")"
}
