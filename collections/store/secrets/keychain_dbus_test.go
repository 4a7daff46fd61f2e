//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

package secrets

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNoSessionBusIsNoKeychain: without DBUS_SESSION_BUS_ADDRESS and
// without a login session's socket there is no Secret Service to ask, and
// keyway does not let the D-Bus library start a session bus of its own
// (dbus-launch), which would outlive it.
func TestNoSessionBusIsNoKeychain(t *testing.T) {
	dir := t.TempDir()
	old := userRuntimeDir
	userRuntimeDir = func() string { return dir }
	t.Cleanup(func() { userRuntimeDir = old })

	for _, addr := range []string{"", "autolaunch:"} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
		if err := sessionBusMissing(); err == nil || !strings.Contains(err.Error(), "no D-Bus session") {
			t.Errorf("DBUS_SESSION_BUS_ADDRESS=%q, no socket: %v; want no D-Bus session", addr, err)
		}
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
	if err := sessionBusMissing(); err != nil {
		t.Errorf("with an address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if err := os.WriteFile(filepath.Join(dir, "bus"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sessionBusMissing(); err != nil {
		t.Errorf("with the login session's socket: %v", err)
	}
}

// TestNoKeychainAnswersFallsBackToTheFile runs keyway's store with the
// real go-keyring and D-Bus library in a child process, with the session
// bus address pointing at nothing: auto falls back to the file and says
// why.
func TestNoKeychainAnswersFallsBackToTheFile(t *testing.T) {
	out := runRealProvider(t, "unix:path="+filepath.Join(t.TempDir(), "no-such-bus"))
	if !strings.Contains(out, "fallback: no keychain answered (") || !strings.Contains(out, "in keychain: false") {
		t.Fatalf("child said:\n%s", out)
	}
}

// TestSilentKeychainDoesNotHangKeyway: a D-Bus peer that accepts the
// connection and never answers (a hung daemon) costs keyway the keychain
// timeout, not its life: auto falls back to the file and says the
// keychain did not answer.
func TestSilentKeychainDoesNotHangKeyway(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "silent-bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn // open, never answered
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range held {
			c.Close()
		}
	})
	out := runRealProvider(t, "unix:path="+sock)
	if !strings.Contains(out, "fallback: no keychain answered (the keychain did not answer within") || !strings.Contains(out, "in keychain: false") {
		t.Fatalf("child said:\n%s", out)
	}
}

// runRealProvider runs TestHelperRealProvider in a child process with the
// given session bus address and returns what it printed.
func runRealProvider(t *testing.T, busAddr string) string {
	t.Helper()
	if os.Getenv(envRealProvider) == "1" {
		t.Skip("already the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperRealProvider$", "-test.v")
	cmd.Env = append(os.Environ(),
		envRealProvider+"=1",
		"DBUS_SESSION_BUS_ADDRESS="+busAddr,
		EnvFile+"="+filepath.Join(t.TempDir(), "secrets.toml"),
		EnvBackend+"=auto",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	return string(out)
}

// TestHelperRealProvider is not a test: it is the child process of the
// tests above, the one place go-keyring is not mocked outside the real
// Secret Service tests. It refuses any bus address but the parent's.
func TestHelperRealProvider(t *testing.T) {
	if os.Getenv(envRealProvider) != "1" {
		t.Skip("run by the tests of a keychain that does not answer")
	}
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); !strings.HasPrefix(addr, "unix:path="+os.TempDir()) {
		t.Fatalf("refusing to run against %q: not a test bus", addr)
	}
	keychainTimeout = 500 * time.Millisecond
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("probe-name", canary); err != nil {
		t.Fatal(err)
	}
	in, err := s.InKeychain("probe-name")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("fallback: %v\nin keychain: %v\n", s.Fallback(), in)
}
