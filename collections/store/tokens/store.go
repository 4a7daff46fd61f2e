package tokens

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/keyway-cli/keyway/authflow"
	"github.com/keyway-cli/keyway/collections/store/internal/userfile"
	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// EnvFile is the environment variable that overrides the store's path.
const EnvFile = "KEYWAY_TOKENS_FILE"

// fileName is the store's name beside the secret store.
const fileName = "tokens.toml"

// Store is the token store at one path. Its methods are safe for
// concurrent use, within a process and across processes.
type Store struct {
	path string
}

var (
	_ authflow.TokenStore    = (*Store)(nil)
	_ authflow.RefreshLocker = (*Store)(nil)
)

// Default opens the user's token store: KEYWAY_TOKENS_FILE, else
// tokens.toml beside the secret store (KEYWAY_SECRETS_FILE's folder, else
// keyway's folder of the user's config directory).
func Default() (*Store, error) {
	if path := os.Getenv(EnvFile); path != "" {
		return Open(path)
	}
	if path := os.Getenv(secrets.EnvFile); path != "" {
		return Open(filepath.Join(filepath.Dir(path), fileName))
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("no config directory to keep login tokens in (set %s): %w", EnvFile, err)
	}
	return Open(filepath.Join(dir, "keyway", fileName))
}

// Open returns the store at path; the file is created by the first Save.
func Open(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("token store: %w", err)
	}
	// As the secret store: written through a symbolic link, not over it.
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	return &Store{path: abs}, nil
}

// Path returns the store's file path.
func (s *Store) Path() string { return s.path }

// file is the store's TOML form.
type file struct {
	Token []record `toml:"token"`
}

// record is one kept token. Key is authflow.Profile.TokenCacheKey, which
// names the collection, profile, environment, endpoint, client and scopes
// (never a secret).
type record struct {
	Key          string      `toml:"key"`
	AccessToken  string      `toml:"access_token"`
	TokenType    string      `toml:"token_type,omitempty"`
	RefreshToken string      `toml:"refresh_token,omitempty"`
	IDToken      string      `toml:"id_token,omitempty"`
	Scope        string      `toml:"scope,omitempty"`
	Expiry       string      `toml:"expiry,omitempty"`   // RFC 3339; none when unknown
	Obtained     string      `toml:"obtained,omitempty"` // RFC 3339
	Limits       []hostLimit `toml:"limits,omitempty"`
}

type hostLimit struct {
	Hosts  []string `toml:"hosts"`
	Secret string   `toml:"secret,omitempty"`
}

// Load returns the token kept under key, or nil when there is none.
func (s *Store) Load(key string) (*authflow.Token, error) {
	f, err := s.read()
	if err != nil {
		return nil, err
	}
	for _, r := range f.Token {
		if r.Key == key {
			return r.token()
		}
	}
	return nil, nil
}

// Save keeps t under key, replacing the token kept there.
func (s *Store) Save(key string, t *authflow.Token) error {
	return s.update(func(f *file) {
		rec := newRecord(key, t)
		if i := slices.IndexFunc(f.Token, func(r record) bool { return r.Key == key }); i >= 0 {
			f.Token[i] = rec
			return
		}
		f.Token = append(f.Token, rec)
	})
}

// LockRefresh takes the lock every keyway process takes before it
// refreshes a kept token (authflow.RefreshLocker), so that two runs
// refreshing at once do not both spend a refresh token the server rotates.
// It is a lock of its own, not the one update takes: the refresh saves
// the new token while holding it.
func (s *Store) LockRefresh() (func(), error) {
	release, err := userfile.Lock(s.path + ".refresh")
	if err != nil {
		return nil, fmt.Errorf("token store: %w", err)
	}
	return release, nil
}

// Delete forgets the token kept under key, if any.
func (s *Store) Delete(key string) error {
	return s.update(func(f *file) {
		f.Token = slices.DeleteFunc(f.Token, func(r record) bool { return r.Key == key })
	})
}

// update changes the store under the lock every keyway process takes,
// reading it afresh first so that a change another process made meanwhile
// is kept.
func (s *Store) update(change func(*file)) error {
	release, err := userfile.Lock(s.path)
	if err != nil {
		return fmt.Errorf("token store not changed: %w", err)
	}
	defer release()
	f, err := s.read()
	if err != nil {
		return err
	}
	change(&f)
	data, err := toml.Marshal(f)
	if err != nil {
		return fmt.Errorf("token store not changed: %w", err)
	}
	data = append([]byte(header), data...)
	if err := userfile.WriteAtomic(nil, s.path, data); err != nil {
		return fmt.Errorf("token store not changed: %w", err)
	}
	return nil
}

// header says what the file is to someone who opens it.
const header = "# keyway's token store: tokens from `keyway login`, owner-only. It holds no password or\n" +
	"# client secret. `keyway logout FILE --profile NAME` forgets a profile's tokens.\n\n"

// read reads the store; a missing one is empty. The decoder's messages
// are not passed on: they may quote the file, which holds tokens.
func (s *Store) read() (file, error) {
	data, err := userfile.ReadPrivate(s.path)
	if err != nil {
		return file{}, fmt.Errorf("token store: %w", err)
	}
	var f file
	if len(data) == 0 {
		return f, nil
	}
	if err := toml.Unmarshal(data, &f); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return file{}, fmt.Errorf("token store %s:%d:%d: not a valid token store; remove it and log in again", s.path, line, col)
		}
		return file{}, fmt.Errorf("token store %s: not a valid token store; remove it and log in again", s.path)
	}
	return f, nil
}

func newRecord(key string, t *authflow.Token) record {
	r := record{
		Key: key, AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken,
		IDToken: t.IDToken, Scope: t.Scope,
	}
	if !t.Expiry.IsZero() {
		r.Expiry = t.Expiry.UTC().Format(time.RFC3339Nano)
	}
	if !t.Obtained.IsZero() {
		r.Obtained = t.Obtained.UTC().Format(time.RFC3339Nano)
	}
	for _, l := range t.Limits {
		r.Limits = append(r.Limits, hostLimit{Hosts: slices.Clone(l.Hosts), Secret: l.Secret})
	}
	return r
}

func (r record) token() (*authflow.Token, error) {
	t := &authflow.Token{
		AccessToken: r.AccessToken, TokenType: r.TokenType, RefreshToken: r.RefreshToken,
		IDToken: r.IDToken, Scope: r.Scope,
	}
	for _, f := range []struct {
		raw  string
		into *time.Time
	}{{r.Expiry, &t.Expiry}, {r.Obtained, &t.Obtained}} {
		if f.raw == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339Nano, f.raw)
		if err != nil {
			return nil, errors.New("token store: a kept token has an unreadable time; log in again")
		}
		*f.into = v
	}
	for _, l := range r.Limits {
		// A limit with no hosts would allow none: kept as it is, it
		// refuses the token everywhere rather than anywhere.
		t.Limits = append(t.Limits, authflow.HostLimit{Hosts: slices.Clone(l.Hosts), Secret: l.Secret})
	}
	return t, nil
}
