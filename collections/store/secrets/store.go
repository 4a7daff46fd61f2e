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
	"github.com/zalando/go-keyring"

	"github.com/keyway-cli/keyway/collections/store/internal/userfile"
)

// EnvFile is the environment variable that overrides the store's path.
const EnvFile = "KEYWAY_SECRETS_FILE"

// ErrNotFound is wrapped by Get and Delete for a name the store lacks.
var ErrNotFound = errors.New("secrets: not found")

// Store is the user's secret store: a file that lists every secret with
// its host bindings, and holds the values that are not in the OS keychain
// (see Backend). Its methods are safe for concurrent use within one
// process; the store is re-read when the file changes on disk.
type Store struct {
	path    string
	backend Backend
	kc      keychain

	mu      sync.Mutex
	values  map[string]entry
	modTime time.Time
	size    int64
	loaded  bool
	// cache holds the values read from the keychain since the file was
	// last read: each read is a D-Bus call (a process on macOS), and a
	// run resolves a secret for every request. Any change to the file
	// empties it, and `keyway secret set` always changes the file.
	cache map[string]string
	// probed and probeErr are the answer of the keychain probe (auto).
	probed   bool
	probeErr error
	// fallback says why the last SetBound put the value in the file
	// although the backend is auto.
	fallback error
}

// Default opens the user's store: the file named by KEYWAY_SECRETS_FILE,
// else secrets.toml in keyway's folder of the user's config directory,
// with the backend KEYWAY_SECRETS_BACKEND names (see BackendFromEnv).
func Default() (*Store, error) {
	backend, err := BackendFromEnv()
	if err != nil {
		return nil, err
	}
	path := os.Getenv(EnvFile)
	if path == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, fmt.Errorf("secrets: no config directory to keep the store in (set %s): %w", EnvFile, err)
		}
		path = filepath.Join(dir, "keyway", "secrets.toml")
	}
	return OpenBackend(path, backend)
}

// Open returns the store at path, which keeps new values in the file
// itself (BackendFile). The file need not exist yet: a missing store is
// empty, and the first Set creates it.
func Open(path string) (*Store, error) {
	return OpenBackend(path, BackendFile)
}

// OpenBackend returns the store at path, whose Set keeps values where
// backend says. Reading follows the file whatever the backend: a secret
// it lists as kept in the keychain is read from there.
func OpenBackend(path string, backend Backend) (*Store, error) {
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
	return &Store{path: abs, backend: backend, kc: osKeychain{}}, nil
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
	if !e.Keychain {
		return e.Value, nil
	}
	if v, ok := s.cache[name]; ok {
		return v, nil
	}
	v, err := s.keychainGet(name)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", &notFoundError{name: name, path: s.path, keychain: true}
	}
	if err != nil {
		return "", fmt.Errorf("secrets: reading %q from the keychain: %w", name, err)
	}
	if s.cache == nil {
		s.cache = map[string]string{}
	}
	s.cache[name] = v
	return v, nil
}

// InKeychain reports whether the value of the named secret is kept in the
// OS keychain rather than in the store's file. The error wraps
// ErrNotFound when there is no such secret.
func (s *Store) InKeychain(name string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return false, err
	}
	e, ok := s.values[name]
	if !ok {
		return false, &notFoundError{name: name, path: s.path}
	}
	return e.Keychain, nil
}

