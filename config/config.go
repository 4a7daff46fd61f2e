package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// EnvVar names the environment variable that points keyway at another
// config file.
const EnvVar = "KEYWAY_CONFIG"

// maxSize bounds the file read: a config file is a few hundred bytes, and
// a mistaken KEYWAY_CONFIG must not read a disk image into memory.
const maxSize = 1 << 20

// Themes are the built-in themes. "auto" (the default) is dark or light as
// the terminal's background answers, and no-color when NO_COLOR is set;
// the others are used whatever the terminal says (no-color.org: a user's
// configuration overrides NO_COLOR).
var Themes = []string{"auto", "dark", "light", "high-contrast", "no-color"}

// Config is the user's settings. The zero value is keyway's defaults.
type Config struct {
	// Path is the file the settings were read from; "" when there was none.
	Path string
	// Theme is one of Themes; "" means auto.
	Theme string
	// Editor is the command `b` runs on a body, with its arguments (such
	// as "code --wait"); "" means $VISUAL, then $EDITOR, then vi.
	Editor string
	// Keys rebind the terminal UI's actions, in file order.
	Keys []KeyBinding
}

// KeyBinding gives an action new keys.
type KeyBinding struct {
	// Screen is the screen written ([keys.flow]), or "" for every screen
	// that has the action.
	Screen string
	// Action is the action's name, as written.
	Action string
	// Keys are the keys, normalised (NormalizeKey).
	Keys []string
	// Pos is where the action's name was written; KeyPos where each key
	// was, in the same order.
	Pos    Pos
	KeyPos []Pos
}

// Name is how a binding is named in messages: "send", or "flow.next".
func (b KeyBinding) Name() string {
	if b.Screen == "" {
		return b.Action
	}
	return b.Screen + "." + b.Action
}

// Path returns the config file to read: the one KEYWAY_CONFIG names
// (explicit is then true: the file must exist), or config.toml in the
// user's config folder ("" when the system has none, such as without
// $HOME).
func Path() (path string, explicit bool) {
	if p := os.Getenv(EnvVar); p != "" {
		return p, true
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(dir, "keyway", "config.toml"), false
}

// Load reads the user's config file (Path). No file at the default place
// is keyway's defaults; a missing file that KEYWAY_CONFIG names is an
// error, since the user asked for it.
func Load() (*Config, error) {
	path, explicit := Path()
	if path == "" {
		return &Config{}, nil
	}
	c, err := LoadFile(path)
	if !explicit && errors.Is(err, fs.ErrNotExist) {
		return &Config{}, nil
	}
	if explicit && errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s names %s, which does not exist", EnvVar, path)
	}
	return c, err
}

// LoadFile reads and checks the config file at path.
func LoadFile(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the config file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the config file: %w", err)
	}
	if len(data) > maxSize {
		return nil, ErrorList{{Pos: Pos{File: path}, Msg: "the config file is larger than 1 MiB; is this the right file?"}}
	}
	return Parse(path, data)
}

// Parse checks a config file's text; path is used in positions only. Every
// problem found is reported, as an ErrorList sorted by position.
func Parse(path string, data []byte) (*Config, error) {
	if !utf8.Valid(data) {
		off := len(data)
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				off = i
				break
			}
			i += n
		}
		return nil, ErrorList{{Pos: newLines(path, data).pos(off), Msg: "the file is not UTF-8 text; save it as UTF-8"}}
	}
	// A byte order mark is invisible in editors: columns on the first line
	// are counted without it.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	lines := newLines(path, data)
	// go-toml decides what is valid TOML (duplicate keys, redefined
	// tables, bad values); the walk below only reads what it accepted.
	var values map[string]any
	if err := toml.Unmarshal(data, &values); err != nil {
		return nil, ErrorList{lines.decodeError(err)}
	}
	d := decoder{lines: lines, cfg: &Config{Path: path}}
	if err := d.walk(data); err != nil {
		return nil, ErrorList{{Pos: Pos{File: path}, Msg: "invalid TOML: " + err.Error()}}
	}
	if err := d.problems.Err(); err != nil {
		return nil, err
	}
	return d.cfg, nil
}

// decoder turns the parser's expressions into a Config.
type decoder struct {
	lines    *lines
	cfg      *Config
	problems Problems
}

// keyPart is one part of a dotted key and where it was written.
type keyPart struct {
	name string
	pos  int
}

// walk reads every table header and key/value pair of the document.
func (d *decoder) walk(data []byte) error {
	var p unstable.Parser
	p.Reset(data)
	var table []keyPart
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = parts(e)
			d.header(table, e.Kind == unstable.ArrayTable)
		case unstable.KeyValue:
			d.keyValue(table, e)
		}
	}
	return p.Error()
}

func parts(n *unstable.Node) []keyPart {
	var ps []keyPart
	for it := n.Key(); it.Next(); {
		k := it.Node()
		ps = append(ps, keyPart{name: string(k.Data), pos: int(k.Raw.Offset)})
	}
	return ps
}

// header checks a [table] header: [keys] and [keys.SCREEN] are the only
// tables.
func (d *decoder) header(path []keyPart, arrayOfTables bool) {
	last := path[len(path)-1]
	switch {
	case arrayOfTables:
		d.errAt(last.pos, "[[%s]] is not a setting; write [keys] once, with one line per action", dotted(path))
	case len(path) == 1 && path[0].name == "keys", len(path) == 2 && path[0].name == "keys":
	case len(path) == 1 && (path[0].name == "theme" || path[0].name == "editor"):
		d.errAt(last.pos, "%s is a string, not a table: write %s = \"...\" before any [table]", path[0].name, path[0].name)
	case path[0].name == "keys":
		d.errAt(path[2].pos, "[%s] goes too deep: [keys] holds actions and [keys.SCREEN] tables of actions", dotted(path))
	default:
		d.unknownSetting(path[0])
	}
}

