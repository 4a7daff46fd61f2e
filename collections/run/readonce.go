package run

import (
	"os"
	"sync"

	"github.com/keyway-cli/keyway/collections"
)

// A run reads each environment variable and each stored secret once. The
// plan resolves every request before the first is sent and a request that
// needs a capture is resolved again when it is; a profile shared by a
// thousand requests names the same {{env:…}} in each. Reading the
// environment, or a keychain over D-Bus, for every one of them would cost
// time and could give two requests of one run two values.

// readOnce returns s with its LookupEnv and Secrets remembering what they
// returned for each name, for every request of one run. Both may be called
// from several goroutines (Options.Concurrency).
func readOnce(s collections.Scope) collections.Scope {
	lookup := s.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	env := &onceEnv{lookup: lookup, seen: map[string]envValue{}}
	s.LookupEnv = env.get
	if s.Secrets != nil {
		once := &onceSecrets{src: s.Secrets, seen: map[string]secretValue{}}
		if hosts, ok := s.Secrets.(collections.SecretHosts); ok {
			s.Secrets = &onceSecretHosts{onceSecrets: once, hosts: hosts, seen: map[string]hostsValue{}}
		} else {
			s.Secrets = once
		}
	}
	return s
}

type envValue struct {
	value string
	ok    bool
}

// onceEnv is a LookupEnv that looks each name up once.
type onceEnv struct {
	lookup func(string) (string, bool)
	mu     sync.Mutex
	seen   map[string]envValue
}

func (e *onceEnv) get(name string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.seen[name]
	if !ok {
		v.value, v.ok = e.lookup(name)
		e.seen[name] = v
	}
	return v.value, v.ok
}

type secretValue struct {
	value string
	err   error
}

// onceSecrets is a SecretSource that asks its source for each name once,
// remembering a failure too: a locked keychain is not asked again.
type onceSecrets struct {
	src  collections.SecretSource
	mu   sync.Mutex
	seen map[string]secretValue
}

// Get implements collections.SecretSource.
func (s *onceSecrets) Get(name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[name]
	if !ok {
		v.value, v.err = s.src.Get(name)
		s.seen[name] = v
	}
	return v.value, v.err
}

type hostsValue struct {
	hosts []string
	err   error
}

// onceSecretHosts is onceSecrets for a source that binds secrets to hosts
// (collections.SecretHosts), asking for each binding once too.
type onceSecretHosts struct {
	*onceSecrets
	hosts collections.SecretHosts
	seen  map[string]hostsValue
}

// Hosts implements collections.SecretHosts.
func (s *onceSecretHosts) Hosts(name string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.seen[name]
	if !ok {
		v.hosts, v.err = s.hosts.Hosts(name)
		s.seen[name] = v
	}
	return v.hosts, v.err
}
