// Package secrets is the user's secret store: named values that
// collections reference as {{secret:NAME}} so that the collection file,
// which is meant to be committed, never holds them.
//
// Values go to the OS keychain where one answers — the Secret Service on
// Linux, the macOS Keychain, the Windows Credential Manager, through
// github.com/zalando/go-keyring, as items of service "keyway" whose
// account is the secret's name — and to the store's file where none does
// (see Backend). The file lists every secret and its host bindings
// either way, since a keychain cannot be listed.
//
// The file is TOML, at os.UserConfigDir()/keyway/secrets.toml (for
// example ~/.config/keyway/secrets.toml on Linux), or wherever the
// KEYWAY_SECRETS_FILE environment variable points. Only its owner may read
// it: the file is written with mode 0600 in a directory of mode 0700, and a
// file that group or others can read or write is refused rather than
// used. Every write goes to a temporary file in the same directory, is
// flushed to disk, then renamed over the old file, so a failed write leaves
// the previous store intact.
package secrets
