//go:build unix

package secrets

import (
	"os"
	"strings"
	"testing"
)

// TestStoreOwnedByAnotherUserIsRefused: a store that belongs to someone
// else is not read, whatever its mode, and the error holds no secret.
func TestStoreOwnedByAnotherUserIsRefused(t *testing.T) {
	s := openTemp(t)
	if err := s.Set("k", canary); err != nil {
		t.Fatal(err)
	}
	own := os.Getuid()
	currentUID = func() int { return own + 1 }
	t.Cleanup(func() { currentUID = os.Getuid })

	fresh, _ := Open(s.Path())
	_, err := fresh.Get("k")
	if err == nil || !strings.Contains(err.Error(), "belongs to another user") || strings.Contains(err.Error(), canary) {
		t.Fatalf("Get = %v; want a refusal naming the owner, without the secret", err)
	}
	currentUID = os.Getuid
	if v, err := fresh.Get("k"); err != nil || v != canary {
		t.Fatalf("own store: %q, %v", v, err)
	}
}

// TestStoreNotARegularFileIsRefused: a directory (or FIFO) at the path is
// an error, not a hang or a read.
func TestStoreNotARegularFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir)
	if _, err := s.Get("k"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("Get = %v", err)
	}
}
