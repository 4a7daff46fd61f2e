package trust

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/keyway-cli/keyway/collections/atomicfile"
	"github.com/keyway-cli/keyway/collections/store/internal/userfile"
)

// Answer is the user's answer for a collection that reads environment
// variables or stored secrets.
type Answer string

// The answers the TUI offers.
const (
	// Trusted: the collection may read what it asks for.
	Trusted Answer = "trusted"
	// NoOutside: open it, but every {{env:…}} and {{secret:…}} is an
	// error (collections.Scope.NoEnv).
	NoOutside Answer = "no-env"
)

// EnvFile is the environment variable that overrides the trust
// store's path.
const EnvFile = "KEYWAY_TRUST_FILE"

// Store remembers, per collection file, the answer given for its
// content: a changed file (another SHA-256) asks again. It is a TOML file
// in the user's config folder, owner-only (0600), written atomically.
type Store struct {
	path string
	mu   sync.Mutex
}

// trustRecord is one remembered answer.
type trustRecord struct {
	SHA256 string `toml:"sha256"`
	// Shown is the collections.ExposuresDigest of what the question listed: an
	// answer covers exactly that. Answers remembered before it was kept
	// (when the question showed one environment only) have none, and are
	// asked again.
	Shown   string    `toml:"shown"`
	Trust   Answer    `toml:"trust"`
	Decided time.Time `toml:"decided"`
}

// Default returns the store named by KEYWAY_TRUST_FILE, else
// trust.toml in keyway's folder of the user's config directory.
func Default() (*Store, error) {
	if path := os.Getenv(EnvFile); path != "" {
		return Open(path)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("no config directory to keep trust answers in (set %s): %w", EnvFile, err)
	}
	return Open(filepath.Join(dir, "keyway", "trust.toml"))
}

// Open returns the trust store at path; the file is created by
// the first Remember.
func Open(path string) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("trust store: %w", err)
	}
	return &Store{path: abs}, nil
}

// Path returns the store's file path.
func (t *Store) Path() string { return t.path }

// Lookup returns the answer remembered for the collection at path with
// this content, given when the list whose ExposuresDigest is shown was
// shown; ok is false when there is none, the file changed since, or the
// list would now differ (another --var, say).
func (t *Store) Lookup(path string, content []byte, shown string) (trust Answer, ok bool, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	records, _, err := t.read()
	if err != nil {
		return "", false, err
	}
	key, err := trustKey(path)
	if err != nil {
		return "", false, err
	}
	rec, found := records[key]
	if !found || rec.SHA256 != contentHash(content) || rec.Shown != shown {
		return "", false, nil
	}
	return rec.Trust, true, nil
}

// Remember records the answer for the collection at path with this
// content, given for the list whose ExposuresDigest is shown, replacing
// any answer for an earlier content of the same file.
func (t *Store) Remember(path string, content []byte, shown string, trust Answer) error {
	if trust != Trusted && trust != NoOutside {
		return fmt.Errorf("unknown trust answer %q", trust)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Under the lock, the store read is the one the write replaces: two
	// keyway processes answering at once both keep their answer.
	release, err := userfile.Lock(t.path)
	if err != nil {
		return fmt.Errorf("trust answer not remembered: %w", err)
	}
	defer release()
	records, loaded, err := t.read()
	if err != nil {
		return err
	}
	key, err := trustKey(path)
	if err != nil {
		return err
	}
	records[key] = trustRecord{SHA256: contentHash(content), Shown: shown, Trust: trust, Decided: time.Now().UTC().Truncate(time.Second)}
	data, err := toml.Marshal(records)
	if err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(t.path), 0o700); err != nil {
		return fmt.Errorf("trust store: %w", err)
	}
	return writeTrustFile(nil, t.path, data, loaded)
}

// read returns the records and the bytes they were read from (nil when
// the store does not exist yet).
func (t *Store) read() (map[string]trustRecord, []byte, error) {
	records := map[string]trustRecord{}
	data, err := readTrustFile(t.path)
	if errors.Is(err, fs.ErrNotExist) {
		return records, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if err := toml.Unmarshal(data, &records); err != nil {
		return nil, nil, fmt.Errorf("trust store %s is not valid (delete it to be asked again): %w", t.path, err)
	}
	return records, data, nil
}

// trustCurrentUID is the user keyway runs as; a variable so that a test
// can play another user.
var trustCurrentUID = os.Getuid

// readTrustFile reads the trust store, refusing one that another user owns
// or can write: whoever can write it can mark any collection trusted, and
// the TUI would then send secrets without asking. Like the secret store,
// the checks are made on the open file (userfile.OpenRegular).
func readTrustFile(path string) ([]byte, error) {
	f, info, err := userfile.OpenRegular(path)
	var refused *userfile.RefusedError
	switch {
	case errors.As(err, &refused):
		return nil, fmt.Errorf("trust store %w", err)
	case err != nil:
		return nil, fmt.Errorf("trust store: %w", err)
	case f == nil:
		return nil, fs.ErrNotExist
	}
	defer f.Close()
	if runtime.GOOS != "windows" {
		if uid, _, ok := atomicfile.Owner(info); ok && uid != trustCurrentUID() {
			return nil, fmt.Errorf("trust store %s belongs to another user (uid %d); keyway will not use it: make it yours (chown) or remove it", path, uid)
		}
		if perm := info.Mode().Perm(); perm&0o022 != 0 {
			return nil, fmt.Errorf("trust store %s can be written by other users (mode %04o); keyway will not use it until you run: chmod 600 %s", path, perm, path)
		}
	}
	return io.ReadAll(io.LimitReader(f, maxTrustFile))
}

// maxTrustFile bounds what is read of the trust store: a store of answers
// for ten thousand collections is under 2 MiB.
const maxTrustFile = 16 << 20

// writeTrustFile writes the store atomically (atomicfile.Write): owner-only
// when new, else keeping the file's mode (which read has found no one else
// may write). A store changed by another keyway since it was read is not
// overwritten: the answer is simply not remembered, and the error says so.
func writeTrustFile(fsys atomicfile.FS, path string, data, loaded []byte) error {
	err := atomicfile.Write(path, data, atomicfile.Options{
		Perm: 0o600, KeepMode: true, FollowLink: true,
		IfUnchanged: true, Loaded: loaded, FS: fsys,
	})
	if err == nil {
		return nil
	}
	if !atomicfile.IsRefusal(err) {
		err = fmt.Errorf("saving %s: %w", path, err)
	}
	return fmt.Errorf("trust answer not remembered: %w", err)
}

// trustKey is a collection's absolute path, the store's key.
func trustKey(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("trust store: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	return abs, nil
}

func contentHash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}