// keyValue checks `key = value` under the table path.
func (d *decoder) keyValue(table []keyPart, kv *unstable.Node) {
	value := kv.Value()
	path := append(slices.Clone(table), parts(kv)...)
	// keys = { ... } and keys.SCREEN = { ... } are [keys] and
	// [keys.SCREEN] written inline.
	if value.Kind == unstable.InlineTable && path[0].name == "keys" && len(path) <= 2 {
		for it := value.Children(); it.Next(); {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				d.keyValue(path, c)
			}
		}
		return
	}
	last := path[len(path)-1]
	switch {
	case len(path) == 1 && path[0].name == "theme":
		if s, ok := d.str(value, last); ok {
			if !slices.Contains(Themes, s) {
				d.errAt(d.valuePos(value, last), "unknown theme %q; the themes are %s", s, list(Themes))
				return
			}
			if s == "auto" {
				s = ""
			}
			d.cfg.Theme = s
		}
	case len(path) == 1 && path[0].name == "editor":
		if s, ok := d.str(value, last); ok {
			if strings.TrimSpace(s) == "" {
				d.errAt(d.valuePos(value, last), "editor is empty; leave it out to use $VISUAL or $EDITOR")
				return
			}
			d.cfg.Editor = s
		}
	case path[0].name != "keys":
		d.unknownSetting(path[0])
	case len(path) == 1:
		d.errAt(last.pos, "keys is a table of actions: write [keys], then one action = \"key\" per line")
	case len(path) == 2:
		d.binding("", last, value)
	case len(path) == 3:
		d.binding(path[1].name, last, value)
	default:
		d.errAt(path[3].pos, "%s goes too deep: [keys] holds actions and [keys.SCREEN] tables of actions", dotted(path))
	}
}

// binding reads one action's keys: a string or an array of strings.
func (d *decoder) binding(screen string, action keyPart, value *unstable.Node) {
	b := KeyBinding{Screen: screen, Action: action.name, Pos: d.lines.pos(action.pos)}
	var keys []*unstable.Node
	switch value.Kind {
	case unstable.String:
		keys = []*unstable.Node{value}
	case unstable.Array:
		for it := value.Children(); it.Next(); {
			if it.Node().Kind != unstable.Comment {
				keys = append(keys, it.Node())
			}
		}
		if len(keys) == 0 {
			d.errAt(action.pos, "%s has no keys; give at least one, such as %s = \"ctrl+r\"", b.Name(), action.name)
			return
		}
	default:
		d.errAt(action.pos, "%s must be a key or a list of keys, such as \"ctrl+r\" or [\"q\", \"ctrl+c\"], not %s", b.Name(), kindName(value.Kind))
		return
	}
	ok := true
	for _, k := range keys {
		pos := d.valuePos(k, action)
		if k.Kind != unstable.String {
			d.errAt(pos, "%s must be a key or a list of keys, such as \"ctrl+r\" or [\"q\", \"ctrl+c\"], not a list holding %s", b.Name(), kindName(k.Kind))
			ok = false
			continue
		}
		name, err := NormalizeKey(string(k.Data))
		if err != nil {
			d.errAt(pos, "%s: %v", b.Name(), err)
			ok = false
			continue
		}
		if slices.Contains(b.Keys, name) {
			d.errAt(pos, "%s: %q is listed twice", b.Name(), name)
			ok = false
			continue
		}
		b.Keys = append(b.Keys, name)
		b.KeyPos = append(b.KeyPos, d.lines.pos(pos))
	}
	if ok {
		d.cfg.Keys = append(d.cfg.Keys, b)
	}
}

// str reads a string value.
func (d *decoder) str(value *unstable.Node, key keyPart) (string, bool) {
	if value.Kind != unstable.String {
		d.errAt(key.pos, "%s must be a string, not %s", key.name, kindName(value.Kind))
		return "", false
	}
	return string(value.Data), true
}

func (d *decoder) unknownSetting(k keyPart) {
	d.errAt(k.pos, "unknown setting %q; the settings are theme, editor and [keys]", k.name)
}

// valuePos is where a scalar value was written, or its key's place for
// values the parser gives no range (arrays, inline tables).
func (d *decoder) valuePos(value *unstable.Node, key keyPart) int {
	if value.Raw.Length > 0 {
		return int(value.Raw.Offset)
	}
	return key.pos
}

func (d *decoder) errAt(offset int, format string, args ...any) {
	d.problems.Add(d.lines.pos(offset), format, args...)
}

func dotted(path []keyPart) string {
	names := make([]string, len(path))
	for i, p := range path {
		names[i] = p.name
	}
	return strings.Join(names, ".")
}

// list writes names as `a, b and c`.
func list(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func kindName(k unstable.Kind) string {
	switch k {
	case unstable.String:
		return "a string"
	case unstable.Integer:
		return "an integer"
	case unstable.Float:
		return "a number"
	case unstable.Bool:
		return "a boolean"
	case unstable.Array:
		return "a list"
	case unstable.InlineTable:
		return "a table"
	}
	return "a date"
}
