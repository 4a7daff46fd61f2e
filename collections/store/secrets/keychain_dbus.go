//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secrets

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
)

// userRuntimeDir is where a login session's D-Bus socket lives; a variable
// so that a test can play a machine without one.
var userRuntimeDir = func() string { return filepath.Join("/run/user", strconv.Itoa(os.Getuid())) }

// sessionBusMissing says why there is no Secret Service to ask when no
// D-Bus session bus can be found the way the D-Bus library finds one
// (DBUS_SESSION_BUS_ADDRESS, else the login session's socket). Asked
// anyway, the library would run dbus-launch, which starts a session bus
// that outlives keyway — one more on every run in a container.
func sessionBusMissing() error {
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return nil
	}
	dir := userRuntimeDir()
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return errors.New("no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set")
}
