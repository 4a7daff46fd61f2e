//go:build !((dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd)

package secrets

// sessionBusMissing is nil where the keychain is not reached over D-Bus
// (macOS, Windows), or where go-keyring has none and says so itself.
func sessionBusMissing() error { return nil }
