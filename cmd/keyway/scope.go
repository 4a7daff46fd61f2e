package main

import (
	"fmt"
	"strings"
	"sync"

	"github.com/keyway-cli/keyway/collections"
	"github.com/keyway-cli/keyway/collections/store/secrets"
)

// parseVars turns repeated --var NAME=VALUE flags into a map.
func parseVars(flags []string) (map[string]string, error) {
	vars := make(map[string]string, len(flags))
	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, invalid(fmt.Errorf("--var %q: expected NAME=VALUE", f))
		}
		vars[name] = value
	}
	return vars, nil
}

// lazySecrets opens the user's secret store the first time a collection
// asks for a secret, so that collections without secrets work on machines
// that have no store.
type lazySecrets struct {
	once  sync.Once
	store *secrets.Store
	err   error
}

// open opens the store on first use; every later call returns the same
// store or the same error.
func (l *lazySecrets) open() (*secrets.Store, error) {
	l.once.Do(func() { l.store, l.err = secrets.Default() })
	return l.store, l.err
}

// Get implements collections.SecretSource.
func (l *lazySecrets) Get(name string) (string, error) {
	store, err := l.open()
	if err != nil {
		return "", err
	}
	return store.Get(name)
}

// Hosts implements collections.SecretHosts: the hosts a stored secret is
// bound to, so that Prepare refuses to send it anywhere else.
func (l *lazySecrets) Hosts(name string) ([]string, error) {
	store, err := l.open()
	if err != nil {
		return nil, err
	}
	return store.Hosts(name)
}

// Set stores a secret typed into the TUI's profile form, in the same store
// Get reads.
func (l *lazySecrets) Set(name, value string) error {
	store, err := l.open()
	if err != nil {
		return err
	}
	return store.Set(name, value)
}

// loadCollection loads path and checks env, mapping every problem to exit
// code 2.
func loadCollection(path, env string) (*collections.Collection, error) {
	c, err := collections.Load(path)
	if err != nil {
		return nil, invalid(err)
	}
	if env != "" {
		if err := c.CheckEnv(env); err != nil {
			return nil, invalid(err)
		}
	}
	return c, nil
}