// Fallback says why the last Set or SetBound kept the value in the file
// although the backend is BackendAuto — no keychain answered, or it does
// not take a value that long — and is nil when the keychain took it or
// the file was chosen.
func (s *Store) Fallback() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fallback
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
//
// The value goes where the store's backend says; the file lists the name
// and hosts either way. A value the file held before and the keychain
// takes now is removed from the file.
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
	// A store keyway cannot use is refused before the keychain is
	// changed, not after.
	if err := s.load(); err != nil {
		return err
	}
	// A secret already in the keychain is overwritten there: on a failure
	// below, the file still lists it, so the item must stay.
	wasInKeychain := s.values[name].Keychain
	// The keychain is written before the file's lock is taken: it may
	// wait for its user to unlock it, far longer than other keyway
	// processes wait for the lock.
	inKeychain, err := s.placeValue(name, value)
	if err != nil {
		return err
	}
	release, err := s.lockForUpdate()
	if err != nil {
		return s.undoPlace(name, inKeychain && !wasInKeychain, err)
	}
	defer release()
	prev, existed := s.values[name]
	next := make(map[string]entry, len(s.values)+1)
	for k, v := range s.values {
		next[k] = v
	}
	if inKeychain {
		next[name] = entry{Keychain: true, Hosts: slices.Clone(hosts)}
	} else {
		next[name] = entry{Value: value, Hosts: slices.Clone(hosts)}
	}
	if err := s.save(next); err != nil {
		return s.undoPlace(name, inKeychain && !prev.Keychain, err)
	}
	if existed && prev.Keychain && !inKeychain && s.backend == BackendFile {
		// Moved to the file on purpose: no copy stays behind. Where the
		// keychain cannot be reached the copy stays, harmless: nothing
		// reads it.
		_ = s.keychainDelete(name)
	}
	return nil
}

// placeValue puts value in the keychain when the backend says so, and
// reports whether it did. With BackendAuto a keychain that does not
// answer the probe, or does not take a value this long, leaves the value
// to the file, and s.fallback says why. The caller holds mu.
func (s *Store) placeValue(name, value string) (inKeychain bool, err error) {
	s.fallback = nil
	switch s.backend {
	case BackendFile:
		return false, nil
	case BackendAuto:
		if err := s.probeKeychain(name); err != nil {
			s.fallback = fmt.Errorf("no keychain answered (%w)", err)
			return false, nil
		}
	}
	err = s.keychainSet(name, value)
	if s.backend == BackendAuto && errors.Is(err, keyring.ErrSetDataTooBig) {
		s.fallback = errors.New("the keychain does not take a value this long")
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("secrets: %q not stored: the keychain: %w", name, err)
	}
	return true, nil
}

// undoPlace removes a value placeValue put in the keychain (when remove
// says so) when the file could not be changed to list it, so that no
// unlisted copy stays there, and returns err.
func (s *Store) undoPlace(name string, remove bool, err error) error {
	if remove {
		_ = s.keychainDelete(name)
	}
	return err
}

// Delete removes the secret stored under name, from the keychain too when
// its value is there; the error wraps ErrNotFound when there is none.
func (s *Store) Delete(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.load(); err != nil {
		return err
	}
	if e, ok := s.values[name]; ok && e.Keychain {
		// A keychain that cannot be reached keeps the name listed: its
		// item would otherwise stay behind where keyway no longer sees it.
		if err := s.keychainDelete(name); err != nil {
			return fmt.Errorf("secrets: %q not removed: the keychain: %w", name, err)
		}
	}
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
type notFoundError struct {
	name, path string
	keychain   bool // path lists it, but the keychain has no such item
}

func (e *notFoundError) Error() string {
	if e.keychain {
		return fmt.Sprintf("secrets: %s lists %q as kept in the keychain, but the keychain has no such item (service %q, account %q)", e.path, e.name, KeychainService, e.name)
	}
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
// Its type, owner and mode are checked on the open file
// (userfile.OpenRegular), not on the path before opening it: between a
// check of the path and a read, the file could be replaced.
func (s *Store) load() error {
	f, info, err := userfile.OpenRegular(s.path)
	if err != nil {
		return fmt.Errorf("secrets: %w", err)
	}
	if f == nil {
		s.values, s.loaded = map[string]entry{}, true
		s.modTime, s.size = time.Time{}, 0
		s.cache = nil
		return nil
	}
	defer f.Close()
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
	s.cache = nil
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
