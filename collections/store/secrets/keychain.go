package secrets

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/keyway-cli/keyway/authflow"
)

// KeychainService is the service name of every item keyway keeps in the
// OS keychain; the item's account (user) is the secret's name. That is
// how to find them in Seahorse ("Passwords and Keys"), Keychain Access or
// the Windows Credential Manager, and with `secret-tool search service
// keyway` on Linux.
const KeychainService = "keyway"

// keychainTimeout bounds every call to the keychain. A Secret Service
// whose collection is locked asks its user for the password and does not
// answer until they do, and one that hangs never answers: keyway waits
// this long, then says so, rather than hanging — as GitHub's gh does
// around the same library. Long enough to type a keychain password.
var keychainTimeout = 30 * time.Second

// keychain is the part of an OS keychain the store uses, as
// github.com/zalando/go-keyring offers it: the Secret Service on Linux
// and the BSDs (over D-Bus), the macOS Keychain, the Windows Credential
// Manager. Tests replace it.
type keychain interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// osKeychain is the system's keychain through go-keyring (or go-keyring's
// mock, after keyring.MockInit).
type osKeychain struct{}

// noKeychainHere says why there is no keychain to ask before go-keyring
// is asked; a variable so that tests of go-keyring's mock, which needs no
// D-Bus, can skip the check.
var noKeychainHere = sessionBusMissing

func (osKeychain) Get(service, user string) (string, error) {
	if err := noKeychainHere(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (osKeychain) Set(service, user, password string) error {
	if err := noKeychainHere(); err != nil {
		return err
	}
	return keyring.Set(service, user, password)
}

func (osKeychain) Delete(service, user string) error {
	if err := noKeychainHere(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

// errKeychainTimeout is wrapped by every keychain call that did not answer
// within keychainTimeout.
var errKeychainTimeout = errors.New("the keychain did not answer")

// withTimeout runs call in a goroutine and waits for it at most
// keychainTimeout. go-keyring takes no context and a D-Bus call waiting on
// a prompt cannot be cancelled, so a call that times out is left to finish
// on its own; its result is dropped.
func withTimeout[T any](call func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	timer := time.NewTimer(keychainTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-timer.C:
		var zero T
		return zero, fmt.Errorf("%w within %s: is it locked, waiting for its password?", errKeychainTimeout, keychainTimeout)
	}
}

// keychainGet reads the named secret from the keychain. The error wraps
// keyring.ErrNotFound when the keychain has no such item.
func (s *Store) keychainGet(name string) (string, error) {
	return withTimeout(func() (string, error) { return s.kc.Get(KeychainService, name) })
}

// keychainSet stores value under name in the keychain. The error never
// holds the value, in any encoding, whatever the keychain's own message
// said.
func (s *Store) keychainSet(name, value string) error {
	_, err := withTimeout(func() (struct{}, error) { return struct{}{}, s.kc.Set(KeychainService, name, value) })
	if err == nil || errors.Is(err, keyring.ErrSetDataTooBig) {
		return err
	}
	if msg := err.Error(); authflow.NewRedactor(value).Redact(msg) != msg {
		return errors.New("the keychain refused the secret (its message held the value, so it is not shown)")
	}
	return err
}

// keychainDelete removes the named secret from the keychain; an item
// that is already gone is not an error.
func (s *Store) keychainDelete(name string) error {
	_, err := withTimeout(func() (struct{}, error) { return struct{}{}, s.kc.Delete(KeychainService, name) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

// probeKeychain finds out, once per store, whether a keychain answers:
// it looks the named secret up, which changes nothing. Any answer — the
// item or "no such item" — means a keychain is there; an error or no
// answer in time means there is none to use, and is kept as the reason.
func (s *Store) probeKeychain(name string) error {
	if !s.probed {
		_, err := s.keychainGet(name)
		if errors.Is(err, keyring.ErrNotFound) {
			err = nil
		}
		s.probed, s.probeErr = true, err
	}
	return s.probeErr
}
