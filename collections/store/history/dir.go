package history

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDir is the environment variable that overrides the history folder.
const EnvDir = "KEYWAY_HISTORY_DIR"

// Dir returns the folder that holds every collection's history: $KEYWAY_HISTORY_DIR
// if set; else keyway/history in the user's data folder. Go has no
// os.UserDataDir, so the data folder is, per platform:
//
//   - Linux and other Unix: $XDG_DATA_HOME, or ~/.local/share when it is
//     unset or not absolute (XDG Base Directory Specification: "If
//     $XDG_DATA_HOME is either not set or empty, a default equal to
//     $HOME/.local/share should be used"; relative paths are invalid).
//   - macOS: ~/Library/Application Support (what os.UserConfigDir gives
//     there: Apple keeps an app's data and settings in one folder).
//   - Windows: %LocalAppData% (what os.UserCacheDir gives there): a
//     history belongs to this machine, not to a roaming profile.
//
// History is data, not configuration: it is not in os.UserConfigDir on
// Unix, where users keep their dotfiles under version control.
func Dir() (string, error) {
	if dir := os.Getenv(EnvDir); dir != "" {
		return filepath.Abs(dir)
	}
	var base string
	var err error
	switch runtime.GOOS {
	case "darwin", "ios", "plan9":
		base, err = os.UserConfigDir()
	case "windows":
		base, err = os.UserCacheDir()
	default:
		base = os.Getenv("XDG_DATA_HOME")
		if !filepath.IsAbs(base) {
			home, herr := os.UserHomeDir()
			if herr != nil {
				return "", errors.New("no home folder to keep the history in (set " + EnvDir + " or XDG_DATA_HOME)")
			}
			base = filepath.Join(home, ".local", "share")
		}
	}
	if err != nil {
		return "", errors.New("no data folder to keep the history in (set " + EnvDir + "): " + err.Error())
	}
	return filepath.Join(base, "keyway", "history"), nil
}

// fileName is the history file of the collection at the absolute path
// collection: a hash, so that any path makes a valid file name of one
// length, and the folder does not list the user's project paths. The path
// itself is in the file's header line.
func fileName(collection string) string {
	sum := sha256.Sum256([]byte(collection))
	return hex.EncodeToString(sum[:16]) + ".jsonl"
}
