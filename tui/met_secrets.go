package tui

import (
	"slices"
	"sync"

	"github.com/keyway-cli/keyway/authflow"
)

// metSecrets are the secret values this session has met: the credentials
// and issued tokens of every send, replay and walk. What a screen shows of
// a response is masked with all of them, not only with its own request's:
// a server may echo a token an earlier request obtained, or a password
// another profile sent, and an issued token appears nowhere in clear
// (docs/security.md §4). Sends add to it from their commands, so it locks.
type metSecrets struct {
	mu     sync.Mutex
	values []string
	seen   map[string]bool
}

// add records values.
func (s *metSecrets) add(values []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if v == "" || s.seen[v] {
			continue
		}
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		s.seen[v] = true
		s.values = append(s.values, v)
	}
}

// with returns own followed by every value met so far.
func (s *metSecrets) with(own []string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append(slices.Clone(own), s.values...)
}

// redactor masks own and every value met so far.
func (s *metSecrets) redactor(own []string) *authflow.Redactor {
	return authflow.NewRedactor(s.with(own)...)
}
