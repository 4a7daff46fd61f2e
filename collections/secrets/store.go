package secrets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/keyway-cli/keyway/collections/internal/userfile"
)

// EnvFile is the environment variable that overrides the store's path.
const EnvFile = "KEYWAY_SECRETS_FILE"

// ErrNotFound is wrapped by Get and Delete for a name the store lacks.
var ErrNotFound = errors.New("secrets: not found")

// Store is a secret store file. Its methods are safe for concurrent use
// within one process; the store is re-read when the file changes on disk.
type Store struct {
	path string

	mu      sync.Mutex
	values  map[string]entry
	modTime time.Time
	size    int64
	loaded  bool
}

// Default opens the user's store: the file named by KEYWAY_SECRETS_FILE,
// else secrets.toml in keyway's folder of the user's config directory.
func Default() (*Store, error) {
	if path := os.Getenv(EnvFile); path != "" {
		return Open(path)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("secrets: no config directory to keep the store in (set %s): %w", EnvFile, err)
	}
	return Open(filepath.Join(dir, "keyway", "secrets.toml"))
}

// Open returns the store at path. The file need not exist yet: a missing
// store is empty, and the first Set creates it.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("secrets: empty store path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	// A store reached through a symbolic link (dotfiles kept in a
	// repository, say) is written through it: the rename of a save would
	// otherwise replace the link with a plain file, and writers through
	// the link and through the target would take different locks.
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	return &Store{path: abs}, nil
}

// Path returns the store's file path.
func (s *Store) Path() string { return s.path }

// Get returns the secret stored under name; the error wraps ErrNotFound
// when there is none.
func (s *Store) Get(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return "", err
	}
	e, ok := s.values[name]
	if !ok {
		return "", &notFoundError{name: name, path: s.path}
	}
	return e.Value, nil
}

// Hosts returns the hosts the secret stored under name is bound to (see
// SetBound); none means it may be sent to any host. The error wraps
// ErrNotFound when there is no such secret. It makes a Store a
// collections.SecretHosts, so that Prepare enforces the binding.
func (s *Store) Hosts(name string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return nil, err
	}
	e, ok := s.values[name]
	if !ok {
		return nil, &notFoundError{name: name, path: s.path}
	}
	return slices.Clone(e.Hosts), nil
}

// List returns the names of every stored secret, sorted. Values are never
// listed.
func (s *Store) List() ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(s.values))
	for name := range s.values {
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// Set stores value under name, replacing any previous value and host
// binding: the secret may then be sent to any host.
func (s *Store) Set(name, value string) error {
	return s.SetBound(name, value, nil)
}

// SetBound stores value under name, bound to hosts: keyway then refuses to
// send it anywhere else, as a password manager fills a password only on
// its own site. A host is a name (any port), name:port, or *.domain for
// every subdomain. No hosts means any host.
func (s *Store) SetBound(name, value string, hosts []string) error {
	if err := checkName(name); err != nil {
		return err
	}
	for _, h := range hosts {
		if err := checkHost(h); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	release, err := s.lockForUpdate()
	if err != nil {
		return err
	}
	defer release()
	next := make(map[string]entry, len(s.values)+1)
	for k, v := range s.values {
		next[k] = v
	}
	next[name] = entry{Value: value, Hosts: slices.Clone(hosts)}
	return s.save(next)
}

// Delete removes the secret stored under name; the error wraps ErrNotFound
// when there is none.
func (s *Store) Delete(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	release, err := s.lockForUpdate()
	if err != nil {
		return err
	}
	defer release()
	if _, ok := s.values[name]; !ok {
		return &notFoundError{name: name, path: s.path}
	}
	next := make(map[string]entry, len(s.values))
	for k, v := range s.values {
		if k != name {
			next[k] = v
		}
	}
	return s.save(next)
}

// lockForUpdate takes the store's lock across processes and reads the
// file afresh under it, so that a Set or Delete changes the store as it is
// now and not as this process last saw it: two `keyway secret set` run at
// once must both be kept. The caller holds mu and calls release after its
// save.
func (s *Store) lockForUpdate() (release func(), err error) {
	release, err = userfile.Lock(s.path)
	if err != nil {
		return nil, fmt.Errorf("secrets: store not changed: %w", err)
	}
	// A modification time and size equal to the last read's do not prove
	// the content is: another writer may have saved within the same tick.
	s.loaded = false
	if err := s.load(); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// notFoundError is ErrNotFound for one name. NotFound lets collections
// recognise it without importing this package.
type notFoundError struct{ name, path string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("secrets: no secret %q in %s", e.name, e.path)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// NotFound reports that the name is not stored.
func (e *notFoundError) NotFound() bool { return true }

// checkName refuses names that could not be written as {{secret:NAME}}.
func checkName(name string) error {
	if name == "" || strings.ContainsAny(name, " \t\r\n{}") {
		return fmt.Errorf("secrets: invalid name %q: use a name without spaces or braces", name)
	}
	return nil
}

// load reads the file if it changed since the last read. The caller holds mu.
//
// Its type, owner and mode are checked on the open file (f.Stat), not on
// the path before opening it: between a check of the path and a read,
// the file could be replaced. os.Stat first only keeps a FIFO at the path
// from blocking the open.
func (s *Store) load() error {
	pathInfo, err := os.Stat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		s.values, s.loaded = map[string]entry{}, true
		s.modTime, s.size = time.Time{}, 0
		return nil
	}
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if !pathInfo.Mode().IsRegular() {
		return fmt.Errorf("secrets: %s is not a regular file", s.path)
	}
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if !info.Mode().IsRegular() || !os.SameFile(pathInfo, info) {
		return fmt.Errorf("secrets: %s changed while it was being opened; try again", s.path)
	}
	if err := checkPrivate(s.path, info); err != nil {
		return err
	}
	if s.loaded && info.ModTime().Equal(s.modTime) && info.Size() == s.size {
		return nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	values, err := decodeStore(data)
	if err != nil {
		// The decoder's message may quote the file's bytes, which are
		// secrets: name only the place.
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, col := de.Position()
			return fmt.Errorf("secrets: %s:%d:%d: not a valid store (a TOML table of name = \"value\" strings)", s.path, line, col)
		}
		return fmt.Errorf("secrets: %s: not a valid store (a TOML table of name = \"value\" strings)", s.path)
	}
	s.values, s.modTime, s.size, s.loaded = values, info.ModTime(), info.Size(), true
	return nil
}

// checkPrivate refuses a store that another user owns, or that anyone but
// its owner can read or write. Windows has no such mode bits; its ACLs are left to the system.
func checkPrivate(path string, info fs.FileInfo) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if uid, other := ownedByOther(info); other {
		return fmt.Errorf("secrets: %s belongs to another user (uid %d); keyway will not use it: make it yours (chown) or remove it", path, uid)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("secrets: %s is accessible to other users (mode %04o); keyway will not use it until you run: chmod 600 %s", path, perm, path)
	}
	return nil
}
